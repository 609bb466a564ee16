// The zones a person can pick, and a search over them by city, name, abbreviation or
// offset: the time-zone combobox's, fetched with it. The zones' names are in zoneNames.ts.

import { intlLocale } from "../i18n";
import { canonicalZone, RENAMED_ZONES, zoneName } from "./zoneNames";

/**
 * Abbreviations people type: the English zone name they stand for, and the zone most
 * people mean by it. (The browser's own short names are "GMT+1" outside North America, so
 * they cannot be searched.)
 */
const ABBREVIATIONS: Record<string, [name: string, main: string]> = {
  utc: ["Coordinated Universal Time", "UTC"],
  gmt: ["Greenwich Mean Time", "Europe/London"],
  est: ["Eastern Standard Time", "America/New_York"],
  edt: ["Eastern Daylight Time", "America/New_York"],
  cst: ["Central Standard Time", "America/Chicago"],
  cdt: ["Central Daylight Time", "America/Chicago"],
  mst: ["Mountain Standard Time", "America/Denver"],
  mdt: ["Mountain Daylight Time", "America/Denver"],
  pst: ["Pacific Standard Time", "America/Los_Angeles"],
  pdt: ["Pacific Daylight Time", "America/Los_Angeles"],
  akst: ["Alaska Standard Time", "America/Anchorage"],
  hst: ["Hawaii-Aleutian Standard Time", "Pacific/Honolulu"],
  ast: ["Atlantic Standard Time", "America/Halifax"],
  nst: ["Newfoundland Standard Time", "America/St_Johns"],
  wet: ["Western European Standard Time", "Europe/Lisbon"],
  bst: ["British Summer Time", "Europe/London"],
  cet: ["Central European Standard Time", "Europe/Berlin"],
  cest: ["Central European Summer Time", "Europe/Berlin"],
  eet: ["Eastern European Standard Time", "Europe/Athens"],
  eest: ["Eastern European Summer Time", "Europe/Athens"],
  msk: ["Moscow Standard Time", "Europe/Moscow"],
  ist: ["India Standard Time", "Asia/Kolkata"],
  pkt: ["Pakistan Standard Time", "Asia/Karachi"],
  ict: ["Indochina Time", "Asia/Bangkok"],
  wib: ["Western Indonesia Time", "Asia/Jakarta"],
  sgt: ["Singapore Standard Time", "Asia/Singapore"],
  hkt: ["Hong Kong Standard Time", "Asia/Hong_Kong"],
  pht: ["Philippine Standard Time", "Asia/Manila"],
  jst: ["Japan Standard Time", "Asia/Tokyo"],
  kst: ["Korean Standard Time", "Asia/Seoul"],
  awst: ["Australian Western Standard Time", "Australia/Perth"],
  acst: ["Australian Central Standard Time", "Australia/Adelaide"],
  aest: ["Australian Eastern Standard Time", "Australia/Sydney"],
  aedt: ["Australian Eastern Daylight Time", "Australia/Sydney"],
  nzst: ["New Zealand Standard Time", "Pacific/Auckland"],
  nzdt: ["New Zealand Daylight Time", "Pacific/Auckland"],
  sast: ["South Africa Standard Time", "Africa/Johannesburg"],
  wat: ["West Africa Time", "Africa/Lagos"],
  cat: ["Central Africa Time", "Africa/Maputo"],
  eat: ["East Africa Time", "Africa/Nairobi"],
  brt: ["Brasilia Standard Time", "America/Sao_Paulo"],
  art: ["Argentina Standard Time", "America/Argentina/Buenos_Aires"],
};

export type ZoneOption = {
  tz: string;
  /** "GMT+05:30" now. */
  offset: string;
  /** "India Standard Time", "Indische Normalzeit" (both names where the zone has summer time). */
  names: string[];
  /** The searchable text, lower case: the English names too, which abbreviations stand for. */
  terms: string[];
};

const zoneNamePart = (format: Intl.DateTimeFormat, at: Date) =>
  format.formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "";

function describe(tz: string, now: Date, locale: string): ZoneOption {
  const year = now.getUTCFullYear();
  const january = new Date(Date.UTC(year, 0, 15));
  const july = new Date(Date.UTC(year, 6, 15));
  const long = new Intl.DateTimeFormat(locale, { timeZone: tz, timeZoneName: "long" });
  const english = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "long" });
  const offsets = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "longOffset" });
  const names = [...new Set([zoneNamePart(long, january), zoneNamePart(long, july)])];
  const englishNames = [zoneNamePart(english, january), zoneNamePart(english, july)];
  const allOffsets = new Set(
    [now, january, july].map((at) => normalOffset(zoneNamePart(offsets, at))),
  );
  const legacy = Object.keys(RENAMED_ZONES).filter((old) => RENAMED_ZONES[old] === tz);
  const terms = [
    tz,
    zoneName(tz),
    ...legacy.map(zoneName),
    ...names,
    ...englishNames,
    ...allOffsets,
  ].map((t) => t.toLowerCase());
  return { tz, offset: normalOffset(zoneNamePart(offsets, now)), names, terms };
}

/** "GMT" → "GMT+00:00", so every offset reads the same way. */
function normalOffset(value: string): string {
  return value === "GMT" ? "GMT+00:00" : value.replace("−", "-");
}

/** "GMT+05:30" → "GMT+5:30", "GMT-04:00" → "GMT-4", "GMT+00:00" → "GMT". */
export function shortOffset(offset: string): string {
  return offset
    .replace(/([+-])0(\d)/, "$1$2")
    .replace(/:00$/, "")
    .replace(/^GMT\+0$/, "GMT");
}

/** "+5:30", "UTC+05:30", "gmt-4" → "gmt+05:30"; null when the query is not an offset. */
export function offsetQuery(query: string): string | null {
  const match = /^(?:utc|gmt)?\s*([+\-−])\s*(\d{1,2})(?::?(\d{2}))?$/i.exec(query.trim());
  if (!match) return null;
  const [, sign, hours = "0", minutes = "00"] = match;
  return `gmt${sign === "+" ? "+" : "-"}${hours.padStart(2, "0")}:${minutes}`;
}

let cache: { key: string; options: ZoneOption[] } | null = null;

/**
 * Every zone the browser knows, under its current name, plus UTC and `include`. Built on
 * first use and kept: describing ~420 zones costs a few hundred Intl calls.
 */
export function zoneOptions(
  include: string[] = [],
  now: Date = new Date(),
  locale: string = intlLocale(),
): ZoneOption[] {
  let listed: string[] = [];
  try {
    listed = Intl.supportedValuesOf("timeZone");
  } catch {
    listed = [];
  }
  const zones = [...new Set([...listed, "UTC", ...include].filter(Boolean).map(canonicalZone))];
  zones.sort();
  const key = `${locale} ${now.toISOString().slice(0, 10)} ${zones.join(",")}`;
  if (cache?.key !== key) {
    const options: ZoneOption[] = [];
    for (const tz of zones) {
      try {
        options.push(describe(tz, now, locale));
      } catch {
        // A zone this browser cannot format is no use to offer.
      }
    }
    cache = { key, options };
  }
  return cache.options;
}

/**
 * The options matching `query`, best first: exact abbreviation, offset or city; then a city
 * that starts with it; then anything containing it. `first` (the browser's zone) leads
 * each group, and the whole list when the query is empty.
 */
export function searchZones(options: ZoneOption[], query: string, first?: string): ZoneOption[] {
  const q = query.trim().toLowerCase().replaceAll("_", " ");
  const lead = (a: ZoneOption, b: ZoneOption) =>
    Number(b.tz === first) - Number(a.tz === first) || a.tz.localeCompare(b.tz);
  if (!q) return [...options].sort(lead);

  const offset = offsetQuery(q);
  const [abbreviated, main] = ABBREVIATIONS[q] ?? [null, null];
  const scored: { option: ZoneOption; score: number }[] = [];
  for (const option of options) {
    const city = zoneName(option.tz.split("/").pop() ?? "").toLowerCase();
    let score: number | null = null;
    if (option.tz === main) score = -1;
    else if (offset && option.terms.includes(offset)) score = 0;
    else if (abbreviated && option.terms.includes(abbreviated.toLowerCase())) score = 0;
    else if (city === q) score = 0;
    else if (city.startsWith(q)) score = 1;
    else if (option.terms.some((t) => t.includes(q))) score = 2;
    if (score !== null) scored.push({ option, score });
  }
  scored.sort((a, b) => a.score - b.score || lead(a.option, b.option));
  return scored.map((s) => s.option);
}
