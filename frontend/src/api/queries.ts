import { addDays } from "../lib/time";
import { api, call } from "./client";
import type {
  BecomeExpertRequest,
  Booking,
  BookingCreate,
  ExpertUpdate,
  LoginRequest,
  RegisterRequest,
} from "./types";

// Query keys in one place, so socket events and mutations invalidate the right data.
// A prefix (e.g. `experts`) invalidates every key that starts with it.
export const keys = {
  me: (token: string | null) => ["me", token] as const,
  experts: ["expert"] as const,
  /** With `eventType`, the profile that also holds that (perhaps hidden) event type. */
  expert: (idOrUsername: string, eventType: string | null = null) =>
    eventType
      ? (["expert", idOrUsername, eventType] as const)
      : (["expert", idOrUsername] as const),
  allSlots: ["slots"] as const,
  slotsOf: (expertId: string) => ["slots", expertId] as const,
  slots: (
    expertId: string,
    eventTypeId: string,
    start: string,
    end: string,
    tz: string,
    duration: number | null = null,
    /** With the taken times a client may join the waitlist of. */
    taken = false,
  ) => ["slots", expertId, eventTypeId, start, end, tz, duration, taken] as const,
  firstFreeDay: (
    expertId: string,
    eventTypeId: string,
    from: string,
    tz: string,
    duration: number | null = null,
  ) => ["slots", expertId, eventTypeId, "first-free", from, tz, duration] as const,
  eventTypes: ["event-types"] as const,
  availability: ["availability"] as const,
  bookings: ["bookings"] as const,
  bookingLists: ["bookings", "list"] as const,
  bookingList: (role: "client" | "expert", when: "upcoming" | "past", page: number) =>
    ["bookings", "list", role, when, page] as const,
  booking: (id: string) => ["bookings", "one", id] as const,
  /** Group sessions (the expert's view of every seat); a prefix of each `session` key. */
  sessions: ["bookings", "session"] as const,
  session: (sessionKey: string) => ["bookings", "session", sessionKey] as const,
  waitlistEntry: (id: string) => ["waitlist", id] as const,
  /** The expert dashboard's bookings under one filter ("upcoming", "cancelled"…). */
  dashboardBookings: (filter: string, page: number) =>
    ["bookings", "list", "dashboard", filter, page] as const,
};

// Accounts

export const logIn = (body: LoginRequest) => call(api.POST("/api/auth/login", { body }));

export const register = (body: RegisterRequest) => call(api.POST("/api/auth/register", { body }));

export const fetchMe = () => call(api.GET("/api/auth/me"));

/** Ends this token's session on the server, so a copy of it stops working too. */
export const logOutOnServer = () => call(api.POST("/api/auth/logout"));

/** Always 202 with the server's sentence: it never says whether the email has an account. */
export const requestPasswordReset = (email: string) =>
  call(api.POST("/api/auth/password-reset", { body: { email } }));

export const confirmPasswordReset = (token: string, password: string) =>
  call(api.POST("/api/auth/password-reset/confirm", { body: { token, password } }));

export const becomeExpert = (body: BecomeExpertRequest) =>
  call(api.POST("/api/auth/become-expert", { body }));

// Experts and their slots

export const updateMyProfile = (body: ExpertUpdate) => call(api.PATCH("/api/experts/me", { body }));

/** `eventType`: a slug whose event type is included even when hidden (its own link). */
export const fetchExpert = (idOrUsername: string, eventType: string | null = null) =>
  call(
    api.GET("/api/experts/{id_or_username}", {
      params: {
        path: { id_or_username: idOrUsername },
        query: eventType ? { eventType } : {},
      },
    }),
  );

export const fetchSlots = (
  idOrUsername: string,
  eventTypeId: string,
  start: string,
  end: string,
  timezone: string,
  /** The length chosen among the event type's options; its default when null. */
  duration: number | null = null,
  /** Also list each day's taken times (full sessions, booked slots) for the waitlist. */
  taken = false,
) =>
  call(
    api.GET("/api/experts/{id_or_username}/slots", {
      params: {
        path: { id_or_username: idOrUsername },
        query: {
          eventTypeId,
          start,
          end,
          timezone,
          ...(duration ? { duration } : {}),
          ...(taken ? { taken } : {}),
        },
      },
    }),
  );

/** One month's slots, under the key every view of that month shares. */
export const slotsQuery = ({
  expertId,
  eventTypeId,
  start,
  end,
  tz,
  duration = null,
  taken = false,
}: {
  expertId: string;
  eventTypeId: string;
  start: string;
  end: string;
  tz: string;
  duration?: number | null;
  taken?: boolean;
}) => ({
  queryKey: keys.slots(expertId, eventTypeId, start, end, tz, duration, taken),
  queryFn: () => fetchSlots(expertId, eventTypeId, start, end, tz, duration, taken),
});

/** The slots API answers at most this many days per call. */
const SLOTS_WINDOW_DAYS = 62;

/** The first day from `from` to `last` (inclusive) with a free slot, or null. */
export async function fetchFirstFreeDay(
  expertId: string,
  eventTypeId: string,
  from: string,
  last: string,
  timezone: string,
  duration: number | null = null,
): Promise<string | null> {
  for (let start = from; start <= last; start = addDays(start, SLOTS_WINDOW_DAYS)) {
    const windowEnd = addDays(start, SLOTS_WINDOW_DAYS - 1);
    const end = windowEnd < last ? windowEnd : last;
    const answer = await fetchSlots(expertId, eventTypeId, start, end, timezone, duration);
    const day = answer.days.find((d) => d.slots.length > 0);
    if (day) return day.date;
  }
  return null;
}

// Bookings

/** One key per attempt at a slot: the server answers a retried request without booking twice. */
export const createBooking = (body: BookingCreate, idempotencyKey: string) =>
  call(
    api.POST("/api/bookings", {
      params: { header: { "idempotency-key": idempotencyKey } },
      body,
    }),
  );

export const fetchBooking = (id: string, token: string | null) =>
  call(
    api.GET("/api/bookings/{booking_id}", {
      params: { path: { booking_id: id }, query: token ? { token } : {} },
    }),
  );

export const fetchBookings = (
  role: "client" | "expert",
  when: "upcoming" | "past",
  page: number,
  pageSize = 20,
) => call(api.GET("/api/bookings", { params: { query: { role, when, page, pageSize } } }));

export const cancelBooking = (id: string, token: string | null, reason: string | null) =>
  call(
    api.PATCH("/api/bookings/{booking_id}", {
      params: { path: { booking_id: id }, query: token ? { token } : {} },
      body: { status: "cancelled", reason: reason || null },
    }),
  );

export const rescheduleBooking = (id: string, token: string | null, start: string) =>
  call(
    api.POST("/api/bookings/{booking_id}/reschedule", {
      params: { path: { booking_id: id }, query: token ? { token } : {} },
      body: { start },
    }),
  );

/** The booking's .ics, fetched with the session header or the guest token, then saved. */
export async function downloadIcs(
  booking: Pick<Booking, "id" | "eventSlug">,
  token: string | null,
) {
  const blob = await call(
    api.GET("/api/bookings/{booking_id}/ics", {
      params: { path: { booking_id: booking.id }, query: token ? { token } : {} },
      parseAs: "blob",
    }),
  );
  const url = URL.createObjectURL(blob as Blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = `${booking.eventSlug || "booking"}-${booking.id.slice(0, 8)}.ics`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
