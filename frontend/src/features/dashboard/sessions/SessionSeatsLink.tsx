import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Booking } from "../../../api/types";
import { sessionPath } from "../../bookings/sessionPath";

/**
 * "7 of 10 seats", linking to the session's attendees. The booking list counts each
 * session's seats (seatsTaken) in the same request; a socket event refreshes the list.
 */
export function SessionSeatsLink({ booking, label }: { booking: Booking; label: string }) {
  const { t } = useTranslation();
  const seats = booking.seats ?? 0;
  const text =
    booking.seatsTaken != null
      ? t("seats.takenOf", { taken: booking.seatsTaken, count: seats })
      : t("seats.groupOf", { count: seats });
  return (
    <Link
      to={sessionPath(booking.sessionKey)}
      aria-label={t("seats.session.linkLabel", { seats: text, label })}
    >
      {text}
    </Link>
  );
}
