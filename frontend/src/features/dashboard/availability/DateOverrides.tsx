import { useTranslation } from "react-i18next";
import { addDays, formatDateKey, todayInZone } from "../../../lib/time";
import { type AvailabilityDraft, DEFAULT_RANGE } from "./availabilityModel";
import { nextRange, RangeEditor } from "./RangeEditor";

type Override = AvailabilityDraft["overrides"][number];

/** Dates whose hours differ from the week's: a day off or custom hours. */
export function DateOverrides({
  draft,
  problems,
  onChange,
}: {
  draft: AvailabilityDraft;
  problems: Record<string, string>;
  onChange: (next: AvailabilityDraft) => void;
}) {
  const { t } = useTranslation();
  const setOverride = (index: number, o: Override) =>
    onChange({ ...draft, overrides: draft.overrides.map((x, i) => (i === index ? o : x)) });
  const tomorrow = addDays(todayInZone(draft.timezone), 1);

  return (
    <fieldset className="overrides">
      <legend>{t("availability.overrides")}</legend>
      <p className="muted small">{t("availability.overridesText")}</p>
      {draft.overrides.length === 0 && <p className="muted">{t("availability.noOverrides")}</p>}
      <ul className="override-list">
        {draft.overrides.map((o, index) => {
          const label = o.date
            ? formatDateKey(o.date)
            : t("availability.overrideNumber", { number: index + 1 });
          const dateError = problems[`overrides.${index}.date`];
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: overrides are edited in place.
            <li key={index} className="override-item">
              <div className="override-head">
                <div className={`field${dateError ? " field-invalid" : ""}`}>
                  <label htmlFor={`override-date-${index}`}>{t("availability.date")}</label>
                  <input
                    id={`override-date-${index}`}
                    type="date"
                    value={o.date}
                    min={todayInZone(draft.timezone)}
                    aria-invalid={dateError ? true : undefined}
                    aria-describedby={dateError ? `override-date-${index}-error` : undefined}
                    onChange={(e) => setOverride(index, { ...o, date: e.target.value })}
                  />
                  {dateError && (
                    <p className="field-error" id={`override-date-${index}-error`}>
                      {dateError}
                    </p>
                  )}
                </div>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={o.dayOff}
                    onChange={(e) =>
                      setOverride(index, {
                        ...o,
                        dayOff: e.target.checked,
                        ranges: e.target.checked
                          ? []
                          : o.ranges.length
                            ? o.ranges
                            : [DEFAULT_RANGE],
                      })
                    }
                  />
                  {t("availability.dayOff")}
                </label>
                <button
                  type="button"
                  className="btn btn-danger-outline btn-small"
                  aria-label={t("availability.removeOverrideFor", { label })}
                  onClick={() =>
                    onChange({ ...draft, overrides: draft.overrides.filter((_, k) => k !== index) })
                  }
                >
                  {t("availability.removeOverride")}
                </button>
              </div>
              {!o.dayOff && (
                <div className="ranges">
                  {o.ranges.map((range, i) => (
                    <RangeEditor
                      // biome-ignore lint/suspicious/noArrayIndexKey: as above.
                      key={i}
                      label={t("availability.rangeLabel", { label, number: i + 1 })}
                      range={range}
                      error={problems[`overrides.${index}.ranges.${i}`]}
                      onChange={(r) =>
                        setOverride(index, {
                          ...o,
                          ranges: o.ranges.map((x, k) => (k === i ? r : x)),
                        })
                      }
                      onRemove={() =>
                        setOverride(index, { ...o, ranges: o.ranges.filter((_, k) => k !== i) })
                      }
                    />
                  ))}
                  <button
                    type="button"
                    className="btn btn-secondary btn-small"
                    aria-label={t("availability.addRangeTo", { label })}
                    onClick={() =>
                      setOverride(index, { ...o, ranges: [...o.ranges, nextRange(o.ranges)] })
                    }
                  >
                    {t("availability.addRange")}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        className="btn btn-secondary"
        onClick={() =>
          onChange({
            ...draft,
            overrides: [
              ...draft.overrides,
              { date: unusedDate(draft, tomorrow), dayOff: true, ranges: [] },
            ],
          })
        }
      >
        {t("availability.addOverride")}
      </button>
    </fieldset>
  );
}

function unusedDate(draft: AvailabilityDraft, from: string): string {
  let date = from;
  const taken = new Set(draft.overrides.map((o) => o.date));
  while (taken.has(date)) date = addDays(date, 1);
  return date;
}
