import { describe, expect, it } from "vitest";
import { BOOKING_FILTERS, filterFrom, filterParams, pageFrom } from "./bookingFilters";

describe("booking filters", () => {
  it("reads the filter from the URL, upcoming by default", () => {
    expect(filterFrom(null).id).toBe("upcoming");
    expect(filterFrom("cancelled").id).toBe("cancelled");
    expect(filterFrom("nonsense").id).toBe("upcoming");
  });

  it("asks for confirmed upcoming bookings only, so cancelled ones never show as upcoming", () => {
    expect(filterFrom("upcoming").query).toEqual({ when: "upcoming", status: ["confirmed"] });
    expect(filterFrom("cancelled").query).toEqual({
      when: "upcoming",
      status: ["cancelled", "declined"],
    });
    expect(filterFrom("requests").query).toEqual({ when: "upcoming", status: ["pending"] });
  });

  it("reads pages as whole numbers from 1", () => {
    expect(pageFrom(null)).toBe(1);
    expect(pageFrom("3")).toBe(3);
    expect(pageFrom("0")).toBe(1);
    expect(pageFrom("2.5")).toBe(1);
    expect(pageFrom("x")).toBe(1);
  });

  it("leaves the defaults out of the URL", () => {
    const [upcoming, , past] = BOOKING_FILTERS;
    expect(upcoming && filterParams(upcoming, 1).toString()).toBe("");
    expect(past && filterParams(past, 2).toString()).toBe("show=past&page=2");
  });
});
