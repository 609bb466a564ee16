// The chosen event type's calendar, times and forms are a chunk of their own: the list of
// event types (`/:username`) shows without them. It is fetched as soon as a page names an
// event type, and when the visitor reaches for one in the list.
export const loadEventTypeBooking = () => import("./EventTypeBooking");

export function preloadEventTypeBooking(): void {
  // A failed fetch is tried again, and shown, when the page renders the chunk.
  loadEventTypeBooking().catch(() => undefined);
}
