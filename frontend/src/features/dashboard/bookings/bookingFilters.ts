import type { BookingStatus } from "../../../api/types";
import { i18n } from "../../../i18n";

// The words are getters: read when shown, in the language on screen.
export type BookingFilter = {
  id: string;
  readonly label: string;
  /** What the bookings API is asked for. */
  query: { when: "upcoming" | "past"; status?: BookingStatus[] };
  readonly description: string;
  readonly empty: string;
};

// Every booking is under exactly one filter: upcoming ones by status, past ones together.
export const BOOKING_FILTERS: readonly BookingFilter[] = [
  {
    id: "upcoming",
    get label() {
      return i18n.t("bookings.upcoming");
    },
    query: { when: "upcoming", status: ["confirmed"] },
    get description() {
      return i18n.t("dashboard.upcomingText");
    },
    get empty() {
      return i18n.t("dashboard.upcomingEmpty");
    },
  },
  {
    id: "requests",
    get label() {
      return i18n.t("expertTools.requests");
    },
    query: { when: "upcoming", status: ["pending"] },
    get description() {
      return i18n.t("expertTools.requestsText");
    },
    get empty() {
      return i18n.t("expertTools.requestsEmpty");
    },
  },
  {
    id: "past",
    get label() {
      return i18n.t("bookings.past");
    },
    query: { when: "past" },
    get description() {
      return i18n.t("dashboard.pastText");
    },
    get empty() {
      return i18n.t("dashboard.pastEmpty");
    },
  },
  {
    id: "cancelled",
    get label() {
      return i18n.t("status.cancelled");
    },
    // A declined request is a session that will not happen, as a cancelled one is.
    query: { when: "upcoming", status: ["cancelled", "declined"] },
    get description() {
      return i18n.t("dashboard.cancelledText");
    },
    get empty() {
      return i18n.t("dashboard.cancelledEmpty");
    },
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
