import { useSearchParams } from "react-router";
import { type SelectionChange, writeSelection } from "../../stores/bookingFlow";

/**
 * Write a change of the visitor's selection into the URL. Picking a time or a waitlist
 * replaces the history entry; choosing an event type, a day or a zone adds one.
 */
export function useSelectionUpdate(): (change: SelectionChange) => void {
  const [, setParams] = useSearchParams();
  return (change) =>
    setParams(
      (p) => {
        const next = writeSelection(p, change);
        // Another event type offers other lengths, and a private link opens only its own.
        if ("type" in change) {
          next.delete("duration");
          next.delete("key");
        }
        return next;
      },
      { replace: ("time" in change || "wait" in change) && !("type" in change) },
    );
}
