import { errorMessage } from "../../../api/errors";
import type { EventType } from "../../../api/types";
import { Dialog, Notice } from "../../../components/ui";

/** Asks before deleting an event type, saying what happens to one that has bookings. */
export function DeleteEventTypeDialog({
  eventType,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  eventType: EventType | null;
  pending: boolean;
  error: unknown;
  onConfirm: (eventType: EventType) => void;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={eventType !== null}
      title={`Delete “${eventType?.title ?? ""}”?`}
      onClose={onClose}
    >
      <p>
        Clients will no longer be able to book it. If it already has bookings, it is deactivated
        instead, so their history stays intact.
      </p>
      {error ? <Notice kind="error">{errorMessage(error)}</Notice> : null}
      <div className="button-row">
        <button
          type="button"
          className="btn btn-danger"
          disabled={pending}
          onClick={() => eventType && onConfirm(eventType)}
        >
          {pending ? "Deleting…" : "Delete event type"}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onClose}>
          Keep it
        </button>
      </div>
    </Dialog>
  );
}
