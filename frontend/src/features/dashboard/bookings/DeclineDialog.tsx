import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { errorMessage } from "../../../api/errors";
import { answerBooking } from "../../../api/expertTools";
import { Dialog, Field, Notice } from "../../../components/ui";
import { type BookingDialogProps, BookingSummary } from "../../bookings/CancelDialog";
import { useBookingSaved } from "../../bookings/useBookingSaved";

/** Refuses a request, with an optional reason the client sees. */
export function DeclineDialog({ open, booking, viewerTz, onClose, onDone }: BookingDialogProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const saved = useBookingSaved();
  const decline = useMutation({
    mutationFn: () => answerBooking(booking.id, "declined", reason),
    onSuccess: (b) => {
      saved(b);
      setReason("");
      onClose();
      onDone();
    },
  });
  return (
    <Dialog
      open={open}
      title={t("expertTools.declineTitle", { name: booking.name })}
      onClose={onClose}
    >
      <BookingSummary booking={booking} viewerTz={viewerTz} />
      <p>{t("expertTools.declineText", { title: booking.eventTitle })}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          decline.mutate();
        }}
      >
        {decline.isError && <Notice kind="error">{errorMessage(decline.error)}</Notice>}
        <Field label={t("expertTools.declineReason")} hint={t("expertTools.declineReasonHint")}>
          {(props) => (
            <textarea
              {...props}
              rows={3}
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </Field>
        <div className="button-row">
          <button type="submit" className="btn btn-danger" disabled={decline.isPending}>
            {decline.isPending ? t("expertTools.declining") : t("expertTools.declineConfirm")}
          </button>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {t("expertTools.keepRequest")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
