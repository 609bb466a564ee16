// Time helpers. Instants travel as ISO 8601 strings; calendar dates as "YYYY-MM-DD" strings
// that belong to a named IANA zone. Every formatter takes the zone explicitly so the output
// never depends on the machine's own zone. Words and their order follow the language on
// screen (intlLocale), never the machine's.

import { intlLocale } from "../i18n";
import { canonicalZone } from "./zoneNames";

// Building an Intl.DateTimeFormat costs far more than formatting with one (a slot list
// formats a hundred times per render), so each locale and set of options builds one, once.
const formatters = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, formatter);
  }
  return formatter;
}

/** The browser's zone, under its current IANA name (Chrome still says Asia/Calcutta). */
export function detectTimeZone(): string {
  try {
    return canonicalZone(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
  } catch {
    return "UTC";
  }
}

export function isValidTimeZone(tz: string | null | undefined): tz is string {
  if (!tz) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** "9:00 AM" or "09:00" (in German "09:00" or "9:00 AM" too: the clock is the reader's choice). */
export function formatTime(iso: string, timeZone: string, hour12: boolean): string {
  return dateTimeFormat(intlLocale(), {
    timeZone,
    hour: hour12 ? "numeric" : "2-digit",
    minute: "2-digit",
    // Not `hour12: false`: with en-US that writes midnight as "24:00".
    hourCycle: hour12 ? "h12" : "h23",
  }).format(new Date(iso));
}

/** "Monday, March 9, 2026", "Montag, 9. März 2026". */
export function formatDate(iso: string, timeZone: string): string {
  return dateTimeFormat(intlLocale(), {
    timeZone,
    weekday: "long",
    year: "numeric",
    month: "long",
    day: "numeric",
  }).format(new Date(iso));
}

/** "Mon, Mar 9", "Mo., 9. März". */
export function formatShortDate(iso: string, timeZone: string): string {
  return dateTimeFormat(intlLocale(), {
    timeZone,
    weekday: "short",
    month: "short",
    day: "numeric",
  }).format(new Date(iso));
}

/** "Monday, March 9, 2026" for a calendar date, whatever the zone. */
export function formatDateKey(dateKey: string): string {
  const [y, m, d] = dateKey.split("-").map(Number) as [number, number, number];
  return dateTimeFormat(intlLocale(), {
    timeZone: "UTC",
    weekday: "long",
    year: "numeric",
    month: "long",
    day: "numeric",
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** "March 2026", "März 2026": a calendar's caption for a local-midnight Date. */
export function formatMonthCaption(month: Date): string {
  return dateTimeFormat(intlLocale(), { month: "long", year: "numeric" }).format(month);
}

/** "Mon" / "Monday", "Mo" / "Montag": a calendar's weekday heading for a local-midnight Date. */
export function formatWeekdayName(day: Date, width: "short" | "long"): string {
  return dateTimeFormat(intlLocale(), { weekday: width }).format(day);
}

/** "Monday", "Montag" for the API's weekday number (0 = Monday). */
export function weekdayName(weekday: number): string {
  // 2024-01-01 was a Monday.
  return formatWeekdayName(new Date(2024, 0, 1 + weekday), "long");
}

/** "9:00 AM – 9:30 AM". */
export function formatTimeRange(
  startIso: string,
  endIso: string,
  timeZone: string,
  hour12: boolean,
): string {
  return `${formatTime(startIso, timeZone, hour12)} – ${formatTime(endIso, timeZone, hour12)}`;
}

/** "Monday, March 9, 2026, 9:00 AM – 9:30 AM". */
export function formatWhen(
  startIso: string,
  endIso: string,
  timeZone: string,
  hour12: boolean,
): string {
  return `${formatDate(startIso, timeZone)}, ${formatTimeRange(startIso, endIso, timeZone, hour12)}`;
}

/** The zone's offset at that instant, e.g. "GMT+13" or "GMT-4". */
export function zoneOffsetLabel(timeZone: string, at: Date | string = new Date()): string {
  const parts = dateTimeFormat(intlLocale(), {
    timeZone,
    timeZoneName: "shortOffset",
  }).formatToParts(new Date(at));
  return parts.find((p) => p.type === "timeZoneName")?.value ?? timeZone;
}

/** The calendar date ("YYYY-MM-DD") of an instant in a zone. */
export function dateKeyInZone(at: Date | string, timeZone: string): string {
  const parts = dateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

export function todayInZone(timeZone: string, now: Date = new Date()): string {
  return dateKeyInZone(now, timeZone);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A calendar date as a local-midnight Date (what a day picker shows), and back. */
export function dateKeyToLocalDate(dateKey: string): Date {
  const [y, m, d] = dateKey.split("-").map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}

export function localDateToKey(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function isDateKey(value: string | null | undefined): value is string {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** "YYYY-MM" of a date key. */
export function monthOf(dateKey: string): string {
  return dateKey.slice(0, 7);
}

/** First and last calendar dates of a month ("YYYY-MM"). */
export function monthBounds(month: string): { start: string; end: string } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { start: `${month}-01`, end: `${month}-${pad(last)}` };
}

export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const date = new Date(Date.UTC(y, m - 1 + delta, 1));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}`;
}

export function addDays(dateKey: string, days: number): string {
  const [y, m, d] = dateKey.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** Whether the zone writes times with a 12-hour clock by default (en-US: yes). */
export function prefersHour12(): boolean {
  try {
    return new Intl.DateTimeFormat(undefined, { hour: "numeric" }).resolvedOptions().hour12 ?? true;
  } catch {
    return true;
  }
}
