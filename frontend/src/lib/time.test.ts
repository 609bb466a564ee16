import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  dateKeyInZone,
  dateKeyToLocalDate,
  formatDate,
  formatDateKey,
  formatTime,
  formatTimeRange,
  isDateKey,
  isValidTimeZone,
  localDateToKey,
  monthBounds,
  zoneOffsetLabel,
} from "./time";

// Whatever zone the test machine is in, these must hold: every formatter takes its zone.

describe("formatTime", () => {
  const start = "2026-01-15T14:05:00Z";

  it("writes 12-hour and 24-hour clocks", () => {
    expect(formatTime(start, "UTC", true)).toBe("2:05 PM");
    expect(formatTime(start, "UTC", false)).toBe("14:05");
  });

  it("writes midnight and noon unambiguously", () => {
    expect(formatTime("2026-01-15T00:00:00Z", "UTC", true)).toBe("12:00 AM");
    expect(formatTime("2026-01-15T00:00:00Z", "UTC", false)).toBe("00:00");
    expect(formatTime("2026-01-15T12:00:00Z", "UTC", true)).toBe("12:00 PM");
  });

  it("shows a slot given with one offset in another zone", () => {
    // The API sends slots with the viewer's offset; the expert sees the same instant.
    const slot = "2026-01-15T09:00:00+09:00"; // Tokyo morning
    expect(formatTime(slot, "Asia/Tokyo", false)).toBe("09:00");
    expect(formatTime(slot, "Europe/London", false)).toBe("00:00");
    expect(formatTime(slot, "America/Los_Angeles", true)).toBe("4:00 PM");
  });
});

describe("daylight saving time", () => {
  it("New York's spring-forward day: 1:30 AM EST is followed by 3:00 AM EDT", () => {
    expect(formatTime("2026-03-08T06:30:00Z", "America/New_York", true)).toBe("1:30 AM");
    expect(formatTime("2026-03-08T07:00:00Z", "America/New_York", true)).toBe("3:00 AM");
    expect(zoneOffsetLabel("America/New_York", "2026-03-08T06:30:00Z")).toBe("GMT-5");
    expect(zoneOffsetLabel("America/New_York", "2026-03-08T07:00:00Z")).toBe("GMT-4");
  });

  it("the same 9:00 Berlin meeting is 8:00 then 9:00 in London across Europe's change", () => {
    // Both switch on 29 March 2026, so the gap between them stays one hour…
    expect(formatTime("2026-03-27T08:00:00Z", "Europe/Berlin", false)).toBe("09:00");
    expect(formatTime("2026-03-27T08:00:00Z", "Europe/London", false)).toBe("08:00");
    expect(formatTime("2026-03-30T07:00:00Z", "Europe/Berlin", false)).toBe("09:00");
    expect(formatTime("2026-03-30T07:00:00Z", "Europe/London", false)).toBe("08:00");
  });

  it("between the US and EU changes, New York is four hours behind London, not five", () => {
    const instant = "2026-03-20T13:00:00Z";
    expect(formatTime(instant, "Europe/London", false)).toBe("13:00");
    expect(formatTime(instant, "America/New_York", false)).toBe("09:00");
    expect(formatTime("2026-04-20T13:00:00Z", "America/New_York", false)).toBe("09:00");
    expect(formatTime("2026-04-20T13:00:00Z", "Europe/London", false)).toBe("14:00");
  });

  it("a range across the autumn fall-back hour reads correctly", () => {
    // 1 November 2026, New York: 1:00–2:00 EDT happens, then 1:00–2:00 EST again.
    expect(
      formatTimeRange("2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z", "America/New_York", true),
    ).toBe("1:30 AM – 1:30 AM");
    expect(zoneOffsetLabel("America/New_York", "2026-11-01T06:30:00Z")).toBe("GMT-5");
  });
});

describe("a viewer 13 hours away", () => {
  // January: London is UTC+0, Auckland is on daylight time, UTC+13.
  const slot = "2026-01-15T15:00:00Z";

  it("sees the next calendar day", () => {
    expect(dateKeyInZone(slot, "Europe/London")).toBe("2026-01-15");
    expect(dateKeyInZone(slot, "Pacific/Auckland")).toBe("2026-01-16");
    expect(formatDate(slot, "Pacific/Auckland")).toBe("Friday, January 16, 2026");
    expect(formatTime(slot, "Pacific/Auckland", true)).toBe("4:00 AM");
    expect(zoneOffsetLabel("Pacific/Auckland", slot)).toBe("GMT+13");
  });

  it("and 12 hours away once New Zealand's summer time ends", () => {
    expect(zoneOffsetLabel("Pacific/Auckland", "2026-06-15T15:00:00Z")).toBe("GMT+12");
    expect(formatTime("2026-06-15T15:00:00Z", "Pacific/Auckland", false)).toBe("03:00");
  });
});

describe("calendar dates", () => {
  it("validates date keys", () => {
    expect(isDateKey("2028-02-29")).toBe(true);
    expect(isDateKey("2026-02-29")).toBe(false);
    expect(isDateKey("2026-3-1")).toBe(false);
    expect(isDateKey(null)).toBe(false);
  });

  it("moves through months and days without the machine's zone", () => {
    expect(monthBounds("2026-02")).toEqual({ start: "2026-02-01", end: "2026-02-28" });
    expect(monthBounds("2028-02").end).toBe("2028-02-29");
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addDays("2026-03-28", 3)).toBe("2026-03-31");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });

  it("round-trips a day through the day picker's local dates", () => {
    for (const key of ["2026-03-08", "2026-03-29", "2026-11-01", "2026-12-31"]) {
      expect(localDateToKey(dateKeyToLocalDate(key))).toBe(key);
    }
  });

  it("names a date key the same in every zone", () => {
    expect(formatDateKey("2026-03-09")).toBe("Monday, March 9, 2026");
  });
});

describe("time zones", () => {
  it("knows valid zones", () => {
    expect(isValidTimeZone("Asia/Kolkata")).toBe(true);
    expect(isValidTimeZone("Not/AZone")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
  });
});
