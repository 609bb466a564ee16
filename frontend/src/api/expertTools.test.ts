import { describe, expect, it } from "vitest";
import { dispositionFileName } from "./expertTools";

describe("the export's file name", () => {
  it("comes from Content-Disposition, plain or encoded", () => {
    expect(dispositionFileName('attachment; filename="bookings-2026-12.csv"', "x.csv")).toBe(
      "bookings-2026-12.csv",
    );
    expect(dispositionFileName("attachment; filename=plain.csv", "x.csv")).toBe("plain.csv");
    expect(
      dispositionFileName(
        "attachment; filename=\"a.csv\"; filename*=UTF-8''Buchungen%20M%C3%A4rz.csv",
        "x.csv",
      ),
    ).toBe("Buchungen März.csv");
  });

  it("falls back when the header says nothing", () => {
    expect(dispositionFileName(null, "fallback.csv")).toBe("fallback.csv");
    expect(dispositionFileName("attachment", "fallback.csv")).toBe("fallback.csv");
  });
});
