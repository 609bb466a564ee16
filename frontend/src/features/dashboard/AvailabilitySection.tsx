import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, call } from "../../api/client";
import { ApiError, errorMessage } from "../../api/errors";
import { keys } from "../../api/queries";
import type { Availability } from "../../api/types";
import { TimeZoneSelect } from "../../components/TimeZoneSelect";
import { ErrorState, Loading, Notice } from "../../components/ui";
import { addDays, formatDateKey, todayInZone } from "../../lib/time";
import {
  type AvailabilityDraft,
  DEFAULT_RANGE,
  fromDraft,
  type Range,
  toDraft,
  validateDraft,
  WEEKDAYS,
} from "./availabilityModel";

const fetchAvailability = () => call(api.GET("/api/experts/me/availability"));

export function AvailabilitySection() {
  const availability = useQuery({ queryKey: keys.availability, queryFn: fetchAvailability });
  return (
    <section className="card" aria-labelledby="availability-title">
      <h2 id="availability-title">Availability</h2>
      {availability.isPending ? (
        <Loading label="Loading availability…" />
      ) : availability.isError ? (
        <ErrorState error={availability.error} onRetry={() => availability.refetch()} />
      ) : (
        <AvailabilityEditor initial={availability.data} />
      )}
    </section>
  );
}

function AvailabilityEditor({ initial }: { initial: Availability }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<AvailabilityDraft>(() => toDraft(initial));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  const change = (next: AvailabilityDraft) => {
    setDraft(next);
    setSaved(false);
  };
  const setDay = (day: number, ranges: Range[]) =>
    change({ ...draft, weekly: draft.weekly.map((r, i) => (i === day ? ranges : r)) });
  const setOverride = (index: number, o: AvailabilityDraft["overrides"][number]) =>
    change({ ...draft, overrides: draft.overrides.map((x, i) => (i === index ? o : x)) });

  const save = useMutation({
    mutationFn: (body: Availability) => call(api.PUT("/api/experts/me/availability", { body })),
    onSuccess: (data) => {
      setDraft(toDraft(data));
      setSaved(true);
      queryClient.setQueryData(keys.availability, data);
      void queryClient.invalidateQueries({ queryKey: ["slots"] });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateDraft(draft);
    setProblems(found);
    if (Object.keys(found).length === 0) save.mutate(fromDraft(draft));
  };

  const tomorrow = addDays(todayInZone(draft.timezone), 1);

  return (
    <form onSubmit={submit} noValidate className="availability">
      <TimeZoneSelect
        value={draft.timezone}
        onChange={(timezone) => change({ ...draft, timezone })}
        hint="Your hours below are in this time zone."
      />

      <fieldset className="weekly">
        <legend>Weekly hours</legend>
        {WEEKDAYS.map((name, day) => (
          <div key={name} className="weekday-row">
            <span className="weekday-name" id={`weekday-${day}`}>
              {name}
            </span>
            <div className="ranges">
              {(draft.weekly[day] ?? []).length === 0 && <span className="muted">Unavailable</span>}
              {(draft.weekly[day] ?? []).map((range, i) => (
                <RangeEditor
                  // biome-ignore lint/suspicious/noArrayIndexKey: ranges have no identity of their own.
                  key={i}
                  label={`${name}, range ${i + 1}`}
                  range={range}
                  error={problems[`weekly.${day}.${i}`]}
                  onChange={(r) =>
                    setDay(
                      day,
                      (draft.weekly[day] ?? []).map((x, k) => (k === i ? r : x)),
                    )
                  }
                  onRemove={() =>
                    setDay(
                      day,
                      (draft.weekly[day] ?? []).filter((_, k) => k !== i),
                    )
                  }
                />
              ))}
            </div>
            <button
              type="button"
              className="btn btn-secondary btn-small"
              aria-label={`Add range to ${name}`}
              onClick={() =>
                setDay(day, [...(draft.weekly[day] ?? []), nextRange(draft.weekly[day] ?? [])])
              }
            >
              Add range
            </button>
          </div>
        ))}
      </fieldset>

      <fieldset className="overrides">
        <legend>Date overrides</legend>
        <p className="muted small">
          Take a day off or set different hours for one date. An override replaces the weekly hours
          of that date.
        </p>
        {draft.overrides.length === 0 && <p className="muted">No date overrides.</p>}
        <ul className="override-list">
          {draft.overrides.map((o, index) => {
            const label = o.date ? formatDateKey(o.date) : `Override ${index + 1}`;
            const dateError = problems[`overrides.${index}.date`];
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: overrides are edited in place.
              <li key={index} className="override-item">
                <div className="override-head">
                  <div className={`field${dateError ? " field-invalid" : ""}`}>
                    <label htmlFor={`override-date-${index}`}>Date</label>
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
                    Day off
                  </label>
                  <button
                    type="button"
                    className="btn btn-danger-outline btn-small"
                    aria-label={`Remove override for ${label}`}
                    onClick={() =>
                      change({ ...draft, overrides: draft.overrides.filter((_, k) => k !== index) })
                    }
                  >
                    Remove override
                  </button>
                </div>
                {!o.dayOff && (
                  <div className="ranges">
                    {o.ranges.map((range, i) => (
                      <RangeEditor
                        // biome-ignore lint/suspicious/noArrayIndexKey: as above.
                        key={i}
                        label={`${label}, range ${i + 1}`}
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
                      aria-label={`Add range to ${label}`}
                      onClick={() =>
                        setOverride(index, { ...o, ranges: [...o.ranges, nextRange(o.ranges)] })
                      }
                    >
                      Add range
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
            change({
              ...draft,
              overrides: [
                ...draft.overrides,
                { date: unusedDate(draft, tomorrow), dayOff: true, ranges: [] },
              ],
            })
          }
        >
          Add date override
        </button>
      </fieldset>

      {Object.keys(problems).length > 0 && (
        <Notice kind="error">Some hours need fixing — see the messages above.</Notice>
      )}
      {save.isError && <Notice kind="error">{saveError(save.error)}</Notice>}
      {saved && <Notice kind="success">Availability saved.</Notice>}
      <button type="submit" className="btn btn-primary" disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Save availability"}
      </button>
    </form>
  );
}

function saveError(error: unknown): string {
  if (error instanceof ApiError && error.status === 422) {
    const fields = Object.values(error.fieldErrors());
    if (fields.length) return `${error.message} ${fields.join(" ")}`;
  }
  return errorMessage(error);
}

/** A new range after the last one (an hour long), or the default working day. */
function nextRange(ranges: Range[]): Range {
  const last = ranges[ranges.length - 1];
  if (!last) return DEFAULT_RANGE;
  const [h = 0, m = 0] = last.end.split(":").map(Number);
  const start = Math.min(h + 1, 22);
  const pad = (n: number) => String(n).padStart(2, "0");
  return { start: `${pad(start)}:${pad(m)}`, end: `${pad(start + 1)}:${pad(m)}` };
}

function unusedDate(draft: AvailabilityDraft, from: string): string {
  let date = from;
  const taken = new Set(draft.overrides.map((o) => o.date));
  while (taken.has(date)) date = addDays(date, 1);
  return date;
}

function RangeEditor({
  label,
  range,
  error,
  onChange,
  onRemove,
}: {
  label: string;
  range: Range;
  error?: string;
  onChange: (r: Range) => void;
  onRemove: () => void;
}) {
  const id = label.replace(/[^a-zA-Z0-9]+/g, "-");
  const errorId = `${id}-error`;
  return (
    <div className={`range${error ? " field-invalid" : ""}`}>
      <label htmlFor={`${id}-start`}>
        <span className="sr-only">{label} </span>From
      </label>
      <input
        id={`${id}-start`}
        type="time"
        step={900}
        value={range.start}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => onChange({ ...range, start: e.target.value })}
      />
      <label htmlFor={`${id}-end`}>
        <span className="sr-only">{label} </span>To
      </label>
      <input
        id={`${id}-end`}
        type="time"
        step={900}
        value={range.end}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => onChange({ ...range, end: e.target.value })}
      />
      <button
        type="button"
        className="btn-link range-remove"
        aria-label={`Remove ${label}`}
        onClick={onRemove}
      >
        Remove
      </button>
      {error && (
        <p className="field-error range-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
