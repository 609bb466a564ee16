import { useState } from "react";
import type { Booking } from "../../api/types";
import { ClockToggle } from "../../components/TimeZoneSelect";
import { CopyField, usePageTitle } from "../../components/ui";
import { detectTimeZone, formatShortDate, formatTime } from "../../lib/time";
import { useSocketEvent } from "../../realtime/socket";
import { useAuthStore } from "../../stores/auth";
import { useBookingFlowStore } from "../../stores/bookingFlow";
import { BookingList } from "../bookings/MyBookingsPage";
import { AvailabilitySection } from "./AvailabilitySection";
import { EventTypesSection } from "./EventTypesSection";

type LiveNotice = { id: string; kind: "new" | "cancelled" | "updated"; text: string };

export function DashboardPage() {
  usePageTitle("Expert Dashboard");
  const user = useAuthStore((s) => s.user);
  const hour12 = useBookingFlowStore((s) => s.hour12);
  const setHour12 = useBookingFlowStore((s) => s.setHour12);
  const viewerTz = user?.timezone ?? detectTimeZone();
  const link = `${window.location.origin}/${user?.username ?? ""}`;
  const [notices, setNotices] = useState<LiveNotice[]>([]);

  const describe = (b: Booking) =>
    `${b.name} — ${b.eventTitle}, ${formatShortDate(b.start, viewerTz)} at ${formatTime(b.start, viewerTz, hour12)}`;
  const push = (notice: LiveNotice) => setNotices((list) => [notice, ...list].slice(0, 5));

  useSocketEvent("newBooking", (b) => {
    if (b.expertId !== user?.expertId) return;
    push({ id: `${b.id}-new`, kind: "new", text: `New booking: ${describe(b)}` });
  });
  useSocketEvent("bookingUpdated", (b) => {
    if (b.expertId !== user?.expertId) return;
    const cancelled = b.status === "cancelled";
    push({
      id: `${b.id}-${b.sequence}-${b.status}`,
      kind: cancelled ? "cancelled" : "updated",
      text: `${cancelled ? "Booking cancelled" : "Booking updated"}: ${describe(b)}`,
    });
  });

  return (
    <div className="stack">
      <div className="page-head">
        <h1>Expert Dashboard</h1>
        <ClockToggle hour12={hour12} onChange={setHour12} />
      </div>
      <nav aria-label="Dashboard sections" className="section-nav">
        <a href="#bookings-title">Bookings with me</a>
        <a href="#event-types-title">Event types</a>
        <a href="#availability-title">Availability</a>
      </nav>

      <section className="card" aria-labelledby="link-title">
        <h2 id="link-title">Your public link</h2>
        <CopyField
          label="Public link"
          value={link}
          buttonLabel="Copy link"
          hint="Share it: clients pick a session and a free time there."
        />
        <p>
          <a href={link} target="_blank" rel="noopener noreferrer">
            Open your booking page (opens in a new tab)
          </a>
        </p>
      </section>

      <section className="card" aria-labelledby="bookings-title">
        <h2 id="bookings-title">Bookings with me</h2>
        <p className="muted small">
          Upcoming sessions, updated live. Times in {viewerTz.replaceAll("_", " ")}.
        </p>
        <div aria-live="polite" className="live-notices">
          {notices.map((n) => (
            <div key={n.id} className={`notice notice-${n.kind === "new" ? "success" : "warning"}`}>
              <div className="notice-body">{n.text}</div>
              <button
                type="button"
                className="btn-link notice-dismiss"
                onClick={() => setNotices((list) => list.filter((x) => x.id !== n.id))}
              >
                Dismiss
              </button>
            </div>
          ))}
        </div>
        <BookingList
          title={null}
          party="expert"
          when="upcoming"
          viewerTz={viewerTz}
          emptyText="No upcoming bookings yet. Share your public link to get booked."
        />
      </section>

      <EventTypesSection />
      <AvailabilitySection />
    </div>
  );
}
