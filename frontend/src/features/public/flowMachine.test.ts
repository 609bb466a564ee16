import { act, renderHook } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import {
  type FlowEvent,
  type FlowState,
  INITIAL,
  TAKEN,
  transition,
  useFlowMachine,
} from "./flowMachine";

const run = (...events: FlowEvent["type"][]): FlowState | null =>
  events.reduce<FlowState | null>(
    (state, type) => (state ? transition(state, { type } as FlowEvent) : null),
    INITIAL,
  );

describe("transition", () => {
  it("books: choosing, submitting, booked", () => {
    expect(run("pick", "submit")).toEqual({ phase: "submitting" });
    expect(run("pick", "submit", "booked")).toEqual({ phase: "booked" });
  });

  it("warns when the chosen time disappears while choosing", () => {
    expect(run("pick", "timeGone")).toEqual({ phase: "choosing", warning: TAKEN });
    expect(run("pick", "timeGone", "pick")).toEqual({ phase: "choosing", warning: null });
  });

  it("ignores the time disappearing once the booking is submitted or done", () => {
    const submitting = run("submit") as FlowState;
    expect(transition(submitting, { type: "timeGone" })).toBeNull();
    const booked = run("submit", "booked") as FlowState;
    expect(transition(booked, { type: "timeGone" })).toBeNull();
  });

  it("accepts the success once, and nothing after it", () => {
    const booked = run("submit", "booked") as FlowState;
    for (const type of [
      "booked",
      "joined",
      "pick",
      "submit",
      "taken",
      "failed",
      "dismiss",
    ] as const) {
      expect(transition(booked, { type })).toBeNull();
    }
  });

  it("cannot succeed or submit twice without a submission", () => {
    expect(transition(INITIAL, { type: "booked" })).toBeNull();
    expect(transition({ phase: "submitting" }, { type: "submit" })).toBeNull();
  });

  it("joins a waitlist like it books: once, and nothing after it", () => {
    const joined = run("pick", "submit", "joined") as FlowState;
    expect(joined).toEqual({ phase: "booked" });
    for (const type of ["timeGone", "pick", "joined", "booked"] as const) {
      expect(transition(joined, { type })).toBeNull();
    }
    expect(transition(INITIAL, { type: "joined" })).toBeNull();
  });

  it("goes back to choosing when the server refuses", () => {
    expect(run("submit", "taken")).toEqual({ phase: "choosing", warning: TAKEN });
    expect(run("submit", "failed")).toEqual({ phase: "choosing", warning: null });
  });

  it("ignores picks while the booking is in flight", () => {
    expect(transition({ phase: "submitting" }, { type: "pick" })).toBeNull();
  });
});

describe("useFlowMachine", () => {
  it("sees an earlier event of the same tick, so a late 'time gone' is refused", () => {
    const { result } = renderHook(() => useFlowMachine());
    let accepted: boolean[] = [];
    act(() => {
      const send = result.current[1];
      accepted = [send({ type: "submit" }), send({ type: "booked" }), send({ type: "timeGone" })];
    });
    expect(accepted).toEqual([true, true, false]);
    expect(result.current[0]).toEqual({ phase: "booked" });
  });
});
