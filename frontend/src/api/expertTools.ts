// Server calls of the expert's tools: answering requests, no-shows, the CSV export, private
// links, webhooks, the calendar feed and connected calendars. Their query keys live here too; every one starts
// with a prefix from `keys` (queries.ts) where socket events must reach it.
import { api, call } from "./client";
import { toApiError } from "./errors";
import type {
  CalendarCreate,
  CalendarUpdate,
  PrivateLinkCreate,
  WebhookCreate,
  WebhookUpdate,
} from "./types";

export const toolKeys = {
  privateLinks: (eventTypeId: string) => ["event-types", eventTypeId, "private-links"] as const,
  webhooks: ["webhooks"] as const,
  deliveries: (webhookId: string, page: number) =>
    ["webhooks", webhookId, "deliveries", page] as const,
  calendarFeed: ["calendar-feed"] as const,
  calendars: ["calendars"] as const,
  calendarBusy: (start: string, end: string) => ["calendars", "busy", start, end] as const,
  myExpert: ["expert", "me", "settings"] as const,
};

// Bookings

/** confirmed: accept a request or restore a cancelled booking; declined: refuse a request. */
export const answerBooking = (id: string, status: "confirmed" | "declined", reason?: string) =>
  call(
    api.PATCH("/api/bookings/{booking_id}", {
      params: { path: { booking_id: id } },
      body: { status, reason: reason?.trim() || null },
    }),
  );

/** Cancel the booking and ask its client to book another time (their email links there). */
export const askToRebook = (id: string, reason: string | null) =>
  call(
    api.PATCH("/api/bookings/{booking_id}", {
      params: { path: { booking_id: id } },
      body: { status: "cancelled", reason: reason || null, rescheduleRequested: true },
    }),
  );

export const setNoShow = (id: string, noShow: boolean) =>
  call(
    api.POST("/api/bookings/{booking_id}/no-show", {
      params: { path: { booking_id: id } },
      body: { noShow },
    }),
  );

/** The file name a Content-Disposition header gives, else `fallback`. */
export function dispositionFileName(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (encoded?.[1]) {
    try {
      return decodeURIComponent(encoded[1].trim());
    } catch {
      // A malformed escape: try the plain parameter.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain?.[1]?.trim() || fallback;
}

/** The expert's bookings starting between two days (YYYY-MM-DD, inclusive), saved as CSV. */
export async function downloadBookingsCsv(from: string, to: string): Promise<string> {
  const { data, error, response } = await api.GET("/api/bookings/export", {
    params: { query: { from, to } },
    parseAs: "blob",
  });
  // openapi-fetch parses an error's body as JSON whatever `parseAs` says.
  if (!response.ok || error !== undefined) throw toApiError(response, error);
  const name = dispositionFileName(
    response.headers.get("Content-Disposition"),
    `bookings-${from}-${to}.csv`,
  );
  saveBlob(data as Blob, name);
  return name;
}

function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// Private links

export const fetchPrivateLinks = (eventTypeId: string) =>
  call(
    api.GET("/api/event-types/{event_type_id}/private-links", {
      params: { path: { event_type_id: eventTypeId } },
    }),
  );

export const createPrivateLink = (eventTypeId: string, body: PrivateLinkCreate) =>
  call(
    api.POST("/api/event-types/{event_type_id}/private-links", {
      params: { path: { event_type_id: eventTypeId } },
      body,
    }),
  );

export const revokePrivateLink = (eventTypeId: string, linkId: string) =>
  call(
    api.DELETE("/api/event-types/{event_type_id}/private-links/{link_id}", {
      params: { path: { event_type_id: eventTypeId, link_id: linkId } },
    }),
  );

// Webhooks

export const fetchWebhooks = () => call(api.GET("/api/webhooks"));

export const createWebhook = (body: WebhookCreate) => call(api.POST("/api/webhooks", { body }));

export const updateWebhook = (id: string, body: WebhookUpdate) =>
  call(api.PATCH("/api/webhooks/{webhook_id}", { params: { path: { webhook_id: id } }, body }));

export const deleteWebhook = (id: string) =>
  call(api.DELETE("/api/webhooks/{webhook_id}", { params: { path: { webhook_id: id } } }));

export const fetchDeliveries = (id: string, page: number, pageSize: number) =>
  call(
    api.GET("/api/webhooks/{webhook_id}/deliveries", {
      params: { path: { webhook_id: id }, query: { page, pageSize } },
    }),
  );

export const redeliver = (webhookId: string, deliveryId: string) =>
  call(
    api.POST("/api/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver", {
      params: { path: { webhook_id: webhookId, delivery_id: deliveryId } },
    }),
  );

// Calendar feed

export const fetchCalendarFeed = () => call(api.GET("/api/calendar-feed"));

export const rotateCalendarFeed = () => call(api.POST("/api/calendar-feed/rotate"));

// The expert's own settings

/** The expert's own record (with `maxBookingsPerDay`, which the public profile leaves out). */
export const fetchMyExpert = () => call(api.GET("/api/experts/me"));

export const setMaxBookingsPerDay = (maxBookingsPerDay: number | null) =>
  call(api.PATCH("/api/experts/me", { body: { maxBookingsPerDay } }));

/** The sites that may frame the booking page: `["*"]` for any. */
export const setEmbedOrigins = (embedOrigins: string[]) =>
  call(api.PATCH("/api/experts/me", { body: { embedOrigins } }));

// Connected calendars

export const fetchCalendars = () => call(api.GET("/api/calendars"));

export const connectCalendar = (body: CalendarCreate) => call(api.POST("/api/calendars", { body }));

export const updateCalendar = (id: string, body: CalendarUpdate) =>
  call(
    api.PATCH("/api/calendars/{connection_id}", { params: { path: { connection_id: id } }, body }),
  );

export const syncCalendar = (id: string) =>
  call(
    api.POST("/api/calendars/{connection_id}/sync", { params: { path: { connection_id: id } } }),
  );

export const disconnectCalendar = (id: string) =>
  call(api.DELETE("/api/calendars/{connection_id}", { params: { path: { connection_id: id } } }));

/** The expert's busy times from their calendars between two instants (ISO 8601). */
export const fetchCalendarBusy = (start: string, end: string) =>
  call(api.GET("/api/calendars/busy", { params: { query: { start, end } } }));
