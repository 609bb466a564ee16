import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { api, call } from "../../api/client";
import { isApiError } from "../../api/errors";
import { fetchExpert, keys } from "../../api/queries";
import type { EventType, ExpertPublic } from "../../api/types";
import { locationLabel } from "../../api/types";
import { SlotPicker } from "../../components/SlotPicker";
import { ClockToggle, TimeZoneSelect } from "../../components/TimeZoneSelect";
import { ErrorState, Field, Loading, Notice, usePageTitle } from "../../components/ui";
import { initials } from "../../lib/text";
import { detectTimeZone, formatDate, formatTimeRange, zoneOffsetLabel } from "../../lib/time";
import { useWatchExpert } from "../../realtime/socket";
import { useAuthStore } from "../../stores/auth";
import {
  readSelection,
  type Selection,
  type SelectionChange,
  useBookingFlowStore,
  writeSelection,
} from "../../stores/bookingFlow";
import { splitErrors } from "../auth/AuthPages";
import { NotFound } from "../NotFound";

const TAKEN = "That time was just taken — please pick another";

/** `/expert/:id`, `/:username` and `/:username/:slug`: the expert and the booking flow. */
export function ExpertPage() {
  const { id, username, slug } = useParams();
  const idOrUsername = id ?? username ?? "";
  const expert = useQuery({
    queryKey: keys.expert(idOrUsername),
    queryFn: () => fetchExpert(idOrUsername),
  });
  usePageTitle(expert.data ? `Book ${expert.data.name}` : "Book a session");
  useWatchExpert(expert.data?.id);

  if (expert.isPending) return <Loading label="Loading…" />;
  if (expert.isError) {
    if (isApiError(expert.error) && expert.error.status === 404) {
      return (
        <NotFound
          title="We couldn't find that expert"
          message={`There is no expert at “${idOrUsername}”. Check the link, or ask the expert for their booking page address.`}
        />
      );
    }
    return <ErrorState error={expert.error} onRetry={() => expert.refetch()} />;
  }
  return <BookingFlow expert={expert.data} pathSlug={slug ?? null} />;
}

function BookingFlow({ expert, pathSlug }: { expert: ExpertPublic; pathSlug: string | null }) {
  const [params, setParams] = useSearchParams();
  const detectedTz = useMemo(detectTimeZone, []);
  const selection: Selection = readSelection(params, detectedTz, pathSlug);
  const hour12 = useBookingFlowStore((s) => s.hour12);
  const setHour12 = useBookingFlowStore((s) => s.setHour12);
  const month = useBookingFlowStore((s) => s.month);
  const setMonth = useBookingFlowStore((s) => s.setMonth);
  const [warning, setWarning] = useState<string | null>(null);

  const eventType = selection.type
    ? expert.eventTypes.find((e) => e.slug === selection.type || e.id === selection.type)
    : undefined;

  // A new expert or event type starts at the month of the chosen day (or this month).
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when these change.
  useEffect(() => {
    setMonth(null);
  }, [expert.id, eventType?.id, setMonth]);

  const update = (change: SelectionChange) =>
    setParams((p) => writeSelection(p, change), {
      replace: "time" in change && !("type" in change),
    });

  const base = pathSlug ? `/${expert.username}` : null;

  return (
    <div className="stack">
      <ExpertHeader expert={expert} compact={Boolean(eventType)} />
      {!selection.type ? (
        <EventTypeList expert={expert} params={params} />
      ) : !eventType ? (
        <Notice kind="warning">
          This session type isn't available any more.{" "}
          {base ? (
            <Link to={base}>See all sessions</Link>
          ) : (
            <button type="button" className="btn-link" onClick={() => update({ type: null })}>
              See all sessions
            </button>
          )}
        </Notice>
      ) : (
        <section className="card booking-flow" aria-labelledby="flow-title">
          <div className="flow-head">
            <div>
              <h2 id="flow-title">{eventType.title}</h2>
              <p className="muted">
                {eventType.durationMinutes} min · {locationLabel(eventType.location)}
              </p>
              {eventType.description && <p className="description">{eventType.description}</p>}
            </div>
            {expert.eventTypes.length > 1 &&
              (base ? (
                <Link to={`${base}${paramsWithout(params, ["type", "date", "time"])}`}>
                  ← All sessions
                </Link>
              ) : (
                <button type="button" className="btn-link" onClick={() => update({ type: null })}>
                  ← All sessions
                </button>
              ))}
          </div>
          <div className="flow-controls">
            <TimeZoneSelect
              value={selection.tz}
              onChange={(tz) => update({ tz: tz === detectedTz ? null : tz })}
              hint={`Times are shown in this zone (${zoneOffsetLabel(selection.tz)}).`}
            />
            <ClockToggle hour12={hour12} onChange={setHour12} />
          </div>
          {warning && (
            <Notice kind="warning" onDismiss={() => setWarning(null)}>
              {warning}
            </Notice>
          )}
          <SlotPicker
            expertId={expert.id}
            eventTypeId={eventType.id}
            tz={selection.tz}
            hour12={hour12}
            date={selection.date}
            time={selection.time}
            month={month}
            maxDaysAhead={eventType.maxDaysAhead}
            onDateChange={(date) => {
              setWarning(null);
              update({ date });
            }}
            onTimeChange={(time) => {
              setWarning(null);
              update({ time });
            }}
            onMonthChange={setMonth}
            onSelectedTimeGone={() => {
              setWarning(TAKEN);
              update({ time: null });
            }}
          />
          {selection.time && (
            <BookingForm
              expert={expert}
              eventType={eventType}
              start={selection.time}
              tz={selection.tz}
              hour12={hour12}
              onTaken={(message) => {
                setWarning(message);
                update({ time: null });
              }}
            />
          )}
        </section>
      )}
    </div>
  );
}

function paramsWithout(params: URLSearchParams, drop: string[]): string {
  const next = new URLSearchParams(params);
  for (const key of drop) next.delete(key);
  const text = next.toString();
  return text ? `?${text}` : "";
}

function ExpertHeader({ expert, compact }: { expert: ExpertPublic; compact: boolean }) {
  return (
    <header className={`expert-header card${compact ? " compact" : ""}`}>
      <span className="avatar" aria-hidden="true">
        {initials(expert.name)}
      </span>
      <div>
        <h1>{expert.name}</h1>
        {expert.headline && <p className="headline">{expert.headline}</p>}
        {!compact && expert.bio && <p className="bio">{expert.bio}</p>}
      </div>
    </header>
  );
}

function EventTypeList({ expert, params }: { expert: ExpertPublic; params: URLSearchParams }) {
  if (expert.eventTypes.length === 0) {
    return (
      <p className="empty">
        {expert.name} has no sessions open for booking right now. Please check back later.
      </p>
    );
  }
  const link = (e: EventType) => {
    const next = new URLSearchParams(params);
    next.set("type", e.slug);
    next.delete("date");
    next.delete("time");
    return `?${next.toString()}`;
  };
  return (
    <section aria-labelledby="types-title">
      <h2 id="types-title">Choose a session</h2>
      <ul className="type-grid">
        {expert.eventTypes.map((e) => (
          <li key={e.id} className="card type-card">
            <h3>
              <Link to={link(e)} className="stretched">
                {e.title}
              </Link>
            </h3>
            <p className="muted">
              {e.durationMinutes} min · {locationLabel(e.location)}
            </p>
            {e.description && <p className="description">{e.description}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function BookingForm({
  expert,
  eventType,
  start,
  tz,
  hour12,
  onTaken,
}: {
  expert: ExpertPublic;
  eventType: EventType;
  start: string;
  tz: string;
  hour12: boolean;
  onTaken: (message: string) => void;
}) {
  const user = useAuthStore((s) => s.user);
  const draft = useBookingFlowStore((s) => s.draft);
  const updateDraft = useBookingFlowStore((s) => s.updateDraft);
  const prefillDraft = useBookingFlowStore((s) => s.prefillDraft);
  const resetDraft = useBookingFlowStore((s) => s.resetDraft);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const end = new Date(Date.parse(start) + eventType.durationMinutes * 60_000).toISOString();
  // One key per attempt at this slot: a retried request cannot book twice.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());

  useEffect(() => {
    if (user) prefillDraft({ name: user.name, email: user.email });
  }, [user, prefillDraft]);

  const book = useMutation({
    mutationFn: () =>
      call(
        api.POST("/api/bookings", {
          params: { header: { "idempotency-key": idempotencyKey } },
          body: {
            eventTypeId: eventType.id,
            start,
            name: draft.name.trim(),
            email: draft.email.trim(),
            phone: draft.phone.trim() || null,
            notes: draft.notes.trim() || null,
            timezone: tz,
          },
        }),
      ),
    onSuccess: (booking) => {
      resetDraft();
      void queryClient.invalidateQueries({ queryKey: keys.slotsOf(expert.id) });
      void queryClient.invalidateQueries({ queryKey: keys.bookings });
      const token =
        !user && booking.manageToken ? `?token=${encodeURIComponent(booking.manageToken)}` : "";
      navigate(`/bookings/${booking.id}${token}`, { state: { booking, justBooked: true } });
    },
    onError: (error) => {
      setIdempotencyKey(crypto.randomUUID());
      if (isApiError(error, "slot_taken") || isApiError(error, "slot_unavailable")) {
        void queryClient.invalidateQueries({ queryKey: keys.slotsOf(expert.id) });
        onTaken(TAKEN);
      }
    },
  });
  const { fieldErrors, formError } =
    book.error &&
    !isApiError(book.error, "slot_taken") &&
    !isApiError(book.error, "slot_unavailable")
      ? splitErrors(book.error, ["name", "email", "phone", "notes"])
      : { fieldErrors: {} as Record<string, string>, formError: null };

  return (
    <form
      className="booking-form"
      aria-labelledby="form-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        book.mutate();
      }}
    >
      <h3 id="form-title">Your details</h3>
      <p className="selected-summary">
        <strong>{eventType.title}</strong> with {expert.name}
        <br />
        {formatDate(start, tz)}, {formatTimeRange(start, end, tz, hour12)}{" "}
        <span className="muted">({tz.replaceAll("_", " ")})</span>
      </p>
      {formError && <Notice kind="error">{formError}</Notice>}
      <div className="form-grid">
        <Field label="Name" error={fieldErrors.name}>
          {(props) => (
            <input
              {...props}
              type="text"
              autoComplete="name"
              required
              value={draft.name}
              onChange={(e) => updateDraft({ name: e.target.value })}
            />
          )}
        </Field>
        <Field label="Email" error={fieldErrors.email}>
          {(props) => (
            <input
              {...props}
              type="email"
              autoComplete="email"
              required
              value={draft.email}
              onChange={(e) => updateDraft({ email: e.target.value })}
            />
          )}
        </Field>
        <Field label="Phone (optional)" error={fieldErrors.phone}>
          {(props) => (
            <input
              {...props}
              type="tel"
              autoComplete="tel"
              value={draft.phone}
              onChange={(e) => updateDraft({ phone: e.target.value })}
            />
          )}
        </Field>
      </div>
      <Field
        label="Notes (optional)"
        error={fieldErrors.notes}
        hint="Anything that will help prepare the session."
      >
        {(props) => (
          <textarea
            {...props}
            rows={3}
            value={draft.notes}
            onChange={(e) => updateDraft({ notes: e.target.value })}
          />
        )}
      </Field>
      <button type="submit" className="btn btn-primary btn-large" disabled={book.isPending}>
        {book.isPending ? "Booking…" : "Confirm booking"}
      </button>
    </form>
  );
}
