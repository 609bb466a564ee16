import { useTranslation } from "react-i18next";
import { type CalendarEvent, googleCalendarUrl, outlookCalendarUrl } from "../../lib/calendarLinks";

/** "Add to Google Calendar" and "Outlook": the booking pre-filled in their web calendars. */
export function WebCalendarLinks({ event }: { event: CalendarEvent }) {
  const { t } = useTranslation();
  return (
    <>
      <a
        className="btn btn-secondary"
        href={googleCalendarUrl(event)}
        target="_blank"
        rel="noopener noreferrer"
      >
        {t("actions.google")}
        <span className="sr-only"> {t("common.newTab")}</span>
      </a>
      <a
        className="btn btn-secondary"
        href={outlookCalendarUrl(event)}
        target="_blank"
        rel="noopener noreferrer"
      >
        Outlook<span className="sr-only"> {t("actions.outlookRest")}</span>
      </a>
    </>
  );
}
