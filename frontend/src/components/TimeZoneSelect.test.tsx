import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { timeZoneOptions } from "../lib/time";
import { TimeZoneSelect } from "./TimeZoneSelect";

const option = (zone: string) =>
  screen.getAllByRole<HTMLOptionElement>("option").find((o) => o.value === zone);

describe("TimeZoneSelect", () => {
  it("lists every zone with its offset, the chosen one selected", () => {
    render(<TimeZoneSelect value="Asia/Kolkata" onChange={() => {}} />);
    const select = screen.getByLabelText<HTMLSelectElement>("Time zone");
    expect(select.value).toBe("Asia/Kolkata");
    expect(option("Asia/Kolkata")?.textContent).toBe("Asia/Kolkata (GMT+5:30)");
    expect(option("America/New_York")?.textContent).toMatch(/^America\/New York \(GMT-[45]\)$/);
    expect(option("UTC")).toBeDefined();
    expect(screen.getAllByRole("option").map((o) => (o as HTMLOptionElement).value)).toEqual(
      timeZoneOptions("Asia/Kolkata"),
    );
  });
});
