import type { BookingStatus } from "../../../api/types";

export type BookingFilter = {
  id: string;
  label: string;
  /** What the bookings API is asked for. */
  query: { when: "upcoming" | "past"; status?: BookingStatus };
  description: string;
  empty: string;
};

// Every booking is under exactly one filter: upcoming ones by status, past ones together.
// A "Pending" filter joins this list once bookings can wait for the expert's confirmation.
export const BOOKING_FILTERS: readonly BookingFilter[] = [
  {
    id: "upcoming",
    label: "Upcoming",
    query: { when: "upcoming", status: "confirmed" },
    description: "Confirmed sessions still to come, soonest first.",
    empty: "No upcoming bookings yet. Share your public link to get booked.",
  },
  {
    id: "past",
    label: "Past",
    query: { when: "past" },
    description: "Sessions whose time has passed, latest first, cancelled ones included.",
    empty: "No past bookings yet.",
  },
  {
    id: "cancelled",
    label: "Cancelled",
    query: { when: "upcoming", status: "cancelled" },
    description: "Sessions cancelled before their time, soonest first.",
    empty: "No cancelled bookings.",
  },
];

const FIRST = BOOKING_FILTERS[0] as BookingFilter;

/** The filter a URL's `show` parameter names, the first one when missing or unknown. */
export function filterFrom(show: string | null): BookingFilter {
  return BOOKING_FILTERS.find((f) => f.id === show) ?? FIRST;
}

/** A page number from the URL: a whole number from 1, else 1. */
export function pageFrom(value: string | null): number {
  const page = Number(value);
  return Number.isInteger(page) && page >= 1 ? page : 1;
}

/** The URL query for a filter and page, leaving out the defaults so links stay short. */
export function filterParams(filter: BookingFilter, page: number): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.id !== FIRST.id) params.set("show", filter.id);
  if (page > 1) params.set("page", String(page));
  return params;
}
