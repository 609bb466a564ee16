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
  const setDay = (day: number, ranges: Range[]) =>
    onChange({ ...draft, weekly: draft.weekly.map((r, i) => (i === day ? ranges : r)) });

  return (
    <fieldset className="weekly">
      <legend>Weekly hours</legend>
      <div className="weekly-helpers">
        <button
          type="button"
          className="btn btn-secondary btn-small"
          onClick={() => onChange(weekdaysOnly(draft))}
        >
          Weekdays only
        </button>
        <span className="muted small">Monday to Friday keep their hours; the weekend is off.</span>
      </div>
      {WEEKDAYS.map((name, day) => {
        const ranges = draft.weekly[day] ?? [];
        return (
          <div key={name} className="weekday-row">
            <span className="weekday-name">{name}</span>
            <div className="ranges">
              {ranges.length === 0 && <span className="muted">Unavailable</span>}
              {ranges.map((range, i) => (
                <RangeEditor
                  // biome-ignore lint/suspicious/noArrayIndexKey: ranges have no identity of their own.
                  key={i}
                  label={`${name}, range ${i + 1}`}
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
                aria-label={`Add range to ${name}`}
                onClick={() => setDay(day, [...ranges, nextRange(ranges)])}
              >
                Add range
              </button>
              <button
                type="button"
                className="btn btn-secondary btn-small"
                aria-label={`Copy to all days from ${name}`}
                onClick={() => onChange(copyToAllDays(draft, day))}
              >
                Copy to all days
              </button>
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}
