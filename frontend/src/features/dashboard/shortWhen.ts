import { i18n } from "../../i18n";
import { formatShortDate, formatTime } from "../../lib/time";

/** "Mon, 7 Dec, 14:30" in the viewer's zone and clock, for logs and lists. */
export function shortWhen(iso: string, timeZone: string, hour12: boolean): string {
  return i18n.t("expertTools.dateTime", {
    date: formatShortDate(iso, timeZone),
    time: formatTime(iso, timeZone, hour12),
  });
}
