import { useCallback, useRef, useState } from "react";

// The booking flow's phases. A guest's confirmation URL carries the only copy of their
// manage token, so once a booking is submitted nothing on this page may touch the URL
// again: refetched slots that no longer hold the time (it is ours now) are ignored, and
// the move to the confirmation happens exactly once. Joining a waitlist is a submission
// too, whose confirmation (the waitlist page) carries that place's token.

/** The one warning: the chosen time went to someone else (the page says so in words). */
export const TAKEN = "taken";

export type FlowState =
  | { phase: "choosing"; warning: typeof TAKEN | null }
  | { phase: "submitting" }
  | { phase: "booked" };

export type FlowEvent =
  /** The visitor picked an event type, day, zone or time. */
  | { type: "pick" }
  | { type: "dismiss" }
  /** Fresh slots no longer offer the chosen time. */
  | { type: "timeGone" }
  | { type: "submit" }
  /** The server refused the time: someone else has it. */
  | { type: "taken" }
  /** Any other refusal; the form shows it next to its fields. */
  | { type: "failed" }
  | { type: "booked" }
  /** The server put the visitor on the time's waitlist. */
  | { type: "joined" };

export const INITIAL: FlowState = { phase: "choosing", warning: null };

/** The next state, or null when the event means nothing in this phase (ignore it). */
export function transition(state: FlowState, event: FlowEvent): FlowState | null {
  switch (state.phase) {
    case "choosing":
      switch (event.type) {
        case "pick":
        case "dismiss":
          return { phase: "choosing", warning: null };
        case "timeGone":
          return { phase: "choosing", warning: TAKEN };
        case "submit":
          return { phase: "submitting" };
        default:
          return null;
      }
    case "submitting":
      switch (event.type) {
        case "taken":
          return { phase: "choosing", warning: TAKEN };
        case "failed":
          return { phase: "choosing", warning: null };
        case "booked":
        case "joined":
          return { phase: "booked" };
        default:
          // Our own booking takes the time off the slots: that is no reason to drop it.
          return null;
      }
    case "booked":
      // Final: the page is on its way to the confirmation.
      return null;
  }
}

/**
 * The flow's state and `send`, which says whether the event was accepted, so callers run
 * an event's side effects (URL changes, navigation) only when it was. The state is read
 * from a ref, so two events in one tick see each other.
 */
export function useFlowMachine(): [FlowState, (event: FlowEvent) => boolean] {
  const current = useRef<FlowState>(INITIAL);
  const [state, setState] = useState<FlowState>(INITIAL);
  const send = useCallback((event: FlowEvent) => {
    const next = transition(current.current, event);
    if (!next) return false;
    current.current = next;
    setState(next);
    return true;
  }, []);
  return [state, send];
}
