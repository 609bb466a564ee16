// Where a client stands on a waitlist, as the waitlist page says it, without React.
import type { WaitlistEntry } from "../../api/types";

/** The entry's status, with an offer whose hold has run out (the server will say so). */
export type WaitlistView = WaitlistEntry["status"] | "lapsed";

export function waitlistView(
  entry: Pick<WaitlistEntry, "status" | "offeredUntil">,
  now: number = Date.now(),
): WaitlistView {
  if (entry.status === "offered" && entry.offeredUntil && Date.parse(entry.offeredUntil) <= now) {
    return "lapsed";
  }
  return entry.status;
}

/** Milliseconds until an offer's hold ends, or null when nothing is held. */
export function untilHoldEnds(
  entry: Pick<WaitlistEntry, "status" | "offeredUntil">,
  now: number = Date.now(),
): number | null {
  if (entry.status !== "offered" || !entry.offeredUntil) return null;
  return Math.max(0, Date.parse(entry.offeredUntil) - now);
}

/** The private link to the entry's page, as its emails give it. */
export function waitlistLink(origin: string, id: string, token: string): string {
  return `${origin}/waitlist/${encodeURIComponent(id)}?token=${encodeURIComponent(token)}`;
}
