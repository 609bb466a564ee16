import { type KeyboardEvent, useRef } from "react";
import { useTranslation } from "react-i18next";

import { BOOKING_FILTERS, type BookingFilter } from "./bookingFilters";

export const panelId = "dashboard-bookings-panel";
export const tabId = (filter: BookingFilter) => `dashboard-tab-${filter.id}`;

/** The filters as tabs: arrow keys move between them (WAI-ARIA tabs pattern). */
export function FilterTabs({
  current,
  onSelect,
}: {
  current: BookingFilter;
  onSelect: (filter: BookingFilter) => void;
}) {
  const { t } = useTranslation();
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (event: KeyboardEvent, index: number) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    event.preventDefault();
    const next = (index + step + BOOKING_FILTERS.length) % BOOKING_FILTERS.length;
    const filter = BOOKING_FILTERS[next];
    if (!filter) return;
    onSelect(filter);
    refs.current[next]?.focus();
  };
  return (
    <div role="tablist" aria-label={t("dashboard.showBookings")} className="tabs">
      {BOOKING_FILTERS.map((filter, index) => (
        <button
          key={filter.id}
          ref={(el) => {
            refs.current[index] = el;
          }}
          type="button"
          role="tab"
          id={tabId(filter)}
          aria-selected={filter.id === current.id}
          aria-controls={panelId}
          tabIndex={filter.id === current.id ? 0 : -1}
          className={filter.id === current.id ? "tab active" : "tab"}
          onClick={() => onSelect(filter)}
          onKeyDown={(e) => onKey(e, index)}
        >
          {filter.label}
        </button>
      ))}
    </div>
  );
}
