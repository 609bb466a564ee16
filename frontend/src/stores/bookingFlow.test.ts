import { beforeEach, describe, expect, it } from "vitest";
import { readSelection, useBookingFlowStore, writeSelection } from "./bookingFlow";

const q = (text: string) => new URLSearchParams(text);

describe("readSelection", () => {
  it("reads a full, shareable selection", () => {
    const s = readSelection(
      q("type=intro&date=2026-03-09&tz=Asia/Tokyo&time=2026-03-09T09:00:00%2B09:00"),
      "Europe/Paris",
    );
    expect(s).toEqual({
      type: "intro",
      date: "2026-03-09",
      tz: "Asia/Tokyo",
      time: "2026-03-09T09:00:00+09:00",
      wait: null,
    });
  });

  it("falls back to the detected zone and drops malformed values", () => {
    expect(readSelection(q("type=intro&date=2026-02-30&tz=Mars/Olympus&time=soon"), "UTC")).toEqual(
      { type: "intro", date: null, tz: "UTC", time: null, wait: null },
    );
  });

  it("ignores a date or time without an event type", () => {
    expect(readSelection(q("date=2026-03-09&time=2026-03-09T09:00:00Z"), "UTC")).toEqual({
      type: null,
      date: null,
      tz: "UTC",
      time: null,
      wait: null,
    });
  });

  it("takes the event type from the path, keeping the query's day", () => {
    expect(readSelection(q("type=other&date=2026-03-09"), "UTC", "intro")).toEqual({
      type: "intro",
      date: "2026-03-09",
      tz: "UTC",
      time: null,
      wait: null,
    });
  });
});

describe("readSelection of a waitlist", () => {
  it("reads the taken time whose waitlist the visitor would join", () => {
    const s = readSelection(q("type=intro&date=2026-03-09&wait=2026-03-09T09:00:00Z"), "UTC");
    expect(s).toMatchObject({ time: null, wait: "2026-03-09T09:00:00Z" });
  });

  it("drops a malformed one, and one beside a time to book", () => {
    expect(readSelection(q("type=intro&date=2026-03-09&wait=soon"), "UTC").wait).toBeNull();
    const both = readSelection(
      q("type=intro&date=2026-03-09&time=2026-03-09T08:00:00Z&wait=2026-03-09T09:00:00Z"),
      "UTC",
    );
    expect(both).toMatchObject({ time: "2026-03-09T08:00:00Z", wait: null });
  });
});

describe("writeSelection", () => {
  const full = q("type=intro&date=2026-03-09&tz=Asia/Tokyo&time=2026-03-09T00:00:00Z&ref=x");

  it("a new event type forgets the day and time but keeps the zone", () => {
    const next = writeSelection(full, { type: "deep-dive" });
    expect(next.get("type")).toBe("deep-dive");
    expect(next.has("date")).toBe(false);
    expect(next.has("time")).toBe(false);
    expect(next.get("tz")).toBe("Asia/Tokyo");
    expect(next.get("ref")).toBe("x");
  });

  it("a new day forgets the time", () => {
    const next = writeSelection(full, { date: "2026-03-10" });
    expect(next.get("date")).toBe("2026-03-10");
    expect(next.has("time")).toBe(false);
  });

  it("a new zone forgets the time", () => {
    const next = writeSelection(full, { tz: "America/New_York" });
    expect(next.get("tz")).toBe("America/New_York");
    expect(next.get("date")).toBe("2026-03-09");
    expect(next.has("time")).toBe(false);
  });

  it("picking a time keeps everything else; null removes it", () => {
    const picked = writeSelection(q("type=intro&date=2026-03-09"), {
      time: "2026-03-09T10:00:00+01:00",
    });
    expect(picked.toString()).toBe(
      "type=intro&date=2026-03-09&time=2026-03-09T10%3A00%3A00%2B01%3A00",
    );
    expect(writeSelection(picked, { time: null }).has("time")).toBe(false);
  });

  it("a time to book and a waitlist to join replace each other", () => {
    const waiting = writeSelection(full, { wait: "2026-03-09T01:00:00Z" });
    expect(waiting.get("wait")).toBe("2026-03-09T01:00:00Z");
    expect(waiting.has("time")).toBe(false);
    const booking = writeSelection(waiting, { time: "2026-03-09T02:00:00Z" });
    expect(booking.get("time")).toBe("2026-03-09T02:00:00Z");
    expect(booking.has("wait")).toBe(false);
    expect(writeSelection(waiting, { wait: null }).has("wait")).toBe(false);
  });

  it("a new event type, day or zone forgets the waitlist too", () => {
    const waiting = writeSelection(full, { wait: "2026-03-09T01:00:00Z" });
    for (const change of [{ type: "other" }, { date: "2026-03-10" }, { tz: "UTC" }]) {
      expect(writeSelection(waiting, change).has("wait")).toBe(false);
    }
  });

  it("the same value changes nothing", () => {
    expect(writeSelection(full, { type: "intro", date: "2026-03-09" }).toString()).toBe(
      full.toString(),
    );
  });

  it("round-trips through readSelection", () => {
    const next = writeSelection(q(""), { type: "intro" });
    const withDate = writeSelection(next, { date: "2026-03-09" });
    const withTime = writeSelection(withDate, { time: "2026-03-09T08:30:00Z" });
    expect(readSelection(withTime, "UTC")).toEqual({
      type: "intro",
      date: "2026-03-09",
      tz: "UTC",
      time: "2026-03-09T08:30:00Z",
      wait: null,
    });
  });
});

describe("useBookingFlowStore", () => {
  beforeEach(() => {
    useBookingFlowStore.getState().resetDraft();
    useBookingFlowStore.setState({ hour12: true, month: null });
  });

  it("prefills only the fields the visitor has not typed", () => {
    const store = useBookingFlowStore.getState();
    store.updateDraft({ name: "Typed Name" });
    store.prefillDraft({ name: "Ada", email: "ada@example.com" });
    expect(useBookingFlowStore.getState().draft).toEqual({
      name: "Typed Name",
      email: "ada@example.com",
      phone: "",
      notes: "",
    });
  });

  it("resets the draft after booking", () => {
    useBookingFlowStore.getState().updateDraft({ notes: "Hi" });
    useBookingFlowStore.getState().resetDraft();
    expect(useBookingFlowStore.getState().draft.notes).toBe("");
  });

  it("persists the clock preference but not the draft", () => {
    useBookingFlowStore.getState().setHour12(false);
    useBookingFlowStore.getState().updateDraft({ email: "secret@example.com" });
    const saved = JSON.parse(localStorage.getItem("expertbook-booking-prefs") ?? "{}");
    expect(saved.state).toEqual({ hour12: false });
  });

  it("keeps the month on screen", () => {
    useBookingFlowStore.getState().setMonth("2026-04");
    expect(useBookingFlowStore.getState().month).toBe("2026-04");
  });
});
