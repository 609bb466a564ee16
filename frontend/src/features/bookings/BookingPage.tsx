import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams, useSearchParams } from "react-router";
import { isApiError } from "../../api/errors";
import { fetchBooking, keys } from "../../api/queries";
import type { Booking } from "../../api/types";
import { locationLabel } from "../../api/types";
import { ClockToggle } from "../../components/TimeZoneSelect";
import { CopyField, ErrorState, Loading, Notice, usePageTitle } from "../../components/ui";
import { WithSlot } from "../../i18n/WithSlot";
import { formatDate, formatTime, formatTimeRange, zoneOffsetLabel } from "../../lib/time";
import { useSocketEvent, useWatchExpert } from "../../realtime/socket";
import { useAuthStore } from "../../stores/auth";
import { useBookingFlowStore } from "../../stores/bookingFlow";
import { ExpertBookingActions } from "../dashboard/bookings/ExpertBookingActions";
import { NotFound } from "../NotFound";
import { rebookPath } from "../public/rebookLink";
import { ReviewPanel } from "../reviews/ReviewPanel";
import { BookingActions, isUpcoming } from "./BookingActions";
import { asksToRebook, cancelledLine, rebookLine, StatusBadge } from "./BookingCard";
import { calendarEvent } from "./calendarEvent";
import { sessionPath } from "./sessionPath";

type PageState = { booking?: Booking; justBooked?: boolean } | null;

/** The confirmation after booking, and the page where either party manages a booking. */
export function BookingPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const [params] = useSearchParams();
  const location = useLocation();
  const state = location.state as PageState;
  const user = useAuthStore((s) => s.user);
  const token = params.get("token");
  const initial = state?.booking?.id === id ? state.booking : undefined;

  const booking = useQuery({
    queryKey: keys.booking(id),
    queryFn: () => fetchBooking(id, token),
    initialData: initial,
    // The creation response is fresh; refetch on focus or socket reconnect only.
    staleTime: initial ? 30_000 : 0,
  });
  usePageTitle(booking.data ? booking.data.eventTitle : t("bookingPage.title"));
  useLiveForGuests(id, booking.data?.expertId, !user || token !== null);

  if (booking.isPending) return <Loading label={t("bookingPage.loading")} />;
  if (booking.isError) {
    const error = booking.error;
    if (isApiError(error) && error.status === 401 && !token) {
      return (
        <section className="card narrow">
          <h1>{t("bookingPage.logInTitle")}</h1>
          <p>
            <WithSlot text={(link) => t("bookingPage.logInText", { link })}>
              <Link to={`/login?next=${encodeURIComponent(location.pathname)}`}>
                {t("bookingPage.logInLink")}
              </Link>
            </WithSlot>
          </p>
        </section>
      );
    }
    if (isApiError(error) && [401, 403, 404].includes(error.status)) {
      return (
        <NotFound
          title={t("bookingPage.notFoundTitle")}
          message={t("bookingPage.notFoundMessage")}
        />
      );
    }
    return <ErrorState error={error} onRetry={() => booking.refetch()} />;
  }

  return (
    <BookingDetails
      booking={booking.data}
      token={token}
      justBooked={Boolean(state?.justBooked)}
      isGuest={!user}
      viewerIsExpert={Boolean(user?.expertId && user.expertId === booking.data.expertId)}
    />
  );
}

function BookingDetails({
  booking,
  token,
  justBooked,
  isGuest,
  viewerIsExpert,
}: {
  booking: Booking;
  token: string | null;
  justBooked: boolean;
  isGuest: boolean;
  viewerIsExpert: boolean;
}) {
  const { t } = useTranslation();
  const hour12 = useBookingFlowStore((s) => s.hour12);
  const setHour12 = useBookingFlowStore((s) => s.setHour12);
  const manageToken = token ?? booking.manageToken ?? null;
  const manageLink = manageToken
    ? `${window.location.origin}/bookings/${booking.id}?token=${encodeURIComponent(manageToken)}`
    : null;
  const reader = viewerIsExpert ? "expert" : "client";
  const rebook = asksToRebook(booking);
  const declinedByExpert = booking.status === "declined" && booking.cancelledBy === "expert";
  // These two say who cancelled or declined, and why, in a sentence of their own.
  const cancelled = rebook || declinedByExpert ? null : cancelledLine(booking, reader);

  const zones = viewerIsExpert
    ? [
        { label: t("bookingPage.yourTime"), tz: booking.expertTimezone },
        { label: t("bookingPage.theirTime", { name: booking.name }), tz: booking.timezone },
      ]
    : [
        { label: t("bookingPage.yourTime"), tz: booking.timezone },
        {
          label: t("bookingPage.theirTime", { name: booking.expertName }),
          tz: booking.expertTimezone,
        },
      ];

  return (
    <div className="stack narrow">
      {justBooked && (booking.status === "confirmed" || booking.status === "pending") ? (
        <div className="hero-success">
          <span className="check" aria-hidden="true">
            ✓
          </span>
          <h1>
            {booking.status === "pending" ? t("bookingRules.requested") : t("bookingPage.booked")}
          </h1>
          {booking.status === "pending" && (
            <p>{t("bookingRules.pendingHeld", { name: booking.expertName })}</p>
          )}
          <p>
            <WithSlot text={(email) => t("bookingRules.emailedTo", { email })}>
              <strong>{booking.email}</strong>
            </WithSlot>
          </p>
        </div>
      ) : (
        <>
          <h1>{t("bookingPage.details")}</h1>
          {booking.status === "pending" && (
            <Notice>
              {viewerIsExpert
                ? t("bookingRules.pendingForExpert", { name: booking.name })
                : t("bookingRules.pendingHeld", { name: booking.expertName })}
            </Notice>
          )}
          {rebook && (
            <Notice>
              <p>{rebookLine(booking, reader)}</p>
              {!viewerIsExpert && (
                <p>
                  <Link className="btn btn-primary" to={rebookPath(booking)}>
                    {t("rebook.book")}
                  </Link>
                </p>
              )}
            </Notice>
          )}
        </>
      )}

      <section className="card" aria-labelledby="booking-title">
        <h2 id="booking-title" className="booking-heading">
          {booking.eventTitle} <StatusBadge booking={booking} />
        </h2>
        <p className="muted">
          {viewerIsExpert
            ? t("bookingPage.withEmail", { name: booking.name, email: booking.email })
            : t("bookingPage.with", { name: booking.expertName })}{" "}
          · {t("bookingPage.minutes", { count: booking.durationMinutes })}
        </p>
        {booking.seats != null &&
          (viewerIsExpert ? (
            <p>
              <Link to={sessionPath(booking.sessionKey)}>
                {t("seats.seeSession", { count: booking.seats })}
              </Link>
            </p>
          ) : (
            <p>{t("seats.yourSeat", { count: booking.seats })}</p>
          ))}
        {cancelled && <p className="booking-cancelled">{cancelled}</p>}
        {declinedByExpert && (
          <p className="booking-cancelled">
            {booking.cancelReason
              ? t("bookingRules.declinedReason", {
                  name: booking.expertName,
                  reason: booking.cancelReason,
                })
              : t("bookingRules.declined", { name: booking.expertName })}
          </p>
        )}

        <dl className="details">
          {zones.map((zone) => (
            <div key={zone.label} className="details-row">
              <dt>
                {zone.label}
                <span className="muted small">
                  {" "}
                  {zone.tz.replaceAll("_", " ")} ({zoneOffsetLabel(zone.tz, booking.start)})
                </span>
              </dt>
              <dd>
                {formatDate(booking.start, zone.tz)}
                <br />
                {formatTimeRange(booking.start, booking.end, zone.tz, hour12)}
              </dd>
            </div>
          ))}
          <div className="details-row">
            <dt>{t("bookingPage.where")}</dt>
            <dd>
              {locationLabel(booking.location)}
              {booking.location.details ? ` — ${booking.location.details}` : ""}
            </dd>
          </div>
          {/* As the Join button: only a confirmed session still to end has a meeting. */}
          {booking.location.joinUrl && booking.status === "confirmed" && isUpcoming(booking) && (
            <div className="details-row">
              <dt>{t("bookingPage.joinLink")}</dt>
              <dd>
                <a href={booking.location.joinUrl} target="_blank" rel="noopener noreferrer">
                  {booking.location.joinUrl.replace(/^https?:\/\//, "")}
                  <span className="sr-only"> {t("common.newTab")}</span>
                </a>
              </dd>
            </div>
          )}
          {booking.phone && (
            <div className="details-row">
              <dt>{t("bookingPage.phone")}</dt>
              <dd>{booking.phone}</dd>
            </div>
          )}
          {booking.notes && (
            <div className="details-row">
              <dt>{t("bookingPage.notes")}</dt>
              <dd>{booking.notes}</dd>
            </div>
          )}
          {(booking.answers ?? []).map((answer) => (
            <div key={answer.id} className="details-row">
              <dt>{answer.label}</dt>
              <dd className="answer">
                {answer.value === true
                  ? t("bookingRules.yes")
                  : answer.value === false
                    ? t("bookingRules.no")
                    : answer.value}
              </dd>
            </div>
          ))}
          {(booking.guests ?? []).length > 0 && (
            <div className="details-row">
              <dt>{t("bookingRules.guests")}</dt>
              <dd>
                <ul className="plain-list">
                  {(booking.guests ?? []).map((guest) => (
                    <li key={guest}>{guest}</li>
                  ))}
                </ul>
              </dd>
            </div>
          )}
        </dl>
        <ClockToggle hour12={hour12} onChange={setHour12} />
        <CancelDeadline
          booking={booking}
          tz={zones[0]?.tz ?? booking.timezone}
          hour12={hour12}
          viewerIsExpert={viewerIsExpert}
        />
        <BookingActions
          booking={booking}
          // The link's token wins on the server, so it is sent whenever the page has one.
          token={token ?? (isGuest ? manageToken : null)}
          viewerTz={zones[0]?.tz ?? booking.timezone}
          calendarLinks={calendarEvent(booking, viewerIsExpert)}
        />
        {/* The expert's email about a request opens this page: confirm or decline it here. */}
        {viewerIsExpert && (
          <ExpertBookingActions
            booking={booking}
            label={booking.eventTitle}
            viewerTz={zones[0]?.tz ?? booking.timezone}
          />
        )}
      </section>

      {!viewerIsExpert && (
        <ReviewPanel booking={booking} token={token ?? (isGuest ? manageToken : null)} />
      )}

      {isGuest && manageLink && (
        <section className="card" aria-labelledby="manage-title">
          <h2 id="manage-title">{t("bookingPage.keepLink")}</h2>
          <CopyField
            label={t("bookingPage.manageLink")}
            value={manageLink}
            hint={t("bookingPage.manageHint")}
          />
        </section>
      )}
      {!viewerIsExpert && booking.expertUsername && (
        <p>
          <Link to={`/${booking.expertUsername}`}>
            {t("bookingPage.bookAnother", { name: booking.expertName })}
          </Link>
        </p>
      )}
    </div>
  );
}

/**
 * Until when the client may cancel or reschedule, in the viewer's zone, beside the buttons
 * that do it (the expert always may). Past it, the server refuses with its own sentence.
 */
function CancelDeadline({
  booking,
  tz,
  hour12,
  viewerIsExpert,
}: {
  booking: Booking;
  tz: string;
  hour12: boolean;
  viewerIsExpert: boolean;
}) {
  const { t } = useTranslation();
  const deadline = booking.cancelDeadline;
  const open = booking.status === "confirmed" || booking.status === "pending";
  if (!deadline || !open || Date.parse(booking.end) <= Date.now()) return null;
  const when = t("bookingRules.when", {
    date: formatDate(deadline, tz),
    time: formatTime(deadline, tz, hour12),
  });
  let text: string;
  if (viewerIsExpert) text = t("bookingRules.deadlineForExpert", { name: booking.name, when });
  else if (Date.parse(deadline) > Date.now()) text = t("bookingRules.deadline", { when });
  else text = t("bookingRules.deadlinePassed", { when, name: booking.expertName });
  return <p className="cancel-deadline">{text}</p>;
}

/**
 * A guest's socket has no room of its own, but every change to a booking tells the
 * expert's public watchers that slots changed: the page refetches its booking then.
 */
function useLiveForGuests(id: string, expertId: string | undefined, guest: boolean) {
  const queryClient = useQueryClient();
  useWatchExpert(guest ? expertId : undefined);
  useSocketEvent("slotsChanged", (change) => {
    if (guest && change.expertId === expertId) {
      void queryClient.invalidateQueries({ queryKey: keys.booking(id) });
    }
  });
}
