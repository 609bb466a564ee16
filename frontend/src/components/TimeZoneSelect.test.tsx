import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { TimeZoneSelect } from "./TimeZoneSelect";

const option = (zone: string) =>
  screen.getAllByRole<HTMLOptionElement>("option").find((o) => o.value === zone);

describe("TimeZoneSelect", () => {
  it("shows the chosen zone's offset at once and the others' once the list is reached", () => {
    render(<TimeZoneSelect value="Asia/Kolkata" onChange={() => {}} />);
    expect(option("Asia/Kolkata")?.textContent).toBe("Asia/Kolkata (GMT+5:30)");
    expect(option("Asia/Tokyo")?.textContent).toBe("Asia/Tokyo");

    fireEvent.focus(screen.getByLabelText("Time zone"));
    expect(option("Asia/Tokyo")?.textContent).toBe("Asia/Tokyo (GMT+9)");
    expect(option("Asia/Kolkata")?.textContent).toBe("Asia/Kolkata (GMT+5:30)");
  });
});
