import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef } from "react";
import { DayPicker } from "react-day-picker";
import { useTranslation } from "react-i18next";
import { slotsQuery } from "../api/queries";
import type { Slot } from "../api/types";
import {
  addDays,
  dateKeyToLocalDate,
  formatDateKey,
  formatMonthCaption,
  formatTime,
  formatWeekdayName,
  localDateToKey,
  monthBounds,
  monthOf,
  todayInZone,
} from "../lib/time";
import { ErrorState } from "./ui";
import { useFirstFreeMonth } from "./useFirstFreeMonth";

const sameInstant = (a: string, b: string) => Date.parse(a) === Date.parse(b);

/**
 * The chosen slot as the calendar's month of slots holds it (the same query, so a live
 * `slotsChanged` refreshes both), or undefined while loading or once it is gone.
 */
export function useSelectedSlot({
  expertId,
  eventTypeId,
  tz,
  date,
  time,
  duration = null,
  taken = false,
}: {
  expertId: string;
  eventTypeId: string;
  tz: string;
  date: string | null;
  time: string | null;
  duration?: number | null;
  /** Whether the calendar shows taken times too (its query's key says so). */
  taken?: boolean;
}): Slot | undefined {
  const { start, end } = monthBounds(monthOf(date ?? todayInZone(tz)));
  const slots = useQuery({
    ...slotsQuery({ expertId, eventTypeId, start, end, tz, duration, taken }),
    enabled: Boolean(date && time),
  });
  if (!date || !time) return undefined;
  const day = slots.data?.days.find((d) => d.date === date);
  return day?.slots.find((s) => sameInstant(s.start, time));
}

/**
 * A month calendar whose days without a free slot are disabled, and the chosen day's free
 * times in `tz`. The slots come from the server (TanStack Query), so a `slotsChanged` event
 * that invalidates them makes taken times disappear here.
 */
export function SlotPicker({
  expertId,
  eventTypeId,
  tz,
  hour12,
  date,
  time,
  month,
  maxDaysAhead,
  duration = null,
  onDateChange,
  onTimeChange,
  onMonthChange,
  onSelectedTimeGone,
  wait = null,
  onWaitChange,
}: {
  expertId: string;
  eventTypeId: string;
  tz: string;
  hour12: boolean;
  date: string | null;
  time: string | null;
  month: string | null;
  maxDaysAhead?: number;
  /** The length chosen among the event type's options; its default when null. */
  duration?: number | null;
  onDateChange: (date: string | null) => void;
  onTimeChange: (time: string | null) => void;
  onMonthChange: (month: string) => void;
  /** The chosen time is no longer offered (someone else took it). */
  onSelectedTimeGone?: () => void;
  /** The taken time whose waitlist the visitor picked. */
  wait?: string | null;
  /**
   * Given, the calendar also shows taken times (full sessions, booked times), and picking
   * one means joining its waitlist; days with only taken times can be picked too.
   */
  onWaitChange?: (start: string | null) => void;
}) {
  const { t } = useTranslation();
  const withTaken = onWaitChange !== undefined;
  const today = todayInZone(tz);
  const lastDay = addDays(today, maxDaysAhead ?? 365);
  // Until the visitor picks a day or a month, open on the first month with a free day.
  const first = useFirstFreeMonth({
    expertId,
    eventTypeId,
    tz,
    today,
    lastDay,
    duration,
    taken: withTaken,
    enabled: month === null && date === null,
  });
  const shownMonth = month ?? (date ? monthOf(date) : first.month);
  const { start, end } = monthBounds(shownMonth);
  const lastMonth = monthOf(lastDay);

  const slots = useQuery({
    ...slotsQuery({ expertId, eventTypeId, start, end, tz, duration, taken: withTaken }),
    placeholderData: (previous, previousQuery) =>
      // Keep the old month on screen only while switching zone, not month.
      previousQuery?.queryKey[3] === start ? previous : undefined,
  });

  const [byDate, takenByDate] = useMemo(() => {
    const free = new Map<string, Slot[]>();
    const taken = new Map<string, Slot[]>();
    for (const day of slots.data?.days ?? []) {
      if (day.slots.length) free.set(day.date, day.slots);
      if (day.taken?.length) taken.set(day.date, day.taken);
    }
    return [free, taken];
  }, [slots.data]);
  // A day whose every time is taken still offers their waitlists.
  const waitlistOnly = (key: string) => !byDate.has(key) && takenByDate.has(key);

  const daySlots = date ? (byDate.get(date) ?? []) : [];
  const dayTaken = date ? (takenByDate.get(date) ?? []) : [];
  const freeDays = byDate.size;

  // When fresh data no longer offers the chosen time, let the page say so and forget it.
  const goneRef = useRef(onSelectedTimeGone);
  goneRef.current = onSelectedTimeGone;
  useEffect(() => {
    if (!time || !date || slots.isFetching || !slots.isSuccess) return;
    if (monthOf(date) !== shownMonth) return;
    if (!daySlots.some((s) => sameInstant(s.start, time))) goneRef.current?.();
  }, [time, date, daySlots, slots.isFetching, slots.isSuccess, shownMonth]);

  return (
    <div className="slot-picker">
      <div className="calendar-panel">
        <DayPicker
          mode="single"
          required={false}
          weekStartsOn={1}
          selected={date ? dateKeyToLocalDate(date) : undefined}
          onSelect={(d) => onDateChange(d ? localDateToKey(d) : null)}
          month={dateKeyToLocalDate(`${shownMonth}-01`)}
          onMonthChange={(m) => onMonthChange(monthOf(localDateToKey(m)))}
          startMonth={dateKeyToLocalDate(`${monthOf(today)}-01`)}
          endMonth={dateKeyToLocalDate(`${lastMonth}-01`)}
          today={dateKeyToLocalDate(today)}
          disabled={(d) => {
            const key = localDateToKey(d);
            return !byDate.has(key) && !takenByDate.has(key);
          }}
          modifiers={{ waitlistOnly: (d) => waitlistOnly(localDateToKey(d)) }}
          modifiersClassNames={{ waitlistOnly: "day-waitlist-only" }}
          // Month and weekday names come from Intl in the language on screen.
          formatters={{
            formatCaption: (m) => formatMonthCaption(m),
            formatWeekdayName: (d) => formatWeekdayName(d, "short"),
          }}
          labels={{
            // "Monday, March 9, 2026": the visible day number stays a word of the name.
            labelDayButton: (d, modifiers) => {
              const key = localDateToKey(d);
              const day = formatDateKey(key);
              const name = modifiers.today ? t("calendar.today", { day }) : day;
              if (modifiers.selected) return t("calendar.daySelected", { day: name });
              if (waitlistOnly(key)) return t("waitlist.dayFull", { day: name });
              if (!byDate.has(key)) return t("calendar.dayNoTimes", { day: name });
              return name;
            },
            labelGrid: (m) => formatMonthCaption(m),
            labelWeekday: (d) => formatWeekdayName(d, "long"),
            labelNav: () => t("calendar.nav"),
            labelNext: () => t("calendar.nextMonth"),
            labelPrevious: () => t("calendar.previousMonth"),
          }}
          footer={
            <p className="calendar-footer" aria-live="polite">
              {slots.isPending || first.searching
                ? t("calendar.loading")
                : slots.isError
                  ? ""
                  : freeDays === 0
                    ? t("calendar.noFreeDays")
                    : date
                      ? t("calendar.selected", { day: formatDateKey(date) })
                      : t("calendar.pickDay")}
            </p>
          }
        />
        {slots.isError && <ErrorState error={slots.error} onRetry={() => slots.refetch()} />}
      </div>
      <div className="times-panel">
        {date ? (
          <>
            <h3 className="times-title">{formatDateKey(date)}</h3>
            {slots.isPending ? (
              <p className="muted">{t("common.loading")}</p>
            ) : daySlots.length === 0 ? (
              <p className="muted">{t("calendar.noTimesLeft")}</p>
            ) : (
              <ul
                className="times"
                aria-label={t("calendar.timesOn", { day: formatDateKey(date) })}
              >
                {daySlots.map((slot) => {
                  const selected = time !== null && sameInstant(slot.start, time);
                  return (
                    <li key={slot.start}>
                      <button
                        type="button"
                        className={`time-button${selected ? " selected" : ""}`}
                        aria-pressed={selected}
                        onClick={() => onTimeChange(selected ? null : slot.start)}
                      >
                        {formatTime(slot.start, tz, hour12)}
                        {slot.seatsLeft != null && (
                          <span className="seats-left">
                            <span className="sr-only">, </span>
                            {t("seats.left", { count: slot.seatsLeft })}
                          </span>
                        )}
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
            {dayTaken.length > 0 && onWaitChange && (
              <>
                <h4 className="times-title">{t("waitlist.takenTitle")}</h4>
                <p className="muted small">{t("waitlist.takenHint")}</p>
                <ul
                  className="taken-times"
                  aria-label={t("waitlist.takenOn", { day: formatDateKey(date) })}
                >
                  {dayTaken.map((slot) => {
                    const selected = wait !== null && sameInstant(slot.start, wait);
                    return (
                      <li key={slot.start}>
                        <button
                          type="button"
                          className={`time-button waitlist-time${selected ? " selected" : ""}`}
                          aria-pressed={selected}
                          onClick={() => onWaitChange(selected ? null : slot.start)}
                        >
                          {formatTime(slot.start, tz, hour12)}
                          <span className="seats-left">
                            <span className="sr-only">, </span>
                            {t("waitlist.full")}
                          </span>
                        </button>
                      </li>
                    );
                  })}
                </ul>
              </>
            )}
          </>
        ) : (
          <p className="muted times-empty">{t("calendar.chooseDay")}</p>
        )}
      </div>
    </div>
  );
}
