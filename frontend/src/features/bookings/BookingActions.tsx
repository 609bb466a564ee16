import { useState } from "react";
import { useTranslation } from "react-i18next";

import { errorMessage } from "../../api/errors";
import { downloadIcs } from "../../api/queries";
import type { Booking } from "../../api/types";
import { Notice } from "../../components/ui";
import type { CalendarEvent } from "../../lib/calendarLinks";
import { formatWhen } from "../../lib/time";
import { useBookingFlowStore } from "../../stores/bookingFlow";
import { CancelDialog } from "./CancelDialog";
import { RescheduleDialog } from "./RescheduleDialog";
import { WebCalendarLinks } from "./WebCalendarLinks";

export function isUpcoming(booking: Booking, now = Date.now()): boolean {
  return Date.parse(booking.end) > now;
}

/** Still to end and holding its time (a request awaiting the expert does too). */
export function isActive(booking: Booking): boolean {
  return (booking.status === "confirmed" || booking.status === "pending") && isUpcoming(booking);
}

/** Join Meeting, Add to Calendar, Reschedule and Cancel for one booking. */
export function BookingActions({
  booking,
  token,
  viewerTz,
  label,
  calendarLinks = null,
}: {
  booking: Booking;
  /** The guest's manage token, when there is no session. */
  token: string | null;
  viewerTz: string;
  /** Names the booking for screen readers when several are listed. */
  label?: string;
  /** Offer "Add to Google Calendar" and "Outlook" with this entry, beside the .ics. */
  calendarLinks?: CalendarEvent | null;
}) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<"cancel" | "reschedule" | null>(null);
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const [downloading, setDownloading] = useState(false);
  // A request awaiting the expert holds its time: it can be moved or withdrawn too.
  const holdsTime = booking.status === "confirmed" || booking.status === "pending";
  const active = isActive(booking);
  // Only a confirmed session still to end has a meeting to join or to put in a calendar.
  const meets = booking.status === "confirmed" && isUpcoming(booking);
  // The one link the event type's location names: none for a phone call or in person.
  const joinUrl = booking.location.joinUrl;
  // Names the booking in each button's accessible name when several are listed.
  const named = (action: string) => (label ? t("actions.named", { action, label }) : action);

  const addToCalendar = async () => {
    setDownloading(true);
    setNotice(null);
    try {
      await downloadIcs(booking, token);
    } catch (error) {
      setNotice({
        kind: "error",
        text: t("actions.icsFailed", { reason: errorMessage(error) }),
      });
    } finally {
      setDownloading(false);
    }
  };

  const icsButton = (
    <button
      type="button"
      className="btn btn-secondary"
      onClick={addToCalendar}
      disabled={downloading}
      aria-label={named(t("actions.addToCalendar"))}
    >
      {downloading ? t("actions.preparing") : t("actions.addToCalendar")}
    </button>
  );

  return (
    <div className="booking-actions">
      <div className="button-row">
        {joinUrl && meets && (
          <a
            className="btn btn-primary"
            href={joinUrl}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={`${named(t("actions.join"))} ${t("common.newTab")}`}
          >
            {t("actions.join")}
          </a>
        )}
        {!calendarLinks && holdsTime && icsButton}
        {active && (
          <>
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => setDialog("reschedule")}
              aria-label={named(t("actions.reschedule"))}
            >
              {t("actions.reschedule")}
            </button>
            <button
              type="button"
              className="btn btn-danger-outline"
              onClick={() => setDialog("cancel")}
              aria-label={named(t("actions.cancel"))}
            >
              {t("actions.cancel")}
            </button>
          </>
        )}
      </div>
      {calendarLinks && holdsTime && (
        <fieldset className="button-row calendar-row">
          <legend className="sr-only">{t("actions.calendarGroup")}</legend>
          {icsButton}
          {meets && <WebCalendarLinks event={calendarLinks} />}
        </fieldset>
      )}
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
        onDone={() => setNotice({ kind: "success", text: t("actions.cancelled") })}
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
            text: t("actions.rescheduled", {
              when: formatWhen(b.start, b.end, viewerTz, useBookingFlowStore.getState().hour12),
            }),
          })
        }
      />
    </div>
  );
}
