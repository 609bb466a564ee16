import { useTranslation } from "react-i18next";
import { DEFAULT_RANGE, type Range } from "./availabilityModel";

/** A new range after the last one (an hour long), or the default working day. */
export function nextRange(ranges: Range[]): Range {
  const last = ranges[ranges.length - 1];
  if (!last) return DEFAULT_RANGE;
  const [h = 0, m = 0] = last.end.split(":").map(Number);
  const start = Math.min(h + 1, 22);
  const pad = (n: number) => String(n).padStart(2, "0");
  return { start: `${pad(start)}:${pad(m)}`, end: `${pad(start + 1)}:${pad(m)}` };
}

/** Two time inputs (From, To) and a Remove button; the day and index live in `label`. */
export function RangeEditor({
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
  const { t } = useTranslation();
  // The id only has to be unique on the page: the label (which names day and index) is.
  const id = label.replace(/[^a-zA-Z0-9]+/g, "-");
  const errorId = `${id}-error`;
  return (
    <div className={`range${error ? " field-invalid" : ""}`}>
      {/* Each label stays on one line with its input, never alone at a line's end. */}
      <span className="range-part">
        <label htmlFor={`${id}-start`}>
          <span className="sr-only">{label} </span>
          {t("availability.from")}
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
      </span>
      <span className="range-part">
        <label htmlFor={`${id}-end`}>
          <span className="sr-only">{label} </span>
          {t("availability.to")}
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
      </span>
      <button
        type="button"
        className="btn-link range-remove"
        aria-label={t("availability.removeRange", { label })}
        onClick={onRemove}
      >
        {t("availability.remove")}
      </button>
      {error && (
        <p className="field-error range-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
