import { render, screen, waitFor } from "@testing-library/preact";
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
    await user.click(screen.getByRole("combobox", { name: "Time zone" }));
    await user.keyboard("{ArrowDown}");
    // The combobox arrives as a chunk of its own and takes over the box, open and focused.
    expect(await screen.findAllByRole("option")).toHaveLength(zoneOptions(["Asia/Kolkata"]).length);
    expect(screen.getByRole("option", { name: /^Asia\/Kolkata .*GMT\+5:30/ })).toBeDefined();
    const box = screen.getByRole("combobox", { name: "Time zone" });
    expect(document.activeElement).toBe(box);
    await user.clear(box);
    await user.type(box, "Berlin");
    expect(screen.getAllByRole("option")[0]?.textContent).toMatch(/^Europe\/Berlin/);
    await user.keyboard("{ArrowDown}{Enter}");
    expect(onChange).toHaveBeenCalledWith("Europe/Berlin");
  });

  it("keeps what was typed, the caret and the keyboard when the combobox takes over", async () => {
    const user = userEvent.setup();
    render(<TimeZoneSelect value="Asia/Kolkata" onChange={() => {}} />);
    const standIn = screen.getByRole("combobox", { name: "Time zone" });
    standIn.focus();
    // Typed before the combobox is there: the stand-in's own text.
    await user.keyboard("Berl");
    await waitFor(() =>
      expect(screen.getByRole("combobox", { name: "Time zone" })).not.toBe(standIn),
    );
    const box = screen.getByRole<HTMLInputElement>("combobox", { name: "Time zone" });
    expect(document.activeElement).toBe(box);
    expect(box.value).toBe("Berl");
    expect(box.selectionStart).toBe(4);
    await user.keyboard("in");
    expect(box.value).toBe("Berlin");
    expect(box.getAttribute("aria-expanded")).toBe("true");
    expect(screen.getAllByRole("option")[0]?.textContent).toMatch(/^Europe\/Berlin/);
  });
});
