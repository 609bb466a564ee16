import { useMemo, useState } from "react";
import { timeZoneOptions, zoneOffsetLabel } from "../lib/time";
import { Field } from "./ui";

/** A labelled picker of every IANA zone the browser knows, each shown with its offset now. */
export function TimeZoneSelect({
  label = "Time zone",
  value,
  onChange,
  error,
  hint,
}: {
  label?: string;
  value: string;
  onChange: (tz: string) => void;
  error?: string | null;
  hint?: string;
}) {
  // Each offset needs its own Intl formatter: ~420 of them block a slow phone for half a
  // second. The chosen zone shows its offset at once; the others once the list is reached.
  const [reached, setReached] = useState(false);
  const reach = () => setReached(true);
  const options = useMemo(() => {
    const now = new Date();
    return timeZoneOptions(value).map((tz) => {
      const name = tz.replaceAll("_", " ");
      return {
        tz,
        label: reached || tz === value ? `${name} (${zoneOffsetLabel(tz, now)})` : name,
      };
    });
  }, [value, reached]);
  return (
    <Field label={label} error={error} hint={hint}>
      {(props) => (
        <select
          {...props}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onFocus={reach}
          onPointerDown={reach}
        >
          {options.map((o) => (
            <option key={o.tz} value={o.tz}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** 12-hour / 24-hour clock switch: two toggle buttons in a labelled group. */
export function ClockToggle({
  hour12,
  onChange,
}: {
  hour12: boolean;
  onChange: (hour12: boolean) => void;
}) {
  return (
    <fieldset className="segmented">
      <legend>Clock</legend>
      <button
        type="button"
        aria-pressed={hour12}
        className={hour12 ? "active" : ""}
        onClick={() => onChange(true)}
      >
        12-hour
      </button>
      <button
        type="button"
        aria-pressed={!hour12}
        className={!hour12 ? "active" : ""}
        onClick={() => onChange(false)}
      >
        24-hour
      </button>
    </fieldset>
  );
}
