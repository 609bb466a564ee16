import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { zoneOptions } from "../lib/timeZones";
import { TimeZoneSelect } from "./TimeZoneSelect";

describe("TimeZoneSelect", () => {
  it("shows the chosen zone at once and builds the list only when someone opens it", () => {
    render(<TimeZoneSelect value="Asia/Kolkata" onChange={() => {}} />);
    const box = screen.getByRole<HTMLInputElement>("combobox", { name: "Time zone" });
    expect(box.value).toBe("Asia/Kolkata");
    expect(screen.queryAllByRole("option")).toHaveLength(0);
  });

  it("lists every zone with its offset when opened, and picks one by keyboard", async () => {
    const onChange = vi.fn();
    const user = userEvent.setup();
    render(<TimeZoneSelect value="Asia/Kolkata" onChange={onChange} />);
    const box = screen.getByRole("combobox", { name: "Time zone" });
    await user.click(box);
    await user.keyboard("{ArrowDown}");
    expect(screen.getAllByRole("option")).toHaveLength(zoneOptions(["Asia/Kolkata"]).length);
    expect(screen.getByRole("option", { name: /^Asia\/Kolkata .*GMT\+5:30/ })).toBeDefined();
    await user.clear(box);
    await user.type(box, "Berlin");
    expect(screen.getAllByRole("option")[0]?.textContent).toMatch(/^Europe\/Berlin/);
    await user.keyboard("{ArrowDown}{Enter}");
    expect(onChange).toHaveBeenCalledWith("Europe/Berlin");
  });
});
