import { describe, expect, it } from "vitest";
import de from "./de.json";
import en from "./en.json";

type Messages = { [key: string]: string | Messages };

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

const english = flatten(en);
const german = flatten(de);
const PLURAL = /_(zero|one|two|few|many|other)$/;
const variables = (text: string) =>
  [...text.matchAll(/{{\s*(\w+)[^}]*}}/g)].map((m) => m[1]).sort();

// The app's source as text (Vite reads it), tests and generated types left out.
const sources = import.meta.glob(["../**/*.{ts,tsx}", "!../**/*.test.{ts,tsx}", "!../**/*.d.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

/** Every `t("…")` and `i18n.t("…")` key in the code. */
const used = new Set(
  Object.values(sources).flatMap((source) =>
    [...source.matchAll(/\bt\(\s*"([^"]+)"/g)].map((match) => match[1] as string),
  ),
);

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

  it("hold no key the code never asks for", () => {
    const unused = [...english.keys()].filter((key) => !used.has(key.replace(PLURAL, "")));
    expect(unused).toEqual([]);
  });
});
