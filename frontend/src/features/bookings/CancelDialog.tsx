import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { errorMessage } from "../../api/errors";
import { cancelBooking } from "../../api/queries";
import type { Booking } from "../../api/types";
import { Dialog, Field, Notice } from "../../components/ui";
import { formatWhen } from "../../lib/time";
import { useBookingFlowStore } from "../../stores/bookingFlow";
import { useBookingSaved } from "./useBookingSaved";

/** Asks before cancelling, with an optional reason the other party sees. */
export function CancelDialog({
  open,
  booking,
  token,
  viewerTz,
  onClose,
  onDone,
}: {
  open: boolean;
  booking: Booking;
  token: string | null;
  viewerTz: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const hour12 = useBookingFlowStore((s) => s.hour12);
  const saved = useBookingSaved();
  const cancel = useMutation({
    mutationFn: () => cancelBooking(booking.id, token, reason.trim() || null),
    onSuccess: (b) => {
      saved(b);
      setReason("");
      onClose();
      onDone();
    },
  });
  return (
    <Dialog open={open} title={t("cancel.title")} onClose={onClose}>
      <p>
        <strong>{booking.eventTitle}</strong>
        <br />
        {formatWhen(booking.start, booking.end, viewerTz, hour12)}
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          cancel.mutate();
        }}
      >
        {cancel.isError && <Notice kind="error">{errorMessage(cancel.error)}</Notice>}
        <Field label={t("cancel.reason")} hint={t("cancel.reasonHint")}>
          {(props) => (
            <textarea
              {...props}
              rows={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </Field>
        <div className="button-row">
          <button type="submit" className="btn btn-danger" disabled={cancel.isPending}>
            {cancel.isPending ? t("cancel.cancelling") : t("cancel.confirm")}
          </button>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {t("cancel.keep")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
