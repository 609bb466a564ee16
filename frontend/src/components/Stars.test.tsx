import { render, screen } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import "../i18n";
import { RatingSummary, Stars } from "./Stars";

describe("RatingSummary", () => {
  it("says so when there is no review yet", () => {
    render(<RatingSummary rating={{ average: null, count: 0 }} />);
    expect(screen.getByText("No reviews yet")).toBeTruthy();
  });

  it("shows the average with one decimal and the count, and reads as a sentence", () => {
    const { container } = render(<RatingSummary rating={{ average: 4.75, count: 12 }} />);
    expect(container.textContent).toContain("4.8 (12 reviews)");
    expect(screen.getByText("Rated 4.8 out of 5 from 12 reviews")).toBeTruthy();
  });
});

describe("Stars", () => {
  it("is an image named by its number of stars", () => {
    render(<Stars value={1} />);
    expect(screen.getByRole("img", { name: "1 star" }).textContent).toBe("★★★★★");
  });
});
