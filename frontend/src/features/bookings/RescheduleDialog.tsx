import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { errorMessage, isApiError } from "../../api/errors";
import { keys, rescheduleBooking } from "../../api/queries";
import type { Booking } from "../../api/types";
import { SlotPicker } from "../../components/SlotPicker";
import { ClockToggle, TimeZoneSelect } from "../../components/TimeZoneSelect";
import { Dialog, Notice } from "../../components/ui";
import { formatWhen, monthOf } from "../../lib/time";
import { useBookingFlowStore } from "../../stores/bookingFlow";
import { useBookingSaved } from "./useBookingSaved";

/** A new time for the booking, from the slots free now. */
export function RescheduleDialog({
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
  onDone: (booking: Booking) => void;
}) {
  const { t } = useTranslation();
  const hour12 = useBookingFlowStore((s) => s.hour12);
  const setHour12 = useBookingFlowStore((s) => s.setHour12);
  const [tz, setTz] = useState(viewerTz);
  const [date, setDate] = useState<string | null>(null);
  const [time, setTime] = useState<string | null>(null);
  const [month, setMonth] = useState<string | null>(null);
  const [warning, setWarning] = useState<string | null>(null);
  const saved = useBookingSaved();
  const queryClient = useQueryClient();

  const reschedule = useMutation({
    mutationFn: (start: string) => rescheduleBooking(booking.id, token, start),
    onSuccess: (b) => {
      saved(b);
      setDate(null);
      setTime(null);
      onClose();
      onDone(b);
    },
    onError: (error) => {
      if (isApiError(error, "slot_taken") || isApiError(error, "slot_unavailable")) {
        setTime(null);
        setWarning(t("flow.timeTaken"));
        void queryClient.invalidateQueries({ queryKey: keys.slotsOf(booking.expertId) });
      }
    },
  });

  return (
    <Dialog
      open={open}
      title={t("reschedule.title", { title: booking.eventTitle })}
      onClose={onClose}
    >
      <p className="muted">
        {t("reschedule.now", { when: formatWhen(booking.start, booking.end, viewerTz, hour12) })}
      </p>
      <div className="flow-controls">
        <TimeZoneSelect
          value={tz}
          onChange={(value) => {
            setTz(value);
            setTime(null);
          }}
        />
        <ClockToggle hour12={hour12} onChange={setHour12} />
      </div>
      {warning && (
        <Notice kind="warning" onDismiss={() => setWarning(null)}>
          {warning}
        </Notice>
      )}
      <SlotPicker
        expertId={booking.expertId}
        eventTypeId={booking.eventTypeId}
        // The times that fit this booking's own length, whichever the event type offers first.
        duration={booking.durationMinutes}
        tz={tz}
        hour12={hour12}
        date={date}
        time={time}
        month={month ?? monthOf(new Date(booking.start).toISOString().slice(0, 10))}
        onDateChange={(d) => {
          setDate(d);
          setTime(null);
        }}
        onTimeChange={setTime}
        onMonthChange={setMonth}
        onSelectedTimeGone={() => {
          setTime(null);
          setWarning(t("flow.timeTaken"));
        }}
      />
      {reschedule.isError &&
        !isApiError(reschedule.error, "slot_taken") &&
        !isApiError(reschedule.error, "slot_unavailable") && (
          <Notice kind="error">{errorMessage(reschedule.error)}</Notice>
        )}
      <div className="button-row dialog-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!time || reschedule.isPending}
          onClick={() => time && reschedule.mutate(time)}
        >
          {reschedule.isPending ? t("reschedule.saving") : t("reschedule.confirm")}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onClose}>
          {t("common.close")}
        </button>
      </div>
    </Dialog>
  );
}
