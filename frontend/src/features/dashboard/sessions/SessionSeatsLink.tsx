import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { fetchSession } from "../../../api/dashboard";
import { keys } from "../../../api/queries";
import type { Booking } from "../../../api/types";
import { sessionPath } from "../../bookings/sessionPath";

/**
 * "7 of 10 seats", linking to the session's attendees. Seats of one session listed
 * together share one query; a socket event about any booking refreshes it.
 */
export function SessionSeatsLink({ booking, label }: { booking: Booking; label: string }) {
  const { t } = useTranslation();
  const seats = booking.seats ?? 0;
  const session = useQuery({
    queryKey: keys.session(booking.sessionKey),
    queryFn: () => fetchSession(booking.sessionKey),
  });
  const text = session.data
    ? t("seats.takenOf", { taken: session.data.seatsTaken, count: seats })
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
