import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "../locales/en.json";

// The web app's words live in src/locales, one file per language. English comes with the
// app (it is also the fallback for a missing key); every other language is a chunk of its
// own, fetched only by the people who read it.

export const LANGUAGES = ["en", "de"] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's own name, as its readers write it (shown in the switcher). */
export const LANGUAGE_NAMES: Record<Language, string> = { en: "English", de: "Deutsch" };

/** The locale `Intl` formats dates, times and numbers in for each language. */
const INTL_LOCALES: Record<Language, string> = { en: "en-US", de: "de-DE" };

export const LANGUAGE_STORAGE_KEY = "expertbook-language";

const loaders: Record<Exclude<Language, "en">, () => Promise<{ default: typeof en }>> = {
  de: () => import("../locales/de.json"),
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language to show: the one the person chose before, else the first of the browser's
 * languages we have ("de-AT" reads German), else English.
 */
export function detectLanguage(
  stored: string | null = readStoredLanguage(),
  preferred: readonly string[] = browserLanguages(),
): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLanguage(base)) return base;
  }
  return "en";
}

function browserLanguages(): readonly string[] {
  if (typeof navigator === "undefined") return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

function readStoredLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en } },
  lng: "en",
  fallbackLng: "en",
  supportedLngs: [...LANGUAGES],
  // React escapes what it renders; escaping here too would show "&amp;".
  interpolation: { escapeValue: false },
  // English is bundled, so the first render needs no waiting.
  initAsync: false,
  returnNull: false,
});

/** Show the app in `language`: fetch its messages if needed, then switch and say so in <html lang>. */
export async function applyLanguage(language: Language): Promise<void> {
  if (language !== "en" && !i18n.hasResourceBundle(language, "translation")) {
    const messages = await loaders[language]();
    i18n.addResourceBundle(language, "translation", messages.default);
  }
  await i18n.changeLanguage(language);
  if (typeof document !== "undefined") document.documentElement.lang = language;
}

/** The person's own choice (from the switcher): remembered for their next visit. */
export async function chooseLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
  await applyLanguage(language);
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : "en";
}

/** The locale for `Intl` formatters in the language on screen. */
export function intlLocale(): string {
  return INTL_LOCALES[currentLanguage()];
}

export { i18n };
