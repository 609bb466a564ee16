import { useTranslation } from "react-i18next";

import { askToRebook } from "../../../api/expertTools";
import {
  type BookingDialogProps,
  BookingSummary,
  CancelReasonDialog,
} from "../../bookings/CancelDialog";
import { useBookingSaved } from "../../bookings/useBookingSaved";

/** Cancels a booking and asks the client to book another time, with an optional reason. */
export function RebookDialog({ open, booking, viewerTz, onClose, onDone }: BookingDialogProps) {
  const { t } = useTranslation();
  const saved = useBookingSaved();
  return (
    <CancelReasonDialog
      open={open}
      title={t("rebook.title", { name: booking.name })}
      summary={
        <>
          <BookingSummary booking={booking} viewerTz={viewerTz} />
          <p>{t("rebook.text", { name: booking.name })}</p>
        </>
      }
      confirmLabel={t("rebook.ask")}
      confirmingLabel={t("rebook.asking")}
      keepLabel={t("cancel.keep")}
      reasonHint={t("rebook.reasonHint", { name: booking.name })}
      cancel={(reason) => askToRebook(booking.id, reason)}
      onCancelled={(b) => {
        saved(b);
        onDone();
      }}
      onClose={onClose}
    />
  );
}
