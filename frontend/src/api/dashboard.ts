// Server calls of the expert dashboard: bookings with me, event types, availability and the
// public profile. Query keys stay in `keys` (queries.ts) so socket events can reach them.
import { api, call } from "./client";
import type {
  Availability,
  BookingStatus,
  EventType,
  EventTypeCreate,
  EventTypeUpdate,
  ExpertProfileUpdate,
} from "./types";

export const fetchExpertBookings = (
  query: { when: "upcoming" | "past"; status?: BookingStatus[] },
  page: number,
  pageSize: number,
) =>
  call(
    api.GET("/api/bookings", {
      params: { query: { role: "expert", ...query, page, pageSize } },
    }),
  );

export const fetchEventTypes = () => call(api.GET("/api/event-types"));

export const createEventType = (body: EventTypeCreate) =>
  call(api.POST("/api/event-types", { body }));

export const updateEventType = (id: string, body: EventTypeUpdate) =>
  call(
    api.PATCH("/api/event-types/{event_type_id}", {
      params: { path: { event_type_id: id } },
      body,
    }),
  );

export const deleteEventType = (eventType: Pick<EventType, "id">) =>
  call(
    api.DELETE("/api/event-types/{event_type_id}", {
      params: { path: { event_type_id: eventType.id } },
    }),
  );

export const fetchAvailability = () => call(api.GET("/api/experts/me/availability"));

export const saveAvailability = (body: Availability) =>
  call(api.PUT("/api/experts/me/availability", { body }));

export const updateExpertProfile = (body: ExpertProfileUpdate) =>
  call(api.PATCH("/api/experts/me", { body }));

/** One of my group sessions, every seat with its attendee (cancelled ones too). */
export const fetchSession = (sessionKey: string) =>
  call(
    api.GET("/api/bookings/sessions/{session_key}", {
      params: { path: { session_key: sessionKey } },
    }),
  );

/** Cancels every seat of the session; the server emails each attendee. */
export const cancelSession = (sessionKey: string, reason: string | null) =>
  call(
    api.POST("/api/bookings/sessions/{session_key}/cancel", {
      params: { path: { session_key: sessionKey } },
      body: { reason: reason || null },
    }),
  );
