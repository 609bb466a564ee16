import { describe, expect, it } from "vitest";
import { asLabel } from "./BookingCard";

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
