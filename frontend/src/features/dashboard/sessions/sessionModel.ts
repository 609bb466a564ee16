// A group session's attendees as the expert reads them, without React.
import type { Booking, GroupSession } from "../../../api/types";

/** Seats that hold the time: confirmed, pending the expert's answer, or held for the waitlist. */
const HOLDING: ReadonlySet<Booking["status"]> = new Set(["confirmed", "pending", "held"]);

export const holdsSeat = (booking: Booking) => HOLDING.has(booking.status);

/** Who comes first, in the order they booked; cancelled and declined seats after them. */
export function attendeesInOrder(attendees: readonly Booking[]): Booking[] {
  const byBooked = (a: Booking, b: Booking) => Date.parse(a.createdAt) - Date.parse(b.createdAt);
  return [
    ...attendees.filter(holdsSeat).sort(byBooked),
    ...attendees.filter((b) => !holdsSeat(b)).sort(byBooked),
  ];
}

/** Whether anyone still holds a seat, so there is something to cancel. */
export const isOpen = (session: Pick<GroupSession, "seatsTaken">) => session.seatsTaken > 0;
