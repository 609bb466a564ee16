import { describe, expect, it } from "vitest";
import type { Booking } from "../../api/types";
import { asLabel, cancelledLine } from "./BookingCard";

describe("asLabel", () => {
  it("adds a colon to a plain label", () => {
    expect(asLabel("Company")).toBe("Company:");
  });

  it("keeps a question's own mark, with no colon after it", () => {
    expect(asLabel("What do you want to discuss?")).toBe("What do you want to discuss?");
    expect(asLabel("Worum geht es?")).toBe("Worum geht es?");
    expect(asLabel("Phone:")).toBe("Phone:");
  });
});

describe("cancelledLine", () => {
  const booking = {
    status: "cancelled",
    cancelledBy: "client",
    cancelReason: null,
    expertName: "Erin Expert",
    name: "Carl Client",
  } as unknown as Booking;

  it("tells the one who cancelled that they did", () => {
    expect(cancelledLine(booking, "client")).toBe("Cancelled by you");
    expect(cancelledLine(booking, "expert")).toBe("Cancelled by Carl Client");
  });

  it("names the expert who declined, to the client, with the reason", () => {
    const declined = {
      ...booking,
      status: "declined",
      cancelledBy: "expert",
      cancelReason: "Away",
    } as Booking;
    expect(cancelledLine(declined, "client")).toBe("Declined by Erin Expert — “Away”");
    expect(cancelledLine(declined, "expert")).toBe("Declined by you — “Away”");
  });
});
