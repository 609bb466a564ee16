import { useCombobox } from "downshift";
import { useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { intlLocale } from "../i18n";
import { detectTimeZone } from "../lib/time";
import { searchZones, shortOffset, zoneName, zoneOptions } from "../lib/timeZones";

/**
 * A searchable, labelled time-zone picker (the ARIA combobox pattern, from Downshift): type a
 * city, a zone's name or abbreviation, or an offset like "+05:30". The browser's zone is
 * listed first.
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
  const locale = intlLocale();
  const id = useId();
  const inputId = `${id}-input`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const detected = useMemo(detectTimeZone, []);
  // Describing every zone costs a few hundred Intl calls: wait until someone wants the list.
  const [wanted, setWanted] = useState(false);
  const options = useMemo(
    () => (wanted ? zoneOptions([value, detected], undefined, locale) : []),
    [wanted, value, detected, locale],
  );
  const byZone = useMemo(() => new Map(options.map((o) => [o.tz, o])), [options]);
  const [inputValue, setInputValue] = useState(zoneName(value));
  // The current zone's own name in the box means "no search yet": list everything.
  const query = inputValue === zoneName(value) ? "" : inputValue;
  const items = useMemo(
    () => searchZones(options, query, detected).map((o) => o.tz),
    [options, query, detected],
  );

  const { isOpen, highlightedIndex, getLabelProps, getInputProps, getMenuProps, getItemProps } =
    useCombobox<string>({
      items,
      inputId,
      labelId: `${id}-label`,
      menuId: `${id}-menu`,
      selectedItem: value,
      itemToString: (tz) => (tz ? zoneName(tz) : ""),
      inputValue,
      onInputValueChange: ({ inputValue: next }) => setInputValue(next),
      onSelectedItemChange: ({ selectedItem }) => {
        if (selectedItem) onChange(selectedItem);
      },
      stateReducer: (state, { type, changes }) => {
        // Leaving the box without choosing puts the current zone's name back.
        const chose = changes.selectedItem !== state.selectedItem;
        if (type === useCombobox.stateChangeTypes.InputBlur && !chose) {
          return { ...changes, inputValue: zoneName(state.selectedItem ?? value) };
        }
        return changes;
      },
    });

  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ");
  const noMatch = isOpen && wanted && items.length === 0;
  return (
    <div className={`field zone-field${error ? " field-invalid" : ""}`}>
      <label {...getLabelProps()} htmlFor={inputId}>
        {label ?? t("timeZone.label")}
      </label>
      <div className="combobox">
        <input
          {...getInputProps({
            type: "text",
            spellCheck: false,
            "aria-invalid": error ? true : undefined,
            "aria-describedby": describedBy || undefined,
            onFocus: (event) => {
              setWanted(true);
              event.currentTarget.select();
            },
          })}
        />
        <ul {...getMenuProps({ "aria-label": t("timeZone.menuLabel") })} className="combobox-menu">
          {isOpen &&
            items.map((tz, index) => {
              const option = byZone.get(tz);
              return (
                <li
                  key={tz}
                  className={`combobox-option${highlightedIndex === index ? " highlighted" : ""}${tz === value ? " selected" : ""}`}
                  {...getItemProps({ item: tz, index })}
                >
                  <span className="zone-id">{zoneName(tz)}</span>{" "}
                  <span className="zone-meta">
                    {option?.names[0]} ·{" "}
                    <span className="nowrap">{option ? shortOffset(option.offset) : ""}</span>
                    {tz === detected ? ` · ${t("timeZone.browserZone")}` : ""}
                  </span>
                </li>
              );
            })}
        </ul>
      </div>
      <p className="combobox-status" role="status">
        {noMatch ? t("timeZone.noMatch", { query: inputValue }) : ""}
      </p>
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
