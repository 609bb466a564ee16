import { useMutation } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";

import { errorMessage } from "../../api/errors";
import { cancelBooking } from "../../api/queries";
import type { Booking } from "../../api/types";
import { Dialog, Field, Notice } from "../../components/ui";
import { formatWhen } from "../../lib/time";
import { useBookingFlowStore } from "../../stores/bookingFlow";
import { useBookingSaved } from "./useBookingSaved";

/**
 * Asks before cancelling something (one booking, a whole group session), with an optional
 * reason the people told about it see. `cancel` does it; `onCancelled` gets its answer.
 */
export function CancelReasonDialog<T>({
  open,
  title,
  summary,
  confirmLabel,
  confirmingLabel,
  keepLabel,
  reasonHint,
  cancel,
  onCancelled,
  onClose,
}: {
  open: boolean;
  title: string;
  /** What is cancelled, above the reason. */
  summary: ReactNode;
  confirmLabel: string;
  confirmingLabel: string;
  keepLabel: string;
  /** Who will read the reason; "the other party" unless said. */
  reasonHint?: string;
  cancel: (reason: string | null) => Promise<T>;
  onCancelled: (result: T) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const mutation = useMutation({
    mutationFn: () => cancel(reason.trim() || null),
    onSuccess: (result) => {
      setReason("");
      onClose();
      onCancelled(result);
    },
  });
  return (
    <Dialog open={open} title={title} onClose={onClose}>
      {summary}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          mutation.mutate();
        }}
      >
        {mutation.isError && <Notice kind="error">{errorMessage(mutation.error)}</Notice>}
        <Field label={t("cancel.reason")} hint={reasonHint ?? t("cancel.reasonHint")}>
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
          <button type="submit" className="btn btn-danger" disabled={mutation.isPending}>
            {mutation.isPending ? confirmingLabel : confirmLabel}
          </button>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {keepLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** What every dialog about one booking is given: the booking, and what to do when it ends. */
export type BookingDialogProps = {
  open: boolean;
  booking: Booking;
  viewerTz: string;
  onClose: () => void;
  /** After the change is saved (the dialog closes by itself). */
  onDone: () => void;
};

/** The booking a dialog acts on: its title and time in the viewer's zone. */
export function BookingSummary({ booking, viewerTz }: { booking: Booking; viewerTz: string }) {
  const hour12 = useBookingFlowStore((s) => s.hour12);
  return (
    <p>
      <strong>{booking.eventTitle}</strong>
      <br />
      {formatWhen(booking.start, booking.end, viewerTz, hour12)}
    </p>
  );
}

/** Asks before cancelling a booking, with an optional reason the other party sees. */
export function CancelDialog({
  open,
  booking,
  token,
  viewerTz,
  onClose,
  onDone,
}: BookingDialogProps & { token: string | null }) {
  const { t } = useTranslation();
  const saved = useBookingSaved();
  return (
    <CancelReasonDialog
      open={open}
      title={t("cancel.title")}
      summary={<BookingSummary booking={booking} viewerTz={viewerTz} />}
      confirmLabel={t("cancel.confirm")}
      confirmingLabel={t("cancel.cancelling")}
      keepLabel={t("cancel.keep")}
      cancel={(reason) => cancelBooking(booking.id, token, reason)}
      onCancelled={(b) => {
        saved(b);
        onDone();
      }}
      onClose={onClose}
    />
  );
}
