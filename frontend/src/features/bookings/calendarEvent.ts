import type { Booking } from "../../api/types";
import { locationLabel } from "../../api/types";
import { i18n } from "../../i18n";
import type { CalendarEvent } from "../../lib/calendarLinks";

/** The booking as a calendar entry, titled for whoever is looking at it. */
export function calendarEvent(booking: Booking, viewerIsExpert: boolean): CalendarEvent {
  const other = viewerIsExpert ? booking.name : booking.expertName;
  const where = locationLabel(booking.location);
  const join = booking.location.joinUrl;
  const place = booking.location.details ? `${where}: ${booking.location.details}` : where;
  return {
    title: i18n.t("calendarEntry.title", { title: booking.eventTitle, name: other }),
    start: booking.start,
    end: booking.end,
    details: [
      i18n.t("calendarEntry.summary", {
        title: booking.eventTitle,
        name: other,
        count: booking.durationMinutes,
      }),
      join ? i18n.t("calendarEntry.join", { url: join }) : place,
      booking.notes ? i18n.t("calendarEntry.notes", { notes: booking.notes }) : "",
    ]
      .filter(Boolean)
      .join("\n"),
    location: join ?? place,
  };
}
