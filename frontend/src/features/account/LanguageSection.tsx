import { useTranslation } from "react-i18next";
import type { User } from "../../api/types";
import { LanguageSwitcher } from "../../components/LanguageSwitcher";
import { intlLocale, isLanguage } from "../../i18n";

/**
 * The account's language: the one on screen, which the app keeps with the account
 * (App's AccountLanguageSync), so ExpertBook's emails to this person use it too.
 */
export function LanguageSection({ user }: { user: User }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="language-title">
      <h2 id="language-title">{t("account.languageTitle")}</h2>
      <p>{t("account.languageText")}</p>
      <LanguageSwitcher label={t("account.languageLabel")} />
      {isLanguage(user.language) && (
        <p className="muted language-saved" role="status">
          {t("account.languageSaved", { language: languageName(user.language) })}
        </p>
      )}
    </section>
  );
}

/** "German" in English, "Deutsch" in German: the language named in the one on screen. */
function languageName(language: string): string {
  return new Intl.DisplayNames([intlLocale()], { type: "language" }).of(language) ?? language;
}
