import { describe, expect, it } from "vitest";
import type { Booking } from "../../../api/types";
import { attendeesInOrder, holdsSeat, isOpen } from "./sessionModel";

const seat = (name: string, status: Booking["status"], createdAt: string) =>
  ({ id: name, name, status, createdAt }) as Booking;

describe("attendeesInOrder", () => {
  it("lists seats that hold the time first, each group in booking order", () => {
    const order = attendeesInOrder([
      seat("late", "confirmed", "2026-12-01T10:00:00Z"),
      seat("gone", "cancelled", "2026-12-01T08:00:00Z"),
      seat("early", "confirmed", "2026-12-01T09:00:00Z"),
      seat("asked", "pending", "2026-12-01T09:30:00Z"),
      seat("refused", "declined", "2026-12-01T07:00:00Z"),
    ]).map((b) => b.name);
    expect(order).toEqual(["early", "asked", "late", "refused", "gone"]);
  });

  it("leaves the list it was given as it was", () => {
    const given = [
      seat("b", "confirmed", "2026-12-02T00:00:00Z"),
      seat("a", "confirmed", "2026-12-01T00:00:00Z"),
    ];
    attendeesInOrder(given);
    expect(given.map((b) => b.name)).toEqual(["b", "a"]);
  });
});

describe("holdsSeat and isOpen", () => {
  it("count confirmed and pending seats as taken, not cancelled or declined ones", () => {
    expect(holdsSeat(seat("x", "confirmed", ""))).toBe(true);
    expect(holdsSeat(seat("x", "pending", ""))).toBe(true);
    expect(holdsSeat(seat("x", "held", ""))).toBe(true);
    expect(holdsSeat(seat("x", "cancelled", ""))).toBe(false);
    expect(holdsSeat(seat("x", "declined", ""))).toBe(false);
    expect(isOpen({ seatsTaken: 0 })).toBe(false);
    expect(isOpen({ seatsTaken: 3 })).toBe(true);
  });
});
