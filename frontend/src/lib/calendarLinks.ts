// "Add to calendar" links for web calendars that take an event in their URL. Google's and
// Outlook's template formats are public; neither needs an account of ours.

export type CalendarEvent = {
  title: string;
  /** ISO 8601 instants. */
  start: string;
  end: string;
  details: string;
  location: string;
};

const query = (params: Record<string, string>) =>
  Object.entries(params)
    .filter(([, value]) => value !== "")
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join("&");

/** "20260309T080000Z": Google's UTC form. */
export function googleDate(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** "2026-03-09T08:00:00Z": Outlook's. */
export function outlookDate(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}/, "");
}

export function googleCalendarUrl(event: CalendarEvent): string {
  const params = query({
    action: "TEMPLATE",
    text: event.title,
    dates: `${googleDate(event.start)}/${googleDate(event.end)}`,
    details: event.details,
    location: event.location,
  });
  return `https://calendar.google.com/calendar/render?${params}`;
}

export function outlookCalendarUrl(event: CalendarEvent): string {
  const params = query({
    subject: event.title,
    startdt: outlookDate(event.start),
    enddt: outlookDate(event.end),
    body: event.details,
    location: event.location,
  });
  return `https://outlook.live.com/calendar/0/deeplink/compose?${params}`;
}
