import { memo, useDeferredValue, useMemo } from "react";
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
  // ~420 zones, each offset from an Intl formatter of its own: too much for one task on a
  // slow phone. The chosen zone renders at once; the list follows in a deferred render,
  // which React splits into short tasks, so the page stays responsive meanwhile.
  const listed = useDeferredValue<string | null>(value, null);
  const zones = useMemo(
    () => (listed === null ? [value] : timeZoneOptions(listed, value)),
    [listed, value],
  );
  return (
    <Field label={label} error={error} hint={hint}>
      {(props) => (
        <select {...props} value={value} onChange={(e) => onChange(e.target.value)}>
          {zones.map((tz) => (
            <ZoneOption key={tz} tz={tz} />
          ))}
        </select>
      )}
    </Field>
  );
}

/** One zone with its offset now; memoised, so a new choice does not recompute ~420 offsets. */
const ZoneOption = memo(function ZoneOption({ tz }: { tz: string }) {
  return <option value={tz}>{`${tz.replaceAll("_", " ")} (${zoneOffsetLabel(tz)})`}</option>;
});

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
