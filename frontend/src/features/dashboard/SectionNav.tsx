import { NavLink } from "react-router";

export const SECTIONS = [
  { path: "bookings", label: "Bookings" },
  { path: "event-types", label: "Event types" },
  { path: "availability", label: "Availability" },
  { path: "settings", label: "Public profile" },
] as const;

/** The dashboard's sections; NavLink marks the current one with aria-current="page". */
export function SectionNav() {
  return (
    <nav aria-label="Dashboard sections" className="dashboard-nav">
      <ul>
        {SECTIONS.map((section) => (
          <li key={section.path}>
            <NavLink to={`/expert-dashboard/${section.path}`}>{section.label}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
