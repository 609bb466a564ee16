import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import { isDateKey, isValidTimeZone, prefersHour12 } from "../lib/time";
import { canonicalZone } from "../lib/zoneNames";

// The booking flow's UI state. What is picked (event type, date, zone, time) lives in the
// URL so a link can be shared; this store keeps the rest: the clock preference, the month on
// screen and the visitor's half-typed details.

export type Selection = {
  /** Event type slug. */
  type: string | null;
  /** "YYYY-MM-DD" in the zone `tz`. */
  date: string | null;
  tz: string;
  /** ISO start of the chosen slot. */
  time: string | null;
  /** ISO start of the taken time whose waitlist the visitor would join. */
  wait: string | null;
};

export type BookingDraft = { name: string; email: string; phone: string; notes: string };

const EMPTY_DRAFT: BookingDraft = { name: "", email: "", phone: "", notes: "" };

/**
 * Read the selection from a URL query; anything malformed is dropped. `pathType` is the
 * event type named by the path (`/:username/:slug`), which wins over `?type=`.
 */
export function readSelection(
  params: URLSearchParams,
  fallbackTz: string,
  pathType: string | null = null,
): Selection {
  const type = pathType || params.get("type")?.trim() || null;
  const date = params.get("date");
  const tz = params.get("tz");
  const time = params.get("time");
  const wait = params.get("wait");
  const validDate = isDateKey(date) ? date : null;
  const instant = (value: string | null) =>
    type && validDate && value && !Number.isNaN(Date.parse(value)) ? value : null;
  const chosen = instant(time);
  return {
    type,
    date: type ? validDate : null,
    tz: isValidTimeZone(tz) ? canonicalZone(tz) : fallbackTz,
    time: chosen,
    // A time to book wins over a waitlist to join: the visitor does one or the other.
    wait: chosen ? null : instant(wait),
  };
}

/**
 * The query after a change. A new event type forgets the day and time; a new day or zone
 * forgets the time (the same instant may sit on another day there). The time to book and
 * the waitlist to join replace each other, and go wherever the time goes.
 */
export type SelectionChange = Partial<{ [K in keyof Selection]: string | null }>;

export function writeSelection(params: URLSearchParams, change: SelectionChange): URLSearchParams {
  const next = new URLSearchParams(params);
  const put = (key: keyof Selection, value: string | null | undefined) => {
    if (value) next.set(key, value);
    else next.delete(key);
  };
  const forgetTime = () => {
    next.delete("time");
    next.delete("wait");
  };
  if ("type" in change && change.type !== params.get("type")) {
    put("type", change.type);
    next.delete("date");
    forgetTime();
  }
  if ("date" in change && change.date !== params.get("date")) {
    put("date", change.date);
    forgetTime();
  }
  if ("tz" in change && change.tz !== params.get("tz")) {
    put("tz", change.tz);
    forgetTime();
  }
  if ("time" in change) {
    put("time", change.time);
    if (change.time) next.delete("wait");
  }
  if ("wait" in change) {
    put("wait", change.wait);
    if (change.wait) next.delete("time");
  }
  return next;
}

type BookingFlowState = {
  hour12: boolean;
  /** "YYYY-MM" shown by the calendar, or null for the month of the selected/first free day. */
  month: string | null;
  draft: BookingDraft;
  setHour12: (hour12: boolean) => void;
  setMonth: (month: string | null) => void;
  updateDraft: (change: Partial<BookingDraft>) => void;
  /** Fill the fields the visitor has not typed in (e.g. from the logged-in user). */
  prefillDraft: (values: Partial<BookingDraft>) => void;
  resetDraft: () => void;
};

export const useBookingFlowStore = create<BookingFlowState>()(
  persist(
    (set) => ({
      hour12: prefersHour12(),
      month: null,
      draft: EMPTY_DRAFT,
      setHour12: (hour12) => set({ hour12 }),
      setMonth: (month) => set({ month }),
      updateDraft: (change) => set((s) => ({ draft: { ...s.draft, ...change } })),
      prefillDraft: (values) =>
        set((s) => {
          const draft = { ...s.draft };
          for (const key of Object.keys(values) as (keyof BookingDraft)[]) {
            const value = values[key];
            if (!draft[key] && value) draft[key] = value;
          }
          return { draft };
        }),
      resetDraft: () => set({ draft: EMPTY_DRAFT }),
    }),
    {
      name: "expertbook-booking-prefs",
      version: 1,
      storage: createJSONStorage(() => localStorage),
      // Only the clock preference outlives the page; details typed into a form do not.
      partialize: (s) => ({ hour12: s.hour12 }),
    },
  ),
);
