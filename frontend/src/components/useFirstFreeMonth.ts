import { useQuery } from "@tanstack/react-query";
import { fetchFirstFreeDay, keys, slotsQuery } from "../api/queries";
import { addDays, monthBounds, monthOf } from "../lib/time";

/**
 * The month a calendar should open on: this month when it has a free day, else the month
 * of the first free day up to `lastDay`. This month's slots are the ones the calendar
 * shows anyway (same query key), so the usual case costs no extra request.
 */
export function useFirstFreeMonth({
  expertId,
  eventTypeId,
  tz,
  today,
  lastDay,
  duration = null,
  taken = false,
  enabled,
}: {
  expertId: string;
  eventTypeId: string;
  tz: string;
  today: string;
  lastDay: string;
  duration?: number | null;
  /** Whether the calendar asks for taken times too: this month's query is then its own. */
  taken?: boolean;
  enabled: boolean;
}): { month: string; searching: boolean } {
  const thisMonth = monthOf(today);
  const { start, end } = monthBounds(thisMonth);
  const current = useQuery({
    ...slotsQuery({ expertId, eventTypeId, start, end, tz, duration, taken }),
    enabled,
  });
  const noneThisMonth = Boolean(current.data && !current.data.days.some((d) => d.slots.length));
  const from = addDays(end, 1);
  const later = useQuery({
    queryKey: keys.firstFreeDay(expertId, eventTypeId, from, tz, duration),
    // Past the booking window this finds nothing without asking the server.
    queryFn: () => fetchFirstFreeDay(expertId, eventTypeId, from, lastDay, tz, duration),
    enabled: enabled && noneThisMonth,
  });
  return {
    month: noneThisMonth && later.data ? monthOf(later.data) : thisMonth,
    // By status, not by fetch: no render between this month's answer and the search shows
    // an empty month.
    searching: enabled && (current.isPending || (noneThisMonth && later.isPending)),
  };
}
