import type { Booking } from "../../api/types";
import { locationLabel } from "../../api/types";
import type { CalendarEvent } from "../../lib/calendarLinks";

/** The booking as a calendar entry, titled for whoever is looking at it. */
export function calendarEvent(booking: Booking, viewerIsExpert: boolean): CalendarEvent {
  const other = viewerIsExpert ? booking.name : booking.expertName;
  const where = locationLabel(booking.location);
  const join = booking.location.joinUrl;
  const place = booking.location.details ? `${where}: ${booking.location.details}` : where;
  return {
    title: `${booking.eventTitle} with ${other}`,
    start: booking.start,
    end: booking.end,
    details: [
      `${booking.eventTitle} with ${other}, ${booking.durationMinutes} minutes.`,
      join ? `Join: ${join}` : place,
      booking.notes ? `Notes: ${booking.notes}` : "",
    ]
      .filter(Boolean)
      .join("\n"),
    location: join ?? place,
  };
}
