import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "../locales/en/public.json";

// The web app's words live in src/locales, two files per language: public.json holds the
// words of what the public booking page shows until a time is picked (with the layout and
// the error messages), app.json all the others. English public words come with the app
// (English is also the fallback for a missing key); every other file is a chunk of its
// own, fetched when it is needed: another language's by its readers, app.json by the pages
// and forms that are chunks of their own (see `withAppMessages`).

export const LANGUAGES = ["en", "de"] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's own name, as its readers write it (shown in the switcher). */
export const LANGUAGE_NAMES: Record<Language, string> = { en: "English", de: "Deutsch" };

/** The locale `Intl` formats dates, times and numbers in for each language. */
const INTL_LOCALES: Record<Language, string> = { en: "en-US", de: "de-DE" };

export const LANGUAGE_STORAGE_KEY = "expertbook-language";

type Part = "public" | "app";
type MessagesModule = Promise<{ default: object }>;
const files: Record<Language, Record<Part, () => MessagesModule>> = {
  en: { public: async () => ({ default: en }), app: () => import("../locales/en/app.json") },
  de: {
    public: () => import("../locales/de/public.json"),
    app: () => import("../locales/de/app.json"),
  },
};

/** Each file's loading, once ("en/public" comes with the app); a failed one is tried again. */
const loading = new Map<string, Promise<void>>([["en/public", Promise.resolve()]]);

function loadPart(language: Language, part: Part): Promise<void> {
  const key = `${language}/${part}`;
  let loaded = loading.get(key);
  if (!loaded) {
    loaded = files[language][part]().then((messages) => {
      i18n.addResourceBundle(language, "translation", messages.default, true, true);
    });
    loaded.catch(() => loading.delete(key));
    loading.set(key, loaded);
  }
  return loaded;
}

/** Whether a page beyond the public one has asked for the app's words (in any language). */
let appWanted = false;

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
  // English public words are bundled, so the first render needs no waiting.
  initAsync: false,
  returnNull: false,
});

/** Show the app in `language`: fetch its messages if needed, then switch and say so in <html lang>. */
export async function applyLanguage(language: Language): Promise<void> {
  await Promise.all([loadPart(language, "public"), appWanted && loadPart(language, "app")]);
  // A page may have asked for the app's words meanwhile.
  if (appWanted) await loadPart(language, "app");
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

/** The words of every page and form beyond the public booking page, in the language on screen. */
export function loadAppMessages(): Promise<void> {
  appWanted = true;
  return loadPart(currentLanguage(), "app");
}

/** `module` once the app's words are there too: how chunks beyond the public page load. */
export async function withAppMessages<T>(module: Promise<T>): Promise<T> {
  const [loaded] = await Promise.all([module, loadAppMessages()]);
  return loaded;
}

export { i18n };
