import { describe, expect, it } from "vitest";
import { normalizeUsername, usernameLink } from "./username";

describe("usernameLink", () => {
  it("shows the link as the username will be saved, never with a space", () => {
    expect(usernameLink("Jane Doe", "https://x.org")).toBe("https://x.org/jane-doe");
    expect(usernameLink("  josé  díaz ", "https://x.org")).toBe("https://x.org/jose-diaz");
    expect(usernameLink("jane ", "https://x.org")).toBe("https://x.org/jane");
  });

  it("has no link while the text cannot make a username", () => {
    expect(usernameLink("", "https://x.org")).toBeNull();
    expect(usernameLink("ab", "https://x.org")).toBeNull();
    expect(usernameLink("!!!", "https://x.org")).toBeNull();
  });

  it("keeps within 30 characters", () => {
    expect(normalizeUsername("a".repeat(40))).toHaveLength(30);
  });
});
