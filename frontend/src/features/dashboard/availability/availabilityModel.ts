import type { Availability, AvailabilityRead } from "../../../api/types";
import { i18n } from "../../../i18n";

// The availability editor's model: ranges grouped by weekday, overrides with a day-off flag.
// Converting to and from the API's flat shape is pure, so it is unit-tested.

/** The API's weekdays, 0 = Monday; their names on screen come from Intl (weekdayName). */
export const WEEKDAYS = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
] as const;

export type Range = { start: string; end: string };
export type OverrideDraft = { date: string; dayOff: boolean; ranges: Range[] };
export type AvailabilityDraft = { timezone: string; weekly: Range[][]; overrides: OverrideDraft[] };

/** The seed's working day: new experts are open 08:00–17:00 every day. */
export const DEFAULT_RANGE: Range = { start: "08:00", end: "17:00" };

const WEEKEND = new Set([5, 6]);

export function toDraft(a: Availability): AvailabilityDraft {
  const overrides = a.overrides ?? [];
  const weekly: Range[][] = WEEKDAYS.map(() => []);
  for (const r of a.weekly)
    weekly[r.weekday]?.push({ start: r.start.slice(0, 5), end: r.end.slice(0, 5) });
  for (const day of weekly) day.sort((x, y) => x.start.localeCompare(y.start));
  return {
    timezone: a.timezone,
    weekly,
    overrides: [...overrides]
      .sort((x, y) => x.date.localeCompare(y.date))
      .map((o) => ({
        date: o.date,
        dayOff: o.intervals.length === 0,
        ranges: o.intervals.map((i) => ({ start: i.start.slice(0, 5), end: i.end.slice(0, 5) })),
      })),
  };
}

export function fromDraft(d: AvailabilityDraft): AvailabilityRead {
  return {
    timezone: d.timezone,
    weekly: d.weekly.flatMap((ranges, weekday) => ranges.map((r) => ({ weekday, ...r }))),
    overrides: d.overrides.map((o) => ({ date: o.date, intervals: o.dayOff ? [] : o.ranges })),
  };
}

/** Problems keyed by a path such as "weekly.0.1" or "overrides.2.date". */
export function validateDraft(d: AvailabilityDraft): Record<string, string> {
  const problems: Record<string, string> = {};
  const checkRanges = (ranges: Range[], prefix: string) => {
    const indexed = ranges.map((r, i) => ({ ...r, i }));
    for (const r of indexed) {
      if (!r.start || !r.end) problems[`${prefix}.${r.i}`] = i18n.t("availability.bothTimes");
      else if (r.end <= r.start)
        problems[`${prefix}.${r.i}`] = i18n.t("availability.endAfterStart");
    }
    // Overlaps among the well-formed ranges: each must start after every earlier one ends.
    const valid = indexed
      .filter((r) => !problems[`${prefix}.${r.i}`])
      .sort((a, b) => a.start.localeCompare(b.start));
    let latestEnd = "";
    for (const r of valid) {
      if (latestEnd && r.start < latestEnd)
        problems[`${prefix}.${r.i}`] = i18n.t("availability.overlap");
      if (r.end > latestEnd) latestEnd = r.end;
    }
  };
  d.weekly.forEach((ranges, day) => {
    checkRanges(ranges, `weekly.${day}`);
  });
  const seen = new Set<string>();
  d.overrides.forEach((o, i) => {
    if (!o.date) problems[`overrides.${i}.date`] = i18n.t("availability.pickDate");
    else if (seen.has(o.date))
      problems[`overrides.${i}.date`] = i18n.t("availability.duplicateDate");
    seen.add(o.date);
    if (!o.dayOff) {
      if (o.ranges.length === 0)
        problems[`overrides.${i}.date`] = i18n.t("availability.addHoursOrOff");
      checkRanges(o.ranges, `overrides.${i}.ranges`);
    }
  });
  return problems;
}

const copyRanges = (ranges: Range[]): Range[] => ranges.map((r) => ({ ...r }));

/** Every day gets the hours of `day` (an empty day makes every day unavailable). */
export function copyToAllDays(d: AvailabilityDraft, day: number): AvailabilityDraft {
  const source = d.weekly[day] ?? [];
  return { ...d, weekly: d.weekly.map(() => copyRanges(source)) };
}

/**
 * Monday to Friday keep their hours, Saturday and Sunday become unavailable. A weekday without
 * hours gets those of the first weekday that has some, or the default working day.
 */
export function weekdaysOnly(d: AvailabilityDraft): AvailabilityDraft {
  const model = d.weekly.find((ranges, day) => !WEEKEND.has(day) && ranges.length > 0) ?? [
    DEFAULT_RANGE,
  ];
  return {
    ...d,
    weekly: d.weekly.map((ranges, day) =>
      WEEKEND.has(day) ? [] : ranges.length > 0 ? ranges : copyRanges(model),
    ),
  };
}
