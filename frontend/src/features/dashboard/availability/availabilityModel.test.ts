import { describe, expect, it } from "vitest";
import {
  type AvailabilityDraft,
  copyToAllDays,
  DEFAULT_RANGE,
  fromDraft,
  type Range,
  toDraft,
  validateDraft,
  WEEKDAYS,
  weekdaysOnly,
} from "./availabilityModel";

const api = {
  timezone: "Europe/Paris",
  weekly: [
    { weekday: 0, start: "13:00", end: "17:00" },
    { weekday: 0, start: "08:00", end: "12:00" },
    { weekday: 4, start: "09:00:00", end: "12:30:00" },
  ],
  overrides: [
    { date: "2026-12-25", intervals: [] },
    { date: "2026-12-24", intervals: [{ start: "09:00", end: "12:00" }] },
  ],
};

describe("availability editor model", () => {
  it("groups weekly ranges by weekday, sorted, Monday first", () => {
    const draft = toDraft(api);
    expect(draft.weekly).toHaveLength(7);
    expect(draft.weekly[0]).toEqual([
      { start: "08:00", end: "12:00" },
      { start: "13:00", end: "17:00" },
    ]);
    expect(draft.weekly[4]).toEqual([{ start: "09:00", end: "12:30" }]);
    expect(draft.weekly[6]).toEqual([]);
  });

  it("reads an override without intervals as a day off", () => {
    const draft = toDraft(api);
    expect(draft.overrides.map((o) => [o.date, o.dayOff])).toEqual([
      ["2026-12-24", false],
      ["2026-12-25", true],
    ]);
  });

  it("writes back the API's flat shape", () => {
    const back = fromDraft(toDraft(api));
    expect(back.weekly).toContainEqual({ weekday: 4, start: "09:00", end: "12:30" });
    expect(back.overrides).toContainEqual({ date: "2026-12-25", intervals: [] });
  });

  it("a day off drops its ranges", () => {
    const draft = toDraft(api);
    draft.overrides[0] = {
      date: "2026-12-24",
      dayOff: true,
      ranges: [{ start: "09:00", end: "10:00" }],
    };
    expect(fromDraft(draft).overrides[0]).toEqual({ date: "2026-12-24", intervals: [] });
  });

  it("finds reversed, overlapping and duplicate entries", () => {
    const draft = toDraft(api);
    draft.weekly[1] = [
      { start: "10:00", end: "09:00" },
      { start: "08:00", end: "12:00" },
      { start: "11:00", end: "13:00" },
    ];
    draft.overrides.push({ date: "2026-12-25", dayOff: true, ranges: [] });
    const problems = validateDraft(draft);
    expect(problems["weekly.1.0"]).toMatch(/after the start/);
    expect(problems["weekly.1.2"]).toMatch(/overlaps/);
    expect(problems["overrides.2.date"]).toMatch(/already/);
    expect(validateDraft(toDraft(api))).toEqual({});
  });
});

describe("availability helpers", () => {
  const draft = (weekly: Range[][]): AvailabilityDraft => ({
    timezone: "Europe/Paris",
    weekly,
    overrides: [],
  });
  const everyDay = () => WEEKDAYS.map(() => [{ ...DEFAULT_RANGE }]);

  it("copies one day's hours to every day", () => {
    const weekly: Range[][] = WEEKDAYS.map(() => []);
    weekly[2] = [
      { start: "09:00", end: "12:00" },
      { start: "13:00", end: "18:00" },
    ];
    const copied = copyToAllDays(draft(weekly), 2);
    for (const day of copied.weekly) expect(day).toEqual(weekly[2]);
    // Copies, not shared arrays: editing one day later leaves the others alone.
    expect(copied.weekly[0]).not.toBe(copied.weekly[1]);
  });

  it("keeps the weekdays' hours and frees the weekend", () => {
    const weekly = everyDay();
    weekly[0] = [{ start: "10:00", end: "11:00" }];
    const result = weekdaysOnly(draft(weekly)).weekly;
    expect(result[0]).toEqual([{ start: "10:00", end: "11:00" }]);
    expect(result[4]).toEqual([{ start: "08:00", end: "17:00" }]);
    expect(result[5]).toEqual([]);
    expect(result[6]).toEqual([]);
  });

  it("gives empty weekdays the hours of the first weekday that has some", () => {
    const weekly: Range[][] = WEEKDAYS.map(() => []);
    weekly[1] = [{ start: "09:30", end: "15:00" }];
    const result = weekdaysOnly(draft(weekly)).weekly;
    expect(result.slice(0, 5)).toEqual(WEEKDAYS.slice(0, 5).map(() => weekly[1]));
  });

  it("falls back to the seed's 08:00–17:00 day when no weekday has hours", () => {
    const result = weekdaysOnly(draft(WEEKDAYS.map(() => []))).weekly;
    expect(result[0]).toEqual([{ start: "08:00", end: "17:00" }]);
    expect(result[6]).toEqual([]);
  });
});
