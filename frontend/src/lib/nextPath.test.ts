import { describe, expect, it } from "vitest";
import { nextPath } from "./nextPath";

describe("nextPath", () => {
  it("follows a same-site ?next=", () => {
    expect(nextPath("?next=%2Fbookings%2F1%3Ftoken%3Dx")).toBe("/bookings/1?token=x");
  });

  it("lands on My bookings without one", () => {
    expect(nextPath("")).toBe("/my-bookings");
    expect(nextPath("?next=", "/profile")).toBe("/profile");
  });

  it("never leaves the site", () => {
    for (const next of [
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "javascript:x",
    ]) {
      expect(nextPath(new URLSearchParams({ next }))).toBe("/my-bookings");
    }
  });
});
