import { afterEach, describe, expect, it } from "vitest";
import { formatDate, formatTime, weekdayName } from "../lib/time";
import {
  applyLanguage,
  chooseLanguage,
  currentLanguage,
  detectLanguage,
  i18n,
  intlLocale,
  LANGUAGE_STORAGE_KEY,
} from ".";

afterEach(async () => {
  await applyLanguage("en");
});

describe("detectLanguage", () => {
  it("keeps the language the person chose before", () => {
    expect(detectLanguage("de", ["en-US"])).toBe("de");
    expect(detectLanguage("en", ["de-DE"])).toBe("en");
  });

  it("takes the first of the browser's languages that the app speaks, whatever the region", () => {
    expect(detectLanguage(null, ["de-AT", "en"])).toBe("de");
    expect(detectLanguage(null, ["fr-FR", "DE-ch", "en"])).toBe("de");
    expect(detectLanguage(null, ["fr-FR", "en-GB", "de"])).toBe("en");
  });

  it("falls back to English, and ignores a stored value it does not know", () => {
    expect(detectLanguage(null, ["fr-FR", "ja"])).toBe("en");
    expect(detectLanguage(null, [])).toBe("en");
    expect(detectLanguage("klingon", ["de-DE"])).toBe("de");
  });

  it("reads the stored choice from localStorage by default", () => {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, "de");
    expect(detectLanguage()).toBe("de");
  });
});

describe("chooseLanguage", () => {
  it("loads German, switches to it, remembers the choice and says so in <html lang>", async () => {
    await chooseLanguage("de");
    expect(currentLanguage()).toBe("de");
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe("de");
    expect(document.documentElement.lang).toBe("de");
    expect(i18n.t("nav.myBookings")).toBe("Meine Buchungen");
    expect(i18n.t("bookingPage.minutes", { count: 1 })).toBe("1 Minute");
    expect(i18n.t("bookingPage.minutes", { count: 45 })).toBe("45 Minuten");
  });

  it("back to English", async () => {
    await chooseLanguage("de");
    await chooseLanguage("en");
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe("en");
    expect(document.documentElement.lang).toBe("en");
    expect(i18n.t("nav.myBookings")).toBe("My bookings");
  });
});

describe("formatting in the active language", () => {
  const start = "2026-03-09T08:00:00Z";

  it("writes dates, times and weekdays as Intl does for the language on screen", async () => {
    expect(intlLocale()).toBe("en-US");
    expect(formatDate(start, "Europe/Berlin")).toBe("Monday, March 9, 2026");
    expect(weekdayName(0)).toBe("Monday");

    await applyLanguage("de");
    expect(intlLocale()).toBe("de-DE");
    expect(formatDate(start, "Europe/Berlin")).toBe("Montag, 9. März 2026");
    expect(formatTime(start, "Europe/Berlin", false)).toBe("09:00");
    expect(weekdayName(6)).toBe("Sonntag");
  });

  it("writes numbers in messages as Intl does for the language", async () => {
    expect(i18n.t("pager.position", { page: 1200, pages: 3400 })).toBe("Page 1,200 of 3,400");
    await applyLanguage("de");
    expect(i18n.t("pager.position", { page: 1200, pages: 3400 })).toBe("Seite 1.200 von 3.400");
  });
});
