import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useParams, useSearchParams } from "react-router";
import { errorMessage, isApiError } from "../../api/errors";
import { keys } from "../../api/queries";
import type { WaitlistEntry } from "../../api/types";
import { claimWaitlistPlace, fetchWaitlistEntry, leaveWaitlist } from "../../api/waitlist";
import { ClockToggle } from "../../components/TimeZoneSelect";
import { CopyField, ErrorState, Loading, Notice, usePageTitle } from "../../components/ui";
import { i18n } from "../../i18n";
import { WithSlot } from "../../i18n/WithSlot";
import {
  detectTimeZone,
  formatDate,
  formatTime,
  formatTimeRange,
  zoneOffsetLabel,
} from "../../lib/time";
import { useBookingFlowStore } from "../../stores/bookingFlow";
import { NotFound } from "../NotFound";
import { untilHoldEnds, type WaitlistView, waitlistLink, waitlistView } from "./waitlistModel";

type PageState = { entry?: WaitlistEntry; justJoined?: boolean } | null;

/** While waiting, how often the page asks whether a place was offered meanwhile. */
const WAITING_REFRESH_MS = 60_000;

/**
 * `/waitlist/:id?token=…`, the page the waitlist's emails link to: where the client
 * stands, and the one click that claims an offered place (or lets it go, or leaves).
 */
export function WaitlistPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const [params] = useSearchParams();
  const token = params.get("token");
  const location = useLocation();
  const state = location.state as PageState;
  const initial = state?.entry?.id === id ? state.entry : undefined;

  const entry = useQuery({
    queryKey: keys.waitlistEntry(id),
    queryFn: () => fetchWaitlistEntry(id, token),
    initialData: initial,
    staleTime: initial ? 30_000 : 0,
    refetchInterval: (query) =>
      query.state.data?.status === "waiting" ? WAITING_REFRESH_MS : false,
  });
  usePageTitle(entry.data ? entry.data.eventTitle : t("waitlist.page.title"));

  // When an offer's hold ends, ask the server where things stand now.
  const holdLeft = entry.data ? untilHoldEnds(entry.data) : null;
  const refetch = entry.refetch;
  useEffect(() => {
    if (holdLeft === null) return;
    const timer = setTimeout(() => void refetch(), holdLeft + 1_000);
    return () => clearTimeout(timer);
  }, [holdLeft, refetch]);

  if (entry.isPending) return <Loading label={t("waitlist.page.loading")} />;
  if (entry.isError) {
    if (isApiError(entry.error) && [401, 403, 404, 422].includes(entry.error.status)) {
      return (
        <NotFound
          title={t("waitlist.page.notFoundTitle")}
          message={t("waitlist.page.notFoundMessage")}
        />
      );
    }
    return <ErrorState error={entry.error} onRetry={() => entry.refetch()} />;
  }
  return (
    <WaitlistDetails entry={entry.data} token={token} justJoined={Boolean(state?.justJoined)} />
  );
}

function WaitlistDetails({
  entry,
  token,
  justJoined,
}: {
  entry: WaitlistEntry;
  token: string | null;
  justJoined: boolean;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const hour12 = useBookingFlowStore((s) => s.hour12);
  const setHour12 = useBookingFlowStore((s) => s.setHour12);
  const tz = detectTimeZone();
  const view = waitlistView(entry);
  const [problem, setProblem] = useState<string | null>(null);
  const manageToken = token ?? entry.manageToken ?? null;
  const saved = (next: WaitlistEntry) =>
    queryClient.setQueryData(keys.waitlistEntry(entry.id), next);

  const claim = useMutation({
    mutationFn: () => claimWaitlistPlace(entry.id, manageToken),
    onSuccess: (booking) => {
      void queryClient.invalidateQueries({ queryKey: keys.waitlistEntry(entry.id) });
      void queryClient.invalidateQueries({ queryKey: keys.allSlots });
      // The same confirmation a booking lands on, its private link in the URL.
      const bookingToken = booking.manageToken
        ? `?token=${encodeURIComponent(booking.manageToken)}`
        : "";
      navigate(`/bookings/${booking.id}${bookingToken}`, {
        state: { booking, justBooked: true },
      });
    },
    onError: (error) => {
      setProblem(
        isApiError(error, "offer_expired") ? t("waitlist.page.offerExpired") : errorMessage(error),
      );
      void queryClient.invalidateQueries({ queryKey: keys.waitlistEntry(entry.id) });
    },
  });
  const leave = useMutation({
    mutationFn: () => leaveWaitlist(entry.id, manageToken),
    onSuccess: (next) => {
      setProblem(null);
      saved({ ...entry, ...next });
      void queryClient.invalidateQueries({ queryKey: keys.allSlots });
    },
    onError: (error) => {
      setProblem(errorMessage(error));
      void queryClient.invalidateQueries({ queryKey: keys.waitlistEntry(entry.id) });
    },
  });
  const busy = claim.isPending || leave.isPending;

  const deadline = entry.offeredUntil
    ? t("waitlist.page.deadline", {
        date: formatDate(entry.offeredUntil, tz),
        time: formatTime(entry.offeredUntil, tz, hour12),
      })
    : "";

  return (
    <div className="stack narrow">
      {justJoined && view === "waiting" ? (
        <div className="hero-success">
          <span className="check" aria-hidden="true">
            ✓
          </span>
          <h1>{t("waitlist.page.joined")}</h1>
          <p>
            <WithSlot text={(email) => t("waitlist.page.emailedTo", { email })}>
              <strong>{entry.email}</strong>
            </WithSlot>
          </p>
        </div>
      ) : (
        <h1>{HEADINGS[view]()}</h1>
      )}

      <section className="card stack-tight" aria-labelledby="waitlist-title">
        <h2 id="waitlist-title">{entry.eventTitle}</h2>
        <p className="muted">{t("bookingPage.with", { name: entry.expertName })}</p>
        <p>
          {formatDate(entry.start, tz)}
          <br />
          {formatTimeRange(entry.start, entry.end, tz, hour12)}{" "}
          <span className="muted">
            ({tz.replaceAll("_", " ")}, {zoneOffsetLabel(tz, entry.start)})
          </span>
        </p>

        <div aria-live="polite" className="stack-tight">
          {view === "waiting" && (
            <p className="waitlist-status">
              {entry.position != null
                ? t("waitlist.page.position", { position: entry.position })
                : t("waitlist.page.waiting")}{" "}
              {t("waitlist.page.waitingNext", { email: entry.email })}
            </p>
          )}
          {view === "offered" && (
            <p className="waitlist-status">
              {t("waitlist.page.offered", { deadline, zone: tz.replaceAll("_", " ") })}
            </p>
          )}
          {view !== "waiting" && view !== "offered" && (
            <p className="waitlist-status">
              {STATUS_LINES[view]({ email: entry.email, name: entry.expertName })}
            </p>
          )}
          {problem && (
            <Notice kind="error" onDismiss={() => setProblem(null)}>
              {problem}
            </Notice>
          )}
        </div>

        {view === "offered" && (
          <div className="button-row">
            <button
              type="button"
              className="btn btn-primary btn-large"
              disabled={busy}
              onClick={() => {
                setProblem(null);
                claim.mutate();
              }}
            >
              {claim.isPending ? t("waitlist.page.claiming") : t("waitlist.page.claim")}
            </button>
            <button
              type="button"
              className="btn btn-secondary"
              disabled={busy}
              onClick={() => leave.mutate()}
            >
              {t("waitlist.page.letGo")}
            </button>
          </div>
        )}
        {view === "waiting" && (
          <div className="button-row">
            <button
              type="button"
              className="btn btn-danger-outline"
              disabled={busy}
              onClick={() => leave.mutate()}
            >
              {leave.isPending ? t("waitlist.page.leaving") : t("waitlist.page.leave")}
            </button>
          </div>
        )}
        <ClockToggle hour12={hour12} onChange={setHour12} />
      </section>

      {manageToken && (view === "waiting" || view === "offered") && (
        <section className="card" aria-labelledby="waitlist-link-title">
          <h2 id="waitlist-link-title">{t("bookingPage.keepLink")}</h2>
          <CopyField
            label={t("waitlist.page.link")}
            value={waitlistLink(window.location.origin, entry.id, manageToken)}
            hint={t("waitlist.page.linkHint")}
          />
        </section>
      )}
      <p>
        <Link to={`/${entry.expertUsername}`}>
          {t("bookingPage.bookAnother", { name: entry.expertName })}
        </Link>
      </p>
    </div>
  );
}

const HEADINGS: Record<WaitlistView, () => string> = {
  waiting: () => i18n.t("waitlist.page.headingWaiting"),
  offered: () => i18n.t("waitlist.page.headingOffered"),
  lapsed: () => i18n.t("waitlist.page.headingExpired"),
  booked: () => i18n.t("waitlist.page.headingBooked"),
  left: () => i18n.t("waitlist.page.headingLeft"),
  expired: () => i18n.t("waitlist.page.headingExpired"),
  closed: () => i18n.t("waitlist.page.headingClosed"),
};

type Who = { email: string; name: string };
const STATUS_LINES: Record<Exclude<WaitlistView, "waiting" | "offered">, (who: Who) => string> = {
  lapsed: () => i18n.t("waitlist.page.lapsed"),
  booked: ({ email }) => i18n.t("waitlist.page.booked", { email }),
  left: () => i18n.t("waitlist.page.left"),
  expired: () => i18n.t("waitlist.page.expired"),
  closed: ({ name }) => i18n.t("waitlist.page.closed", { name }),
};
