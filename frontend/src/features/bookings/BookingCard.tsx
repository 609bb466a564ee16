import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Booking } from "../../api/types";
import { locationLabel } from "../../api/types";
import { i18n } from "../../i18n";
import { formatDate, formatTimeRange, zoneOffsetLabel } from "../../lib/time";
import { useBookingFlowStore } from "../../stores/bookingFlow";
import { rebookPath } from "../public/rebookLink";
import { BookingActions } from "./BookingActions";

export function StatusBadge({ booking }: { booking: Booking }) {
  const { t } = useTranslation();
  if (booking.status === "cancelled")
    return <span className="badge badge-cancelled">{t("status.cancelled")}</span>;
  if (booking.status === "declined")
    return <span className="badge badge-cancelled">{t("status.declined")}</span>;
  if (booking.status === "pending")
    return <span className="badge badge-pending">{t("status.pending")}</span>;
  // A freed place kept for the first on its waitlist until they claim it.
  if (booking.status === "held")
    return <span className="badge badge-pending">{t("status.held")}</span>;
  if (Date.parse(booking.end) <= Date.now())
    return booking.noShow ? (
      <span className="badge badge-cancelled">{t("status.noShow")}</span>
    ) : (
      <span className="badge">{t("status.past")}</span>
    );
  return <span className="badge badge-confirmed">{t("status.confirmed")}</span>;
}

/**
 * Who cancelled or declined the booking, and why, in a sentence for the party reading it
 * ("by you" when they did it themselves); null for other states.
 */
export function cancelledLine(booking: Booking, reader: "client" | "expert"): string | null {
  if (booking.status !== "cancelled" && booking.status !== "declined") return null;
  const byReader = booking.cancelledBy === reader;
  const by =
    booking.cancelledBy === "expert"
      ? booking.expertName
      : booking.cancelledBy === "client"
        ? booking.name
        : null;
  let line: string;
  if (booking.status === "declined") {
    line =
      booking.cancelledBy === "system"
        ? i18n.t("status.declinedUnanswered")
        : byReader
          ? i18n.t("status.declinedByYou")
          : by
            ? i18n.t("status.declinedBy", { name: by })
            : i18n.t("status.declined");
  } else {
    line = byReader
      ? i18n.t("status.cancelledByYou")
      : by
        ? i18n.t("status.cancelledBy", { name: by })
        : i18n.t("status.cancelled");
  }
  return booking.cancelReason
    ? i18n.t("status.cancelledReason", { line, reason: booking.cancelReason })
    : line;
}

/** A question as the label before its answer: "Company:", but "Why now?" as it is. */
export function asLabel(question: string): string {
  return /[?:!.…]$/.test(question.trim()) ? question : `${question}:`;
}

/** Cancelled by the expert, who asked the client to book another time instead. */
export function asksToRebook(booking: Booking): boolean {
  return booking.status === "cancelled" && Boolean(booking.rescheduleRequested);
}

/** Who asked whom to book another time, and why, in a sentence for the one reading it. */
export function rebookLine(booking: Booking, party: "client" | "expert"): string {
  const reason = booking.cancelReason;
  if (party === "expert") {
    return reason
      ? i18n.t("rebook.youAskedReason", { name: booking.name, reason })
      : i18n.t("rebook.youAsked", { name: booking.name });
  }
  return reason
    ? i18n.t("rebook.askedYouReason", { name: booking.expertName, reason })
    : i18n.t("rebook.askedYou", { name: booking.expertName });
}

// A no-break space before the dot: a wrapped line never starts with a separator.
const SEPARATOR = "\u00a0· ";

/** One booking in a list, seen by the client (`party="client"`) or the expert. */
export function BookingCard({
  booking,
  party,
  viewerTz,
  expertActions,
  session,
}: {
  booking: Booking;
  party: "client" | "expert";
  viewerTz: string;
  /** For a seat of a group session, what the list says of the session (its seats taken). */
  session?: ReactNode;
  /** The expert's own actions (confirm, decline, restore, no-show), shown below the others. */
  expertActions?: ReactNode;
}) {
  const { t } = useTranslation();
  const hour12 = useBookingFlowStore((s) => s.hour12);
  const other = t("bookings.with", {
    name: party === "client" ? booking.expertName : booking.name,
  });
  const label = t("bookings.cardLabel", {
    title: booking.eventTitle,
    with: other,
    date: formatDate(booking.start, viewerTz),
  });
  const rebook = asksToRebook(booking);
  const cancelled = rebook ? rebookLine(booking, party) : cancelledLine(booking, party);
  return (
    <li
      className={`booking-card card${booking.status === "cancelled" || booking.status === "declined" ? " is-cancelled" : ""}`}
    >
      <div className="booking-when">
        <span className="booking-date">{formatDate(booking.start, viewerTz)}</span>
        <span className="booking-time">
          {formatTimeRange(booking.start, booking.end, viewerTz, hour12)}{" "}
          <span className="muted">({zoneOffsetLabel(viewerTz, booking.start)})</span>
        </span>
      </div>
      <div className="booking-main">
        <h3 className="booking-title">
          <Link to={`/bookings/${booking.id}`}>{booking.eventTitle}</Link>{" "}
          <StatusBadge booking={booking} />
        </h3>
        <p className="booking-meta">
          {other}
          {SEPARATOR}
          <span className="nowrap">
            {t("common.duration", { minutes: booking.durationMinutes })}
          </span>
          {SEPARATOR}
          <span className="nowrap">{locationLabel(booking.location)}</span>
          {booking.seats != null && (
            <>
              {SEPARATOR}
              <span className="nowrap">
                {session ?? t("seats.groupOf", { count: booking.seats })}
              </span>
            </>
          )}
          {party === "expert" && (
            <>
              {SEPARATOR}
              <a href={`mailto:${booking.email}`}>{booking.email}</a>
              {booking.phone ? `${SEPARATOR}${booking.phone}` : ""}
            </>
          )}
        </p>
        {party === "expert" && booking.notes && <p className="booking-notes">“{booking.notes}”</p>}
        {cancelled && <p className="booking-cancelled">{cancelled}</p>}
        {rebook && party === "client" && (
          <p>
            <Link
              className="btn btn-primary"
              to={rebookPath(booking)}
              aria-label={t("actions.named", { action: t("rebook.book"), label })}
            >
              {t("rebook.book")}
            </Link>
          </p>
        )}
        {party === "expert" && booking.answers && booking.answers.length > 0 && (
          <dl className="booking-answers">
            {booking.answers.map((answer) => (
              <div key={answer.id}>
                <dt>{asLabel(answer.label)}</dt>
                <dd>
                  {typeof answer.value === "boolean"
                    ? answer.value
                      ? t("expertTools.yes")
                      : t("expertTools.no")
                    : answer.value}
                </dd>
              </div>
            ))}
          </dl>
        )}
        <BookingActions booking={booking} token={null} viewerTz={viewerTz} label={label} />
        {expertActions}
      </div>
    </li>
  );
}
