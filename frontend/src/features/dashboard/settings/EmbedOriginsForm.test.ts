import { describe, expect, it } from "vitest";
import { originsFromText, textFromOrigins } from "./EmbedOriginsForm";

describe("embed origins text", () => {
  it("reads one origin a line and any site from an empty box", () => {
    expect(originsFromText(" https://a.example \n\nhttps://b.example:8443\n")).toEqual([
      "https://a.example",
      "https://b.example:8443",
    ]);
    expect(originsFromText("  \n ")).toEqual(["*"]);
  });

  it("shows any site as an empty box and a list one a line", () => {
    expect(textFromOrigins(["*"])).toBe("");
    expect(textFromOrigins(["https://a.example", "https://b.example"])).toBe(
      "https://a.example\nhttps://b.example",
    );
  });
});
