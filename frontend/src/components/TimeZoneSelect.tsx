import { useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { withAppMessages } from "../i18n";
import { zoneName } from "../lib/zoneNames";
import type { Handoff } from "./ZoneCombobox";

// The combobox (Downshift and the zone search) is a chunk of its own, fetched when someone
// reaches for the picker: a pointer over it, a touch or the keyboard's focus. It replaces
// the stand-in box in one render once it is there (no fallback in between to lose focus to).
const loadCombobox = () => withAppMessages(import("./ZoneCombobox"));
type ComboboxModule = Awaited<ReturnType<typeof loadCombobox>>;

/**
 * A searchable, labelled time-zone picker: type a city, a zone's name or abbreviation, or an
 * offset like "+05:30". The browser's zone is listed first. Until the combobox arrives, a
 * box that looks and reads the same stands in, and what is done there carries over.
 */
export function TimeZoneSelect({
  label,
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
  const { t } = useTranslation();
  const id = useId();
  const ids = { input: `${id}-input`, label: `${id}-label`, menu: `${id}-menu` };
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy =
    [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  const [combobox, setCombobox] = useState<ComboboxModule | null>(null);
  const reach = () => {
    // Offline, the stand-in stays: it shows the zone, and the page works in it.
    loadCombobox().then(setCombobox, () => undefined);
  };
  // The stand-in box's state, read by the combobox when it takes over.
  const [handoff, setHandoff] = useState<Handoff | null>(null);
  const selection = useRef<[number, number]>([0, 0]);
  const update = (box: HTMLInputElement, change: Partial<Handoff>) => {
    selection.current = [box.selectionStart ?? 0, box.selectionEnd ?? 0];
    setHandoff((h) => ({
      text: h?.text ?? zoneName(value),
      focused: document.activeElement === box,
      open: h?.open ?? false,
      ...change,
      selection: selection.current,
    }));
  };

  // Built like the combobox, closed (its empty list takes no room): the same box and status.
  const standIn = (
    <>
      <div className="combobox">
        <input
          id={ids.input}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={false}
          aria-labelledby={ids.label}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          autoComplete="off"
          spellCheck={false}
          value={handoff?.text ?? zoneName(value)}
          onChange={(e) => update(e.currentTarget, { text: e.currentTarget.value, open: true })}
          onFocus={(e) => {
            e.currentTarget.select();
            update(e.currentTarget, { focused: true });
            reach();
          }}
          onBlur={(e) => update(e.currentTarget, { focused: false })}
          onSelect={(e) => update(e.currentTarget, {})}
          onClick={(e) => update(e.currentTarget, { open: true })}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown" || e.key === "ArrowUp") {
              e.preventDefault();
              update(e.currentTarget, { open: true });
            }
          }}
        />
      </div>
      <p className="combobox-status" role="status" />
    </>
  );

  return (
    <div
      className={`field zone-field${error ? " field-invalid" : ""}`}
      onPointerEnter={reach}
      onPointerDown={reach}
    >
      <label id={ids.label} htmlFor={ids.input}>
        {label ?? t("timeZone.label")}
      </label>
      {combobox ? (
        <combobox.ZoneCombobox
          value={value}
          onChange={onChange}
          ids={ids}
          describedBy={describedBy}
          invalid={Boolean(error)}
          handoff={handoff}
        />
      ) : (
        standIn
      )}
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
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
  const { t } = useTranslation();
  return (
    <fieldset className="segmented">
      <legend>{t("clock.label")}</legend>
      <button
        type="button"
        aria-pressed={hour12}
        className={hour12 ? "active" : ""}
        onClick={() => onChange(true)}
      >
        {t("clock.hour12")}
      </button>
      <button
        type="button"
        aria-pressed={!hour12}
        className={!hour12 ? "active" : ""}
        onClick={() => onChange(false)}
      >
        {t("clock.hour24")}
      </button>
    </fieldset>
  );
}
