import { useState } from "react";
import { errorMessage } from "../../api/errors";
import { downloadIcs } from "../../api/queries";
import type { Booking } from "../../api/types";
import { Notice } from "../../components/ui";
import { formatWhen } from "../../lib/time";
import { useBookingFlowStore } from "../../stores/bookingFlow";
import { CancelDialog } from "./CancelDialog";
import { RescheduleDialog } from "./RescheduleDialog";

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
