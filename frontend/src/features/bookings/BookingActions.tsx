import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, isApiError } from "../../api/errors";
import { cancelBooking, downloadIcs, keys, rescheduleBooking } from "../../api/queries";
import type { Booking } from "../../api/types";
import { SlotPicker } from "../../components/SlotPicker";
import { ClockToggle, TimeZoneSelect } from "../../components/TimeZoneSelect";
import { Dialog, Field, Notice } from "../../components/ui";
import { formatWhen, monthOf } from "../../lib/time";
import { useBookingFlowStore } from "../../stores/bookingFlow";

export function isUpcoming(booking: Booking, now = Date.now()): boolean {
  return Date.parse(booking.end) > now;
}

/** Add to Calendar, Join Meeting, Cancel and Reschedule for one booking. */
export function BookingActions({
  booking,
  token,
  viewerTz,
  label,
}: {
  booking: Booking;
  /** The guest's manage token, when there is no session. */
  token: string | null;
  viewerTz: string;
  /** Names the booking for screen readers when several are listed. */
  label?: string;
}) {
  const [dialog, setDialog] = useState<"cancel" | "reschedule" | null>(null);
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const [downloading, setDownloading] = useState(false);
  const active = booking.status === "confirmed" && isUpcoming(booking);
  const joinUrl = booking.location?.joinUrl ?? booking.meetUrl ?? booking.zoomUrl;
  const suffix = label ? ` (${label})` : "";

  const addToCalendar = async () => {
    setDownloading(true);
    setNotice(null);
    try {
      await downloadIcs(booking, token);
    } catch (error) {
      setNotice({
        kind: "error",
        text: `Couldn't download the calendar file: ${errorMessage(error)}`,
      });
    } finally {
      setDownloading(false);
    }
  };

  return (
    <div className="booking-actions">
      <div className="button-row">
        {joinUrl && booking.status === "confirmed" && (
          <a
            className="btn btn-primary"
            href={joinUrl}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={`Join Meeting${suffix} (opens in a new tab)`}
          >
            Join Meeting
          </a>
        )}
        <button
          type="button"
          className="btn btn-secondary"
          onClick={addToCalendar}
          disabled={downloading}
          aria-label={`Add to Calendar${suffix}`}
        >
          {downloading ? "Preparing…" : "Add to Calendar"}
        </button>
        {active && (
          <>
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => setDialog("reschedule")}
              aria-label={`Reschedule${suffix}`}
            >
              Reschedule
            </button>
            <button
              type="button"
              className="btn btn-danger-outline"
              onClick={() => setDialog("cancel")}
              aria-label={`Cancel${suffix}`}
            >
              Cancel
            </button>
          </>
        )}
      </div>
      {notice && (
        <Notice kind={notice.kind} onDismiss={() => setNotice(null)}>
          {notice.text}
        </Notice>
      )}
      <CancelDialog
        open={dialog === "cancel"}
        booking={booking}
        token={token}
        viewerTz={viewerTz}
        onClose={() => setDialog(null)}
        onDone={() => setNotice({ kind: "success", text: "The booking was cancelled." })}
      />
      <RescheduleDialog
        open={dialog === "reschedule"}
        booking={booking}
        token={token}
        viewerTz={viewerTz}
        onClose={() => setDialog(null)}
        onDone={(b) =>
          setNotice({
            kind: "success",
            text: `Rescheduled to ${formatWhen(b.start, b.end, viewerTz, useBookingFlowStore.getState().hour12)}.`,
          })
        }
      />
    </div>
  );
}

function useBookingSaved() {
  const queryClient = useQueryClient();
  return (booking: Booking) => {
    queryClient.setQueryData(keys.booking(booking.id), booking);
    void queryClient.invalidateQueries({ queryKey: [...keys.bookings, "list"] });
    void queryClient.invalidateQueries({ queryKey: keys.slotsOf(booking.expertId) });
  };
}

function CancelDialog({
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
    <Dialog open={open} title="Cancel this booking?" onClose={onClose}>
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
        <Field label="Reason (optional)" hint="The other party will see this.">
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
            {cancel.isPending ? "Cancelling…" : "Cancel booking"}
          </button>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            Keep booking
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function RescheduleDialog({
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
        setWarning("That time was just taken — please pick another");
        void queryClient.invalidateQueries({ queryKey: keys.slotsOf(booking.expertId) });
      }
    },
  });

  return (
    <Dialog open={open} title={`Reschedule ${booking.eventTitle}`} onClose={onClose}>
      <p className="muted">
        Now: {formatWhen(booking.start, booking.end, viewerTz, hour12)}. Pick a new time.
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
          setWarning("That time was just taken — please pick another");
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
          {reschedule.isPending ? "Rescheduling…" : "Confirm new time"}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
