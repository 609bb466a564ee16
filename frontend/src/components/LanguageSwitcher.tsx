import { useId } from "react";
import { useTranslation } from "react-i18next";
import { chooseLanguage, isLanguage, LANGUAGE_NAMES, LANGUAGES } from "../i18n";

/**
 * The language the app speaks: a native select, so it works by keyboard, by touch and with
 * a screen reader alike. The choice is remembered on this device (and kept with a
 * signed-in account, for its emails).
 */
export function LanguageSwitcher({ label }: { label?: string }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="language-switcher">
      <label htmlFor={id}>{label ?? t("language.label")}</label>
      <select
        id={id}
        value={i18n.language}
        onChange={(event) => {
          const next = event.target.value;
          if (isLanguage(next)) void chooseLanguage(next);
        }}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {LANGUAGE_NAMES[language]}
          </option>
        ))}
      </select>
    </div>
  );
}
