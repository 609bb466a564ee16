import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import { i18n } from "../../i18n";

export const SECTIONS = [
  { path: "bookings", label: () => i18n.t("bookings.label") },
  { path: "event-types", label: () => i18n.t("dashboard.eventTypes") },
  { path: "availability", label: () => i18n.t("dashboard.availability") },
  { path: "calendars", label: () => i18n.t("calendars.title") },
  { path: "webhooks", label: () => i18n.t("webhooks.title") },
  { path: "settings", label: () => i18n.t("profile.publicTitle") },
] as const;

/** The dashboard's sections; NavLink marks the current one with aria-current="page". */
export function SectionNav() {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("dashboard.sections")} className="dashboard-nav">
      <ul>
        {SECTIONS.map((section) => (
          <li key={section.path}>
            <NavLink to={`/expert-dashboard/${section.path}`}>{section.label()}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
