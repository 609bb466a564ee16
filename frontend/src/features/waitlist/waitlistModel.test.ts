import { describe, expect, it } from "vitest";
import { untilHoldEnds, waitlistLink, waitlistView } from "./waitlistModel";

const NOW = Date.parse("2026-12-01T10:00:00Z");

describe("waitlistView", () => {
  it("is the entry's status while nothing has run out", () => {
    for (const status of ["waiting", "booked", "left", "expired", "closed"] as const) {
      expect(waitlistView({ status, offeredUntil: null }, NOW)).toBe(status);
    }
    expect(waitlistView({ status: "offered", offeredUntil: "2026-12-01T10:30:00Z" }, NOW)).toBe(
      "offered",
    );
  });

  it("says an offer has lapsed once its hold has ended, before the server does", () => {
    expect(waitlistView({ status: "offered", offeredUntil: "2026-12-01T10:00:00Z" }, NOW)).toBe(
      "lapsed",
    );
    expect(waitlistView({ status: "offered", offeredUntil: "2026-12-01T09:59:00Z" }, NOW)).toBe(
      "lapsed",
    );
  });
});

describe("untilHoldEnds", () => {
  it("counts down an offer's hold, never below zero", () => {
    const offer = { status: "offered" as const, offeredUntil: "2026-12-01T10:30:00Z" };
    expect(untilHoldEnds(offer, NOW)).toBe(30 * 60_000);
    expect(untilHoldEnds(offer, Date.parse("2026-12-01T11:00:00Z"))).toBe(0);
  });

  it("is null when nothing is held", () => {
    expect(untilHoldEnds({ status: "waiting", offeredUntil: null }, NOW)).toBeNull();
    expect(
      untilHoldEnds({ status: "booked", offeredUntil: "2026-12-01T10:30:00Z" }, NOW),
    ).toBeNull();
  });
});

describe("waitlistLink", () => {
  it("is the page's address with its token, escaped", () => {
    expect(waitlistLink("https://x.example", "abc", "t/k+n=")).toBe(
      "https://x.example/waitlist/abc?token=t%2Fk%2Bn%3D",
    );
  });
});
