import { lazy, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import type { EventType, ExpertPublic } from "../../api/types";
import { locationLabel } from "../../api/types";
import { SlotPicker, useSelectedSlot } from "../../components/SlotPicker";
import { ClockToggle, TimeZoneSelect } from "../../components/TimeZoneSelect";
import { Notice } from "../../components/ui";
import { withAppMessages } from "../../i18n";
import { zoneOffsetLabel } from "../../lib/time";
import {
  type Selection,
  type SelectionChange,
  useBookingFlowStore,
} from "../../stores/bookingFlow";
import { DurationChoice } from "./DurationChoice";
import { chosenDuration, readDuration, writeDuration } from "./durations";
import { useFlowMachine } from "./flowMachine";
import { useSelectionUpdate } from "./useSelectionUpdate";

// The forms come only after a time is picked: chunks of their own, fetched once a day is
// picked. Picking a time is a navigation (a transition), so the page keeps showing the
// times until the form's chunk is there, then shows both at once.
const loadBookingForm = () => withAppMessages(import("./BookingForm"));
const loadWaitlistForm = () => withAppMessages(import("./WaitlistForm"));
const BookingForm = lazy(() => loadBookingForm().then((m) => ({ default: m.BookingForm })));
const WaitlistForm = lazy(() => loadWaitlistForm().then((m) => ({ default: m.WaitlistForm })));

/** One event type: its day, zone and time (all in the URL), then the visitor's details. */
export function EventTypeBooking({
  expert,
  eventType,
  selection,
  detectedTz,
  pathSlug,
}: {
  expert: ExpertPublic;
  eventType: EventType;
  selection: Selection;
  /** The browser's zone: the URL names a zone only when the visitor chose another. */
  detectedTz: string;
  pathSlug: string | null;
}) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const update = useSelectionUpdate();
  const hour12 = useBookingFlowStore((s) => s.hour12);
  const setHour12 = useBookingFlowStore((s) => s.setHour12);
  const month = useBookingFlowStore((s) => s.month);
  const setMonth = useBookingFlowStore((s) => s.setMonth);
  const [flow, send] = useFlowMachine();

  const duration = chosenDuration(eventType, readDuration(params));
  // A single-use private link's key, sent with the booking it allows.
  const privateKey = params.get("key");
  const slot = useSelectedSlot({
    expertId: expert.id,
    eventTypeId: eventType.id,
    tz: selection.tz,
    date: selection.date,
    time: selection.time,
    duration,
    taken: true,
  });
  // The waitlist's time turned out free: the page offers it for booking and says so.
  const [freedTime, setFreedTime] = useState(false);

  // A new expert or event type starts at the month of the chosen day (or this month).
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when these change.
  useEffect(() => {
    setMonth(null);
  }, [expert.id, eventType.id, setMonth]);

  // What the visitor picks changes the URL only while they are choosing: once a booking is
  // submitted, the page is on its way to the confirmation and its URL is not ours.
  const pick = (change: SelectionChange) => {
    if (!send({ type: "pick" })) return;
    setFreedTime(false);
    update(change);
  };

  useEffect(() => {
    if (!selection.date) return;
    void loadBookingForm();
    void loadWaitlistForm();
  }, [selection.date]);

  // After the visitor picks a time, take them (and their screen reader) to the form.
  const formHeading = useRef<HTMLHeadingElement>(null);
  const focusForm = useRef(false);
  useEffect(() => {
    const heading = formHeading.current;
    if (!focusForm.current || !(selection.time || selection.wait) || !heading) return;
    focusForm.current = false;
    heading.focus({ preventScroll: true });
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    heading.scrollIntoView({ block: "start", behavior: still ? "auto" : "smooth" });
  }, [selection.time, selection.wait]);

  const base = pathSlug ? `/${expert.username}` : null;

  return (
    <section className="card booking-flow" aria-labelledby="flow-title">
      <div className="flow-head">
        <div>
          <h2 id="flow-title">{eventType.title}</h2>
          <p className="muted">
            {t("common.duration", { minutes: duration })} · {locationLabel(eventType.location)}
            {eventType.seats != null && (
              <>
                {" "}
                · <span className="nowrap">{t("seats.groupOf", { count: eventType.seats })}</span>
              </>
            )}
          </p>
          {eventType.description && <p className="description">{eventType.description}</p>}
        </div>
        {expert.eventTypes.length > 1 &&
          (base ? (
            <Link
              to={`${base}${paramsWithout(params, ["type", "date", "time", "wait", "duration", "key"])}`}
            >
              ← {t("flow.allSessions")}
            </Link>
          ) : (
            <button type="button" className="btn-link" onClick={() => pick({ type: null })}>
              ← {t("flow.allSessions")}
            </button>
          ))}
      </div>
      <div className="flow-controls">
        <TimeZoneSelect
          value={selection.tz}
          onChange={(tz) => pick({ tz: tz === detectedTz ? null : tz })}
          hint={t("flow.zoneHint", { offset: zoneOffsetLabel(selection.tz) })}
        />
        <ClockToggle hour12={hour12} onChange={setHour12} />
      </div>
      <DurationChoice
        eventType={eventType}
        value={duration}
        onChange={(minutes) => {
          if (send({ type: "pick" })) setParams((p) => writeDuration(p, minutes, eventType));
        }}
      />
      {flow.phase === "choosing" && flow.warning && (
        <Notice kind="warning" onDismiss={() => send({ type: "dismiss" })}>
          {eventType.seats != null ? t("seats.sessionFull") : t("flow.timeTaken")}
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
        duration={duration}
        onDateChange={(date) => pick({ date })}
        onTimeChange={(time) => {
          focusForm.current = time !== null;
          pick({ time });
        }}
        onMonthChange={setMonth}
        onSelectedTimeGone={() => {
          if (send({ type: "timeGone" })) update({ time: null });
        }}
        wait={selection.wait}
        onWaitChange={(wait) => {
          focusForm.current = wait !== null;
          pick({ wait });
        }}
      />
      {selection.wait && (
        <WaitlistForm
          expert={expert}
          eventType={eventType}
          start={selection.wait}
          duration={duration}
          tz={selection.tz}
          hour12={hour12}
          send={send}
          headingRef={formHeading}
          onAvailable={() => {
            const time = selection.wait;
            focusForm.current = true;
            pick({ time });
            setFreedTime(true);
          }}
        />
      )}
      {selection.time && freedTime && (
        <Notice kind="success" onDismiss={() => setFreedTime(false)}>
          {t("waitlist.nowFree")}
        </Notice>
      )}
      {selection.time && (
        <BookingForm
          expert={expert}
          eventType={eventType}
          start={selection.time}
          duration={duration}
          seatsLeft={slot?.seatsLeft}
          privateKey={privateKey}
          tz={selection.tz}
          hour12={hour12}
          send={send}
          headingRef={formHeading}
          onTaken={() => update({ time: null })}
        />
      )}
    </section>
  );
}

function paramsWithout(params: URLSearchParams, drop: string[]): string {
  const next = new URLSearchParams(params);
  for (const key of drop) next.delete(key);
  const text = next.toString();
  return text ? `?${text}` : "";
}
