import { type CalendarEvent, googleCalendarUrl, outlookCalendarUrl } from "../../lib/calendarLinks";

/** "Add to Google Calendar" and "Outlook": the booking pre-filled in their web calendars. */
export function WebCalendarLinks({ event }: { event: CalendarEvent }) {
  return (
    <>
      <a
        className="btn btn-secondary"
        href={googleCalendarUrl(event)}
        target="_blank"
        rel="noopener noreferrer"
      >
        Add to Google Calendar<span className="sr-only"> (opens in a new tab)</span>
      </a>
      <a
        className="btn btn-secondary"
        href={outlookCalendarUrl(event)}
        target="_blank"
        rel="noopener noreferrer"
      >
        Outlook<span className="sr-only"> calendar (opens in a new tab)</span>
      </a>
    </>
  );
}
