import { describe, expect, it } from "vitest";
import { busyByDay, busyOnDay, mondayOf, weekQuery } from "./busyWeek";

const busy = (start: string, end: string) => ({ start, end, connectionId: "c" });

describe("the busy week", () => {
  it("starts on Monday", () => {
    expect(mondayOf("2027-03-31")).toBe("2027-03-29");
    expect(mondayOf("2027-03-29")).toBe("2027-03-29");
    expect(mondayOf("2027-04-04")).toBe("2027-03-29");
  });

  it("asks a day more on each side", () => {
    expect(weekQuery("2027-03-29")).toEqual({
      start: "2027-03-28T00:00:00Z",
      end: "2027-04-06T00:00:00Z",
    });
  });

  it("files busy times under the days they touch, in the expert's zone", () => {
    const days = busyByDay(
      "2027-03-29",
      [
        busy("2027-03-29T22:30:00Z", "2027-03-29T23:30:00Z"), // Tuesday in Berlin
        busy("2027-03-31T22:00:00Z", "2027-04-02T22:00:00Z"), // Thursday and Friday
      ],
      "Europe/Berlin",
    );
    expect(days.map((d) => d.busy.length)).toEqual([0, 1, 0, 1, 1, 0, 0]);
  });
});

describe("a busy time on one day", () => {
  it("reads all day, or its hours that day", () => {
    const allDay = busy("2027-03-30T22:00:00Z", "2027-03-31T22:00:00Z");
    expect(busyOnDay(allDay, "2027-03-31", "Europe/Berlin", false)).toEqual({ allDay: true });
    const evening = busy("2027-03-31T18:00:00Z", "2027-04-01T08:00:00Z");
    expect(busyOnDay(evening, "2027-03-31", "Europe/Berlin", false)).toEqual({
      allDay: false,
      from: "20:00",
      to: "…",
    });
    expect(busyOnDay(evening, "2027-04-01", "Europe/Berlin", false)).toEqual({
      allDay: false,
      from: "…",
      to: "10:00",
    });
  });
});
