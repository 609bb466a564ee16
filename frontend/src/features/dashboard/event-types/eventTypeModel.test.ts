import { describe, expect, it } from "vitest";
import { ApiError } from "../../../api/errors";
import type { EventType } from "../../../api/types";
import {
  formProblems,
  formToApi,
  initialForm,
  type QuestionDraft,
  questionErrors,
  questionId,
  questionsToApi,
  toggleDuration,
  withExisting,
} from "./eventTypeModel";

const draft = (change: Partial<QuestionDraft>): QuestionDraft => ({
  key: change.label ?? "k",
  id: null,
  label: "",
  kind: "text",
  required: false,
  options: "",
  ...change,
});

const existing = {
  id: "et-1",
  expertId: "ex-1",
  title: "Deep dive",
  slug: "deep-dive",
  description: "",
  durationMinutes: 45,
  durationOptions: [30, 45],
  location: { kind: "zoom", details: null },
  slotIntervalMinutes: 15,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 10,
  minNoticeMinutes: 60,
  maxDaysAhead: 30,
  isActive: true,
  position: 0,
  reminderMinutes: [1440, 60],
  requiresConfirmation: true,
  questions: [{ id: "topic", label: "Topic", kind: "select", required: true, options: ["A", "B"] }],
  limits: { perDay: 2, perWeek: null },
  cancelNoticeMinutes: 1440,
  hidden: true,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
} as EventType;

describe("question ids", () => {
  it("are made from the label in lower case, with digits, - and _ only", () => {
    expect(questionId("Your Company (name)", [])).toBe("your-company-name");
    expect(questionId("Größe & Gewicht?", [])).toBe("grosse-gewicht");
    expect(questionId("snake_case_ok", [])).toBe("snake_case_ok");
    expect(questionId("  --Hello--  ", [])).toBe("hello");
  });

  it("are never empty and at most 40 characters, starting with a letter or digit", () => {
    expect(questionId("???", [])).toBe("question");
    const long = questionId(`${"a".repeat(30)} ${"b".repeat(30)}`, []);
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long).toMatch(/^[a-z0-9][a-z0-9_-]{0,39}$/);
  });

  it("get a number when the id is taken", () => {
    expect(questionId("Phone", ["phone"])).toBe("phone-2");
    expect(questionId("Phone", ["phone", "phone-2"])).toBe("phone-3");
    const base = "x".repeat(40);
    expect(questionId(base, [base])).toBe(`${"x".repeat(38)}-2`);
  });

  it("keep a question's known id and make new ones unique among all", () => {
    const questions = questionsToApi([
      draft({ id: "topic", label: "Topic renamed" }),
      draft({ label: "Topic" }),
      draft({ label: "Topic" }),
      draft({ label: "Size", kind: "select", options: " S \n\nM\n" }),
    ]);
    expect(questions.map((q) => q.id)).toEqual(["topic", "topic-2", "topic-3", "size"]);
    expect(questions[3]?.options).toEqual(["S", "M"]);
    expect(questions[0]?.options).toBeNull();
  });
});

describe("the event type form", () => {
  it("round-trips an event type's rules", () => {
    const body = formToApi(initialForm(existing));
    expect(body).toMatchObject({
      durationMinutes: 45,
      durationOptions: [30, 45],
      slotIntervalMinutes: 15,
      reminderMinutes: [1440, 60],
      requiresConfirmation: true,
      limits: { perDay: 2, perWeek: null },
      cancelNoticeMinutes: 1440,
      hidden: true,
      questions: [
        { id: "topic", label: "Topic", kind: "select", required: true, options: ["A", "B"] },
      ],
      location: { kind: "zoom", details: null },
    });
  });

  it("starts a new one with one 30-minute length, default reminders and no limits", () => {
    const body = formToApi({ ...initialForm(), title: "Intro", slug: "intro" });
    expect(body.durationOptions).toEqual([30]);
    expect(body.slotIntervalMinutes).toBeNull();
    expect(body.reminderMinutes).toEqual([1440, 60]);
    expect(body.limits).toEqual({ perDay: null, perWeek: null });
    expect(body.questions).toEqual([]);
  });

  it("keeps the default length among those offered", () => {
    let form = initialForm(existing);
    form = toggleDuration(form, 45, false);
    expect(form.durationOptions).toEqual([30]);
    expect(form.durationMinutes).toBe(30);
    // The last length cannot be taken away.
    expect(toggleDuration(form, 30, false)).toBe(form);
    form = toggleDuration(form, 90, true);
    expect(form.durationOptions).toEqual([30, 90]);
    expect(form.durationMinutes).toBe(30);
  });

  it("shows values outside the usual choices too", () => {
    expect(withExisting([15, 30], [25, 30])).toEqual([15, 25, 30]);
  });

  it("names what is wrong before asking the server", () => {
    const form = {
      ...initialForm(),
      perDay: "0",
      slotIntervalMinutes: "3",
      durationOptions: [15, 20, 30, 45, 60, 90, 120],
      questions: [draft({ label: " " }), draft({ label: "Size", kind: "select" as const })],
    };
    expect(formProblems(form)).toEqual({
      title: "needTitle",
      slug: "needSlug",
      perDay: "positive",
      slotIntervalMinutes: "minInterval",
      durationOptions: "tooManyDurations",
      "questions.0.label": "needLabel",
      "questions.1.options": "needOptions",
    });
  });

  it("makes a group session of some seats, and one-to-one again with null", () => {
    const form = { ...initialForm(), title: "Workshop", slug: "workshop" };
    expect(form.group).toBe(false);
    expect(formToApi(form).seats).toBeNull();
    expect(formToApi({ ...form, group: true, seats: " 12 " }).seats).toBe(12);
    // Seats typed and then switched off are not sent.
    expect(formToApi({ ...form, group: false, seats: "12" }).seats).toBeNull();
    const group = initialForm({ ...existing, durationOptions: [45], seats: 20 });
    expect(group).toMatchObject({ group: true, seats: "20" });
    expect(formToApi({ ...group, group: false }).seats).toBeNull();
  });

  it("offers 2 to 500 seats of one length", () => {
    const form = { ...initialForm(), title: "Workshop", slug: "workshop", group: true };
    for (const seats of ["1", "501", "2.5", "", "ten"]) {
      expect(formProblems({ ...form, seats })).toEqual({ seats: "seatsRange" });
    }
    for (const seats of ["2", "500"]) expect(formProblems({ ...form, seats })).toEqual({});
    expect(formProblems({ ...form, seats: "10", durationOptions: [30, 60] })).toEqual({
      durationOptions: "seatsOneLength",
    });
    // One-to-one sessions may offer several lengths, whatever the seats field holds.
    expect(formProblems({ ...form, group: false, seats: "1", durationOptions: [30, 60] })).toEqual(
      {},
    );
  });

  it("puts the server's sentences about questions next to the right question", () => {
    const error = new ApiError(422, "validation_error", "Check the form.", [
      { field: "body.questions.1.label", message: "Give the question a label." },
      { field: "title", message: "Too long." },
    ]);
    expect(questionErrors(error)).toEqual({ "questions.1.label": "Give the question a label." });
  });
});
