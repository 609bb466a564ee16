import { describe, expect, it } from "vitest";
import { publicLinkFor } from "./usernamePreview";

describe("publicLinkFor", () => {
  const origin = "https://book.example";

  it("shows the link a valid username gives, as the server will store it", () => {
    expect(publicLinkFor("jane-doe", origin)).toBe("https://book.example/jane-doe");
    expect(publicLinkFor(" Jane-Doe ", origin)).toBe("https://book.example/jane-doe");
  });

  it("shows no link while the text cannot be a username", () => {
    for (const text of ["", "ab", "jane doe", "-jane", "jane-", "jané", "a".repeat(31)]) {
      expect(publicLinkFor(text, origin)).toBeNull();
    }
  });
});
