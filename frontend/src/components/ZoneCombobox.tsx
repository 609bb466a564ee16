import { useCombobox } from "downshift";
import { useLayoutEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { intlLocale } from "../i18n";
import { detectTimeZone } from "../lib/time";
import { searchZones, shortOffset, zoneOptions } from "../lib/timeZones";
import { zoneName } from "../lib/zoneNames";

/** What the visitor did in the stand-in box before this one arrived, carried over. */
export type Handoff = {
  /** The text in the box. */
  text: string;
  /** Whether the box had the keyboard, and its selection (caret) then. */
  focused: boolean;
  selection: [number, number];
  /** They asked for the list (arrow keys or typing). */
  open: boolean;
};

/**
 * The time-zone combobox itself (the ARIA combobox pattern, from Downshift), a chunk of its
 * own fetched by `TimeZoneSelect` once someone reaches for the picker: the box and its list,
 * and the "no match" status under them. The label, hint and error are `TimeZoneSelect`'s.
 */
export function ZoneCombobox({
  value,
  onChange,
  ids,
  describedBy,
  invalid,
  handoff,
}: {
  value: string;
  onChange: (tz: string) => void;
  ids: { input: string; label: string; menu: string };
  describedBy: string | undefined;
  invalid: boolean;
  handoff: Handoff | null;
}) {
  const { t } = useTranslation();
  const locale = intlLocale();
  const detected = useMemo(detectTimeZone, []);
  // Describing every zone costs a few hundred Intl calls: wait until someone wants the list.
  const [wanted, setWanted] = useState(Boolean(handoff?.focused || handoff?.open));
  const options = useMemo(
    () => (wanted ? zoneOptions([value, detected], undefined, locale) : []),
    [wanted, value, detected, locale],
  );
  const byZone = useMemo(() => new Map(options.map((o) => [o.tz, o])), [options]);
  // The box's text is Downshift's own (a controlled one lags a render behind and drops
  // keys typed meanwhile); this copy, set after each change, filters the list.
  const [inputValue, setInputValue] = useState(handoff?.text ?? zoneName(value));
  // The current zone's own name in the box means "no search yet": list everything.
  const query = inputValue === zoneName(value) ? "" : inputValue;
  const items = useMemo(
    () => searchZones(options, query, detected).map((o) => o.tz),
    [options, query, detected],
  );

  const { isOpen, highlightedIndex, getInputProps, getMenuProps, getItemProps } =
    useCombobox<string>({
      items,
      inputId: ids.input,
      labelId: ids.label,
      menuId: ids.menu,
      selectedItem: value,
      itemToString: (tz) => (tz ? zoneName(tz) : ""),
      initialInputValue: inputValue,
      initialIsOpen: handoff?.open ?? false,
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

  // The keyboard stays where it was in the stand-in box, caret and all.
  const input = useRef<HTMLInputElement>(null);
  const [arrival] = useState(handoff);
  useLayoutEffect(() => {
    if (!arrival?.focused || !input.current) return;
    input.current.focus();
    input.current.setSelectionRange(...arrival.selection);
  }, [arrival]);

  const noMatch = isOpen && wanted && items.length === 0;
  return (
    <>
      <div className="combobox">
        <input
          {...getInputProps({
            ref: input,
            type: "text",
            spellCheck: false,
            "aria-invalid": invalid || undefined,
            "aria-describedby": describedBy,
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
    </>
  );
}
