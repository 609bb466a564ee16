import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { User } from "../../api/types";
import { DeleteAccountDialog } from "./DeleteAccountDialog";

/** What deleting the account does to bookings, said before anyone is asked to confirm. */
export function DeletionConsequences({ user }: { user: User }) {
  const { t } = useTranslation();
  return (
    <ul className="consequences">
      <li>{t("account.consequenceCancel")}</li>
      {user.isExpert && <li>{t("account.consequenceExpert")}</li>}
      <li>{t("account.consequenceOthers")}</li>
      <li>{t("account.consequenceLogout")}</li>
    </ul>
  );
}

export function DeleteAccountSection({ user }: { user: User }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <section className="card danger-zone" aria-labelledby="delete-title">
      <h2 id="delete-title">{t("account.deleteTitle")}</h2>
      <p>{t("account.deleteIntro")}</p>
      <DeletionConsequences user={user} />
      <p className="muted small">{t("account.deleteExportFirst")}</p>
      <div className="button-row">
        <button type="button" className="btn btn-danger-outline" onClick={() => setOpen(true)}>
          {t("account.deleteOpen")}
        </button>
      </div>
      <DeleteAccountDialog open={open} user={user} onClose={() => setOpen(false)} />
    </section>
  );
}
