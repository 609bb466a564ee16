import { describe, expect, it } from "vitest";

type Messages = { [key: string]: string | Messages };

// Read as text: i18next merges the app's words into the objects it was given.
const files = import.meta.glob<string>("./*/*.json", {
  query: "?raw",
  import: "default",
  eager: true,
});
const messages = (path: string): Messages => JSON.parse(files[path] ?? "{}");
const enPublic = messages("./en/public.json");
const enApp = messages("./en/app.json");
const dePublic = messages("./de/public.json");
const deApp = messages("./de/app.json");

/** "nav.myBookings" → "My bookings", for every leaf. */
function flatten(messages: Messages, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const english = new Map([...flatten(enPublic), ...flatten(enApp)]);
const german = new Map([...flatten(dePublic), ...flatten(deApp)]);
const PLURAL = /_(zero|one|two|few|many|other)$/;
const variables = (text: string) =>
  [...text.matchAll(/{{\s*(\w+)[^}]*}}/g)].map((m) => m[1]).sort();

// The app's source as text (Vite reads it), tests and generated types left out.
const sources = import.meta.glob(["../**/*.{ts,tsx}", "!../**/*.test.{ts,tsx}", "!../**/*.d.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

/** Every `t("…")` and `i18n.t("…")` key in `source`. */
const keysIn = (source: string) =>
  [...source.matchAll(/\bt\(\s*"([^"]+)"/g)].map((match) => match[1] as string);
const used = new Set(Object.values(sources).flatMap(keysIn));

/**
 * The modules `roots` import, directly or not (`import(…)` and `import type` are not
 * imports here), by their keys in `sources`.
 */
function staticImports(roots: string[]): Set<string> {
  const found = new Set<string>();
  const visit = (file: string) => {
    if (found.has(file)) return;
    found.add(file);
    const source = sources[file] ?? "";
    for (const [, spec] of source.matchAll(/^import (?!type )(?:[^"]*? from )?"(\.[^"]+)";/gm)) {
      const path = new URL(spec as string, `file:///src/locales/${file}`).pathname;
      const base = `..${path.slice("/src".length)}`;
      const module = [base, `${base}.ts`, `${base}.tsx`].find((name) => name in sources);
      if (module) visit(module);
    }
  };
  for (const root of roots) visit(root);
  return found;
}

// What comes with the app, and the chunk the booking page (`/:username/:slug`) opens with.
const PUBLIC_ROOTS = ["../main.tsx", "../features/public/EventTypeBooking.tsx"];

describe("message files", () => {
  it("have exactly the same keys in English and German", () => {
    expect([...german.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it("have no empty message", () => {
    for (const [lang, messages] of [
      ["en", english],
      ["de", german],
    ] as const) {
      const empty = [...messages].filter(([, text]) => !text.trim()).map(([key]) => key);
      expect(empty, `${lang}.json`).toEqual([]);
    }
  });

  it("use the same interpolations in both languages", () => {
    const differ = [...english]
      .filter(([key, text]) => variables(text).join() !== variables(german.get(key) ?? "").join())
      .map(([key]) => key);
    expect(differ).toEqual([]);
  });

  it("hold every key the code asks for", () => {
    expect(used.size).toBeGreaterThan(300);
    const missing = [...used].filter(
      (key) => !english.has(key) && !english.has(`${key}_one`) && !english.has(`${key}_other`),
    );
    expect(missing).toEqual([]);
  });

  it("put exactly the words of the public booking page's first chunks in public.json", () => {
    const modules = staticImports(PUBLIC_ROOTS);
    expect(modules.size).toBeGreaterThan(20);
    const onOpen = new Set([...modules].flatMap((module) => keysIn(sources[module] ?? "")));
    for (const [lang, part] of [
      ["en", enPublic],
      ["de", dePublic],
    ] as const) {
      const held = [...flatten(part).keys()].map((key) => key.replace(PLURAL, ""));
      const missing = [...onOpen].filter((key) => !held.includes(key));
      const extra = held.filter((key) => !onOpen.has(key));
      expect(missing, `move these from ${lang}/app.json to ${lang}/public.json`).toEqual([]);
      expect(extra, `move these from ${lang}/public.json to ${lang}/app.json`).toEqual([]);
    }
  });

  it("hold no key the code never asks for", () => {
    const unused = [...english.keys()].filter((key) => !used.has(key.replace(PLURAL, "")));
    expect(unused).toEqual([]);
  });
});
