import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { fetchCalendarBusy, toolKeys } from "../../../api/expertTools";
import { ErrorState, Loading } from "../../../components/ui";
import { addDays, formatDateKey, todayInZone } from "../../../lib/time";
import { useBookingFlowStore } from "../../../stores/bookingFlow";
import { busyByDay, busyOnDay, mondayOf, weekQuery } from "./busyWeek";

/** One week of the expert's busy times from their connected calendars, in their zone. */
export function BusyWeek({ timeZone }: { timeZone: string }) {
  const { t } = useTranslation();
  const hour12 = useBookingFlowStore((s) => s.hour12);
  const [monday, setMonday] = useState(() => mondayOf(todayInZone(timeZone)));
  const range = weekQuery(monday);
  const busy = useQuery({
    queryKey: toolKeys.calendarBusy(range.start, range.end),
    queryFn: () => fetchCalendarBusy(range.start, range.end),
  });

  return (
    <section className="stack-tight" aria-labelledby="busy-week-title">
      <div className="section-head">
        <h3 id="busy-week-title">{t("calendars.weekTitle", { date: formatDateKey(monday) })}</h3>
        <div className="button-row">
          <button
            type="button"
            className="btn btn-secondary btn-small"
            onClick={() => setMonday(addDays(monday, -7))}
          >
            {t("calendars.previousWeek")}
          </button>
          <button
            type="button"
            className="btn btn-secondary btn-small"
            onClick={() => setMonday(addDays(monday, 7))}
          >
            {t("calendars.nextWeek")}
          </button>
        </div>
      </div>
      <p className="muted small">{t("calendars.weekIntro")}</p>
      {busy.isPending ? (
        <Loading label={t("calendars.weekLoading")} />
      ) : busy.isError ? (
        <ErrorState error={busy.error} onRetry={() => busy.refetch()} />
      ) : (
        <ul className="busy-week">
          {busyByDay(monday, busy.data, timeZone).map(({ day, busy: times }) => (
            <li key={day}>
              <strong>{formatDateKey(day)}</strong>{" "}
              {times.length === 0 ? (
                <span className="muted">{t("calendars.free")}</span>
              ) : (
                times.map((b) => {
                  const on = busyOnDay(b, day, timeZone, hour12);
                  return (
                    <span key={b.start} className="badge busy-time">
                      {on.allDay
                        ? t("calendars.busyAllDay")
                        : t("calendars.busyFromTo", { from: on.from, to: on.to })}
                    </span>
                  );
                })
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
