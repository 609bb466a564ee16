import { useTranslation } from "react-i18next";
import { weekdayName } from "../../../lib/time";
import {
  type AvailabilityDraft,
  copyToAllDays,
  type Range,
  WEEKDAYS,
  weekdaysOnly,
} from "./availabilityModel";
import { nextRange, RangeEditor } from "./RangeEditor";

/** The weekly hours, day by day, with helpers that fill the week in one click. */
export function WeeklyHours({
  draft,
  problems,
  onChange,
}: {
  draft: AvailabilityDraft;
  problems: Record<string, string>;
  onChange: (next: AvailabilityDraft) => void;
}) {
  const { t } = useTranslation();
  const setDay = (day: number, ranges: Range[]) =>
    onChange({ ...draft, weekly: draft.weekly.map((r, i) => (i === day ? ranges : r)) });

  return (
    <fieldset className="weekly">
      <legend>{t("availability.weekly")}</legend>
      <div className="weekly-helpers">
        <button
          type="button"
          className="btn btn-secondary btn-small"
          onClick={() => onChange(weekdaysOnly(draft))}
        >
          {t("availability.weekdaysOnly")}
        </button>
        <span className="muted small">{t("availability.weekdaysOnlyHint")}</span>
      </div>
      {WEEKDAYS.map((id, day) => {
        const ranges = draft.weekly[day] ?? [];
        const name = weekdayName(day);
        return (
          <div key={id} className="weekday-row">
            <span className="weekday-name">{name}</span>
            <div className="ranges">
              {ranges.length === 0 && (
                <span className="muted">{t("availability.unavailable")}</span>
              )}
              {ranges.map((range, i) => (
                <RangeEditor
                  // biome-ignore lint/suspicious/noArrayIndexKey: ranges have no identity of their own.
                  key={i}
                  label={t("availability.rangeLabel", { label: name, number: i + 1 })}
                  range={range}
                  error={problems[`weekly.${day}.${i}`]}
                  onChange={(r) =>
                    setDay(
                      day,
                      ranges.map((x, k) => (k === i ? r : x)),
                    )
                  }
                  onRemove={() =>
                    setDay(
                      day,
                      ranges.filter((_, k) => k !== i),
                    )
                  }
                />
              ))}
            </div>
            <div className="weekday-actions">
              <button
                type="button"
                className="btn btn-secondary btn-small"
                aria-label={t("availability.addRangeTo", { label: name })}
                onClick={() => setDay(day, [...ranges, nextRange(ranges)])}
              >
                {t("availability.addRange")}
              </button>
              <button
                type="button"
                className="btn btn-secondary btn-small"
                aria-label={t("availability.copyFrom", { label: name })}
                onClick={() => onChange(copyToAllDays(draft, day))}
              >
                {t("availability.copyAll")}
              </button>
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}
