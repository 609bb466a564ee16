import { useTranslation } from "react-i18next";
import { Navigate, Route, Routes } from "react-router";
import { ClockToggle } from "../../components/TimeZoneSelect";
import { useBookingFlowStore } from "../../stores/bookingFlow";
import { AvailabilitySection } from "./availability/AvailabilitySection";
import { BookingsSection } from "./bookings/BookingsSection";
import { CalendarsSection } from "./calendars/CalendarsSection";
import "./dashboard.css";
import { EventTypesSection } from "./event-types/EventTypesSection";
import { LiveNotices } from "./LiveNotices";
import { SectionNav } from "./SectionNav";
import { SessionPage } from "./sessions/SessionPage";
import { ProfileSettingsSection } from "./settings/ProfileSettingsSection";
import { WebhooksSection } from "./webhooks/WebhooksSection";

/**
 * The expert's dashboard: one heading, the section navigation and live notices, then one
 * section per route (`/expert-dashboard/bookings`, `/event-types`…). `/expert-dashboard`
 * itself opens the bookings.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  const hour12 = useBookingFlowStore((s) => s.hour12);
  const setHour12 = useBookingFlowStore((s) => s.setHour12);
  return (
    <div className="stack">
      <div className="page-head">
        <h1>{t("nav.dashboard")}</h1>
        <ClockToggle hour12={hour12} onChange={setHour12} />
      </div>
      <SectionNav />
      <LiveNotices />
      <Routes>
        <Route index element={<Navigate to="bookings" replace />} />
        <Route path="bookings" element={<BookingsSection />} />
        <Route path="event-types" element={<EventTypesSection />} />
        <Route path="availability" element={<AvailabilitySection />} />
        <Route path="calendars" element={<CalendarsSection />} />
        <Route path="webhooks" element={<WebhooksSection />} />
        <Route path="settings" element={<ProfileSettingsSection />} />
        <Route path="sessions/:sessionKey" element={<SessionPage />} />
        <Route path="*" element={<Navigate to="bookings" replace />} />
      </Routes>
    </div>
  );
}
