// A session's length, without React: the ones an event type offers, and the one chosen (in
// the URL, so a shared link keeps it).

import type { EventType } from "../../api/types";

/** The length the visitor chose, if the event type offers it; else its default. */
export function chosenDuration(eventType: EventType, requested: number | null): number {
  const options = eventType.durationOptions ?? [];
  return requested !== null && options.includes(requested) ? requested : eventType.durationMinutes;
}

/** The lengths to choose from, shortest first; none when there is only one. */
export function durationChoices(eventType: EventType): number[] {
  const options = [...new Set([eventType.durationMinutes, ...(eventType.durationOptions ?? [])])];
  return options.length > 1 ? options.sort((a, b) => a - b) : [];
}

/** The length in the URL (`?duration=60`), or null. */
export function readDuration(params: URLSearchParams): number | null {
  const text = params.get("duration");
  return text && /^[1-9]\d{0,3}$/.test(text) ? Number(text) : null;
}

/**
 * The query after choosing a length: the chosen time (or waitlist) may not fit the new
 * length, so it goes; the day stays. The default length leaves the URL without `duration`.
 */
export function writeDuration(
  params: URLSearchParams,
  minutes: number,
  eventType: EventType,
): URLSearchParams {
  const next = new URLSearchParams(params);
  if (minutes === eventType.durationMinutes) next.delete("duration");
  else next.set("duration", String(minutes));
  next.delete("time");
  next.delete("wait");
  return next;
}
