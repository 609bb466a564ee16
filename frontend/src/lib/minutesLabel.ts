import { i18n } from "../i18n";

/** "1 week", "2 days", "4 hours", "15 minutes": the largest whole unit. */
export function minutesLabel(minutes: number): string {
  if (minutes > 0 && minutes % 10080 === 0)
    return i18n.t("expertTools.weeks", { count: minutes / 10080 });
  if (minutes > 0 && minutes % 1440 === 0)
    return i18n.t("expertTools.days", { count: minutes / 1440 });
  if (minutes > 0 && minutes % 60 === 0)
    return i18n.t("expertTools.hours", { count: minutes / 60 });
  return i18n.t("expertTools.minutes", { count: minutes });
}
