import { describe, expect, it } from "vitest";
import { type CalendarEvent, googleCalendarUrl, outlookCalendarUrl } from "./calendarLinks";

const event: CalendarEvent = {
  title: "Intro call with Erin Expert",
  start: "2026-03-09T09:00:00+01:00",
  end: "2026-03-09T09:30:00+01:00",
  details: "Join: https://meet.jit.si/abc & more",
  location: "https://meet.jit.si/abc",
};

describe("googleCalendarUrl", () => {
  it("builds Google's event template, times in UTC", () => {
    const url = new URL(googleCalendarUrl(event));
    expect(`${url.origin}${url.pathname}`).toBe("https://calendar.google.com/calendar/render");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      action: "TEMPLATE",
      text: "Intro call with Erin Expert",
      dates: "20260309T080000Z/20260309T083000Z",
      details: "Join: https://meet.jit.si/abc & more",
      location: "https://meet.jit.si/abc",
    });
  });

  it("encodes spaces and ampersands so nothing leaks into other parameters", () => {
    const url = googleCalendarUrl(event);
    expect(url).toContain("text=Intro%20call%20with%20Erin%20Expert");
    expect(url).toContain("%20%26%20more");
  });

  it("leaves out a location there is none of", () => {
    expect(
      new URL(googleCalendarUrl({ ...event, location: "" })).searchParams.has("location"),
    ).toBe(false);
  });
});

describe("outlookCalendarUrl", () => {
  it("builds Outlook's compose deep link, times in UTC", () => {
    const url = new URL(outlookCalendarUrl(event));
    expect(`${url.origin}${url.pathname}`).toBe(
      "https://outlook.live.com/calendar/0/deeplink/compose",
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      subject: "Intro call with Erin Expert",
      startdt: "2026-03-09T08:00:00Z",
      enddt: "2026-03-09T08:30:00Z",
      body: "Join: https://meet.jit.si/abc & more",
      location: "https://meet.jit.si/abc",
    });
  });
});
