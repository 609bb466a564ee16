import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { cancelSession, fetchSession } from "../../../api/dashboard";
import { isApiError } from "../../../api/errors";
import { keys } from "../../../api/queries";
import type { Booking, GroupSession } from "../../../api/types";
import { ErrorState, Loading, Notice, usePageTitle } from "../../../components/ui";
import { detectTimeZone, formatWhen, zoneOffsetLabel } from "../../../lib/time";
import { useAuthStore } from "../../../stores/auth";
import { useBookingFlowStore } from "../../../stores/bookingFlow";
import { StatusBadge } from "../../bookings/BookingCard";
import { CancelReasonDialog } from "../../bookings/CancelDialog";
import { NotFound } from "../../NotFound";
import { attendeesInOrder, isOpen } from "./sessionModel";

/** `/expert-dashboard/sessions/:sessionKey`: who comes to one group session, and cancelling it. */
export function SessionPage() {
  const { t } = useTranslation();
  const { sessionKey = "" } = useParams();
  const session = useQuery({
    queryKey: keys.session(sessionKey),
    queryFn: () => fetchSession(sessionKey),
  });
  usePageTitle(
    t("dashboard.pageTitle", {
      section: session.data ? session.data.eventTitle : t("seats.session.title"),
    }),
  );

  if (session.isPending) return <Loading label={t("seats.session.loading")} />;
  if (session.isError) {
    const error = session.error;
    if (isApiError(error) && [403, 404, 422].includes(error.status)) {
      return (
        <NotFound
          title={t("seats.session.notFoundTitle")}
          message={t("seats.session.notFoundMessage")}
        />
      );
    }
    return <ErrorState error={error} onRetry={() => session.refetch()} />;
  }
  return <SessionDetails session={session.data} />;
}

function SessionDetails({ session }: { session: GroupSession }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const user = useAuthStore((s) => s.user);
  const viewerTz = user?.timezone ?? detectTimeZone();
  const hour12 = useBookingFlowStore((s) => s.hour12);
  const [cancelling, setCancelling] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const attendees = attendeesInOrder(session.attendees);
  const when = formatWhen(session.start, session.end, viewerTz, hour12);
  const open = isOpen(session);
  const upcoming = Date.parse(session.end) > Date.now();

  return (
    <section className="card stack-tight" aria-labelledby="session-title">
      <p>
        <Link to="/expert-dashboard/bookings">← {t("seats.session.back")}</Link>
      </p>
      <h2 id="session-title">{session.eventTitle}</h2>
      <p>
        {when}{" "}
        <span className="muted">
          ({viewerTz.replaceAll("_", " ")}, {zoneOffsetLabel(viewerTz, session.start)})
        </span>
        <br />
        {session.seats != null
          ? t("seats.takenOf", { taken: session.seatsTaken, count: session.seats })
          : null}
      </p>
      {!open && session.attendees.length > 0 && (
        <p className="booking-cancelled">{t("seats.session.noneLeft")}</p>
      )}
      {notice && (
        <Notice kind="success" onDismiss={() => setNotice(null)}>
          {notice}
        </Notice>
      )}
      <h3>{t("seats.session.attendees")}</h3>
      {attendees.length === 0 ? (
        <p className="empty">{t("seats.session.empty")}</p>
      ) : (
        <ul className="attendee-list">
          {attendees.map((booking) => (
            <Attendee key={booking.id} booking={booking} />
          ))}
        </ul>
      )}
      {open && upcoming && (
        <div className="button-row">
          <button
            type="button"
            className="btn btn-danger-outline"
            onClick={() => {
              setNotice(null);
              setCancelling(true);
            }}
          >
            {t("seats.session.cancel")}
          </button>
        </div>
      )}
      <CancelReasonDialog
        open={cancelling}
        title={t("seats.session.cancelTitle")}
        summary={
          <p>
            <strong>{session.eventTitle}</strong>
            <br />
            {when}
            <br />
            {t("seats.session.cancelText", { count: session.seatsTaken })}
          </p>
        }
        confirmLabel={t("seats.session.cancelConfirm")}
        confirmingLabel={t("cancel.cancelling")}
        keepLabel={t("seats.session.keep")}
        reasonHint={t("seats.session.reasonHint")}
        cancel={(reason) => cancelSession(session.sessionKey, reason)}
        onCancelled={(after) => {
          queryClient.setQueryData(keys.session(after.sessionKey), after);
          void queryClient.invalidateQueries({ queryKey: keys.bookingLists });
          void queryClient.invalidateQueries({ queryKey: keys.allSlots });
          setNotice(t("seats.session.cancelled"));
        }}
        onClose={() => setCancelling(false)}
      />
    </section>
  );
}

function Attendee({ booking }: { booking: Booking }) {
  const { t } = useTranslation();
  const cancelled = booking.status === "cancelled" || booking.status === "declined";
  return (
    <li className={`attendee${cancelled ? " is-cancelled" : ""}`}>
      <h4 className="attendee-name">
        <Link to={`/bookings/${booking.id}`}>{booking.name}</Link> <StatusBadge booking={booking} />
      </h4>
      <p className="booking-meta">
        <a href={`mailto:${booking.email}`}>{booking.email}</a>
        {booking.phone ? `\u00a0· ${booking.phone}` : ""}
      </p>
      {booking.notes && <p className="booking-notes">“{booking.notes}”</p>}
      {booking.answers && booking.answers.length > 0 && (
        <dl className="booking-answers">
          {booking.answers.map((answer) => (
            <div key={answer.id}>
              <dt>{answer.label}</dt>
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
    </li>
  );
}
