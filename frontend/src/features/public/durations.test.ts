import { describe, expect, it } from "vitest";
import type { EventType } from "../../api/types";
import { chosenDuration, durationChoices, readDuration, writeDuration } from "./durations";

const eventType = (durationMinutes: number, durationOptions: number[]) =>
  ({ durationMinutes, durationOptions }) as EventType;

describe("durations", () => {
  it("takes the length asked for only when the event type offers it", () => {
    const type = eventType(30, [15, 30, 60]);
    expect(chosenDuration(type, 60)).toBe(60);
    expect(chosenDuration(type, 45)).toBe(30);
    expect(chosenDuration(type, null)).toBe(30);
  });

  it("offers a choice only when there are several lengths, shortest first", () => {
    expect(durationChoices(eventType(30, [60, 15, 30]))).toEqual([15, 30, 60]);
    expect(durationChoices(eventType(30, [30]))).toEqual([]);
    expect(durationChoices(eventType(30, []))).toEqual([]);
  });

  it("reads the length from the URL, ignoring anything that is not minutes", () => {
    expect(readDuration(new URLSearchParams("duration=60"))).toBe(60);
    for (const bad of ["duration=", "duration=0", "duration=-5", "duration=1.5", "duration=x"]) {
      expect(readDuration(new URLSearchParams(bad))).toBeNull();
    }
  });

  it("forgets the chosen time with a new length, keeps the day, and the default needs no query", () => {
    const type = eventType(30, [30, 60]);
    const params = new URLSearchParams("date=2026-03-09&time=2026-03-09T09:00:00Z&key=abc");
    const longer = writeDuration(params, 60, type);
    expect(longer.get("duration")).toBe("60");
    expect(longer.get("date")).toBe("2026-03-09");
    expect(longer.has("time")).toBe(false);
    expect(longer.get("key")).toBe("abc");
    expect(writeDuration(longer, 30, type).has("duration")).toBe(false);
  });
});
