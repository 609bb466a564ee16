import { describe, expect, it } from "vitest";
import { locationLabel } from "./types";

describe("locationLabel", () => {
  it("names every location kind, Jitsi Meet (the default) included", () => {
    expect(locationLabel({ kind: "jitsi" })).toBe("Jitsi Meet");
    expect(locationLabel({ kind: "google_meet" })).toBe("Google Meet");
    expect(locationLabel({ kind: "in_person" })).toBe("In person");
    expect(locationLabel(null)).toBe("Jitsi Meet");
  });
});
