import { useTranslation } from "react-i18next";
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
  const { t } = useTranslation();
  return (
    <Dialog
      open={eventType !== null}
      title={t("eventTypes.deleteTitle", { title: eventType?.title ?? "" })}
      onClose={onClose}
    >
      <p>{t("eventTypes.deleteText")}</p>
      {error ? <Notice kind="error">{errorMessage(error)}</Notice> : null}
      <div className="button-row">
        <button
          type="button"
          className="btn btn-danger"
          disabled={pending}
          onClick={() => eventType && onConfirm(eventType)}
        >
          {pending ? t("account.deleting") : t("eventTypes.deleteConfirm")}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onClose}>
          {t("eventTypes.keep")}
        </button>
      </div>
    </Dialog>
  );
}
