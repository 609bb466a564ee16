import { useState } from "react";
import type { User } from "../../api/types";
import { DeleteAccountDialog } from "./DeleteAccountDialog";

/** What deleting the account does to bookings, said before anyone is asked to confirm. */
export function DeletionConsequences({ user }: { user: User }) {
  return (
    <ul className="consequences">
      <li>Your upcoming bookings are cancelled first, and the other person is told.</li>
      {user.isExpert && (
        <li>
          Your public page, your event types and every booking made with you are deleted. Clients
          can no longer open those bookings.
        </li>
      )}
      <li>Bookings you made with other experts stay in their records, without your account.</li>
      <li>You are logged out, and you cannot log in with this email and password again.</li>
    </ul>
  );
}

export function DeleteAccountSection({ user }: { user: User }) {
  const [open, setOpen] = useState(false);
  return (
    <section className="card danger-zone" aria-labelledby="delete-title">
      <h2 id="delete-title">Delete your account</h2>
      <p>This cannot be undone. If you delete your account:</p>
      <DeletionConsequences user={user} />
      <p className="muted small">Download your data first if you want to keep a copy.</p>
      <div className="button-row">
        <button type="button" className="btn btn-danger-outline" onClick={() => setOpen(true)}>
          Delete my account…
        </button>
      </div>
      <DeleteAccountDialog open={open} user={user} onClose={() => setOpen(false)} />
    </section>
  );
}
