import type { CalendarBusy } from "../../../api/types";
import { addDays, dateKeyInZone, dateKeyToLocalDate, formatTime } from "../../../lib/time";

/** The Monday ("YYYY-MM-DD") of the week holding `dateKey`. */
export function mondayOf(dateKey: string): string {
  const weekday = (dateKeyToLocalDate(dateKey).getDay() + 6) % 7;
  return addDays(dateKey, -weekday);
}

/** What to ask the server for a week: a day more on each side covers every zone. */
export function weekQuery(monday: string): { start: string; end: string } {
  return {
    start: `${addDays(monday, -1)}T00:00:00Z`,
    end: `${addDays(monday, 8)}T00:00:00Z`,
  };
}

/** The week's seven days in `timeZone`, each with the busy times that touch it. */
export function busyByDay(
  monday: string,
  busy: CalendarBusy[],
  timeZone: string,
): { day: string; busy: CalendarBusy[] }[] {
  return Array.from({ length: 7 }, (_, i) => {
    const day = addDays(monday, i);
    return {
      day,
      busy: busy.filter((b) => {
        const first = dateKeyInZone(b.start, timeZone);
        // The end is exclusive: an event ending at midnight does not touch the next day.
        const last = dateKeyInZone(new Date(new Date(b.end).getTime() - 1), timeZone);
        return first <= day && day <= last;
      }),
    };
  });
}

/** How a busy time reads on one of its days: all day, or its times on that day ("…" where
 * it goes on from the day before or into the next). */
export function busyOnDay(
  busy: CalendarBusy,
  day: string,
  timeZone: string,
  hour12: boolean,
): { allDay: true } | { allDay: false; from: string; to: string } {
  const startsToday = dateKeyInZone(busy.start, timeZone) === day;
  const endsToday = dateKeyInZone(busy.end, timeZone) === day;
  const fromMidnight = !startsToday || formatTime(busy.start, timeZone, false) === "00:00";
  if (fromMidnight && !endsToday) return { allDay: true };
  return {
    allDay: false,
    from: startsToday ? formatTime(busy.start, timeZone, hour12) : "…",
    to: endsToday ? formatTime(busy.end, timeZone, hour12) : "…",
  };
}
