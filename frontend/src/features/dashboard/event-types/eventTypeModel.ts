// The event type form's state and its mapping to and from the API, without React.
import { ApiError } from "../../../api/errors";
import type {
  EventType,
  EventTypeCreate,
  LocationKind,
  Question,
  QuestionKind,
} from "../../../api/types";
import { type FieldProblem, fieldMessage } from "../../../lib/fieldMessages";

export const DURATION_CHOICES = [15, 20, 30, 45, 60, 90, 120] as const;
/** The API takes at most this many lengths per event type. */
export const MAX_DURATIONS = 6;
export const REMINDER_CHOICES = [10080, 1440, 60, 15] as const;
export const MAX_REMINDERS = 5;
export const CANCEL_NOTICE_CHOICES = [0, 60, 240, 1440, 2880, 10080] as const;
export const MAX_QUESTIONS = 10;
/** A group session's seats, as the API takes them. */
export const MIN_SEATS = 2;
export const MAX_SEATS = 500;
/** Seats offered when the expert first turns a type into a group session. */
export const DEFAULT_SEATS = 10;
/** How long a freed place may be held for the first on its waitlist (the API's bounds). */
export const HOLD_CHOICES = [5, 15, 30, 60, 120, 240, 720, 1440] as const;
export const DEFAULT_HOLD_MINUTES = 30;
export const QUESTION_KINDS: readonly QuestionKind[] = [
  "text",
  "textarea",
  "select",
  "checkbox",
  "phone",
];

export type QuestionDraft = {
  /** Stable while the form is open, so React keeps each row's inputs. */
  key: string;
  /** The id the server already knows, kept so earlier answers stay linked; else made from the label. */
  id: string | null;
  label: string;
  kind: QuestionKind;
  required: boolean;
  /** Options of a select, one per line. */
  options: string;
};

export type FormState = {
  title: string;
  slug: string;
  durationMinutes: number;
  durationOptions: number[];
  kind: LocationKind;
  details: string;
  description: string;
  bufferBeforeMinutes: string;
  bufferAfterMinutes: string;
  minNoticeMinutes: string;
  maxDaysAhead: string;
  slotIntervalMinutes: string;
  reminderMinutes: number[];
  requiresConfirmation: boolean;
  perDay: string;
  perWeek: string;
  cancelNoticeMinutes: number;
  hidden: boolean;
  /** A group session: `seats` clients book the same start. */
  group: boolean;
  seats: string;
  waitlistHoldMinutes: number;
  questions: QuestionDraft[];
};

let draftCounter = 0;
export const newDraftKey = () => `q${++draftCounter}`;

export function initialForm(e?: EventType): FormState {
  const duration = e?.durationMinutes ?? 30;
  return {
    title: e?.title ?? "",
    slug: e?.slug ?? "",
    durationMinutes: duration,
    durationOptions: e?.durationOptions?.length ? [...e.durationOptions] : [duration],
    kind: e?.location.kind ?? "jitsi",
    details: e?.location.details ?? "",
    description: e?.description ?? "",
    bufferBeforeMinutes: String(e?.bufferBeforeMinutes ?? 0),
    bufferAfterMinutes: String(e?.bufferAfterMinutes ?? 0),
    minNoticeMinutes: String(e?.minNoticeMinutes ?? 60),
    maxDaysAhead: String(e?.maxDaysAhead ?? 60),
    slotIntervalMinutes: e ? String(e.slotIntervalMinutes) : "",
    reminderMinutes: e ? [...e.reminderMinutes] : [1440, 60],
    requiresConfirmation: e?.requiresConfirmation ?? false,
    perDay: e?.limits?.perDay ? String(e.limits.perDay) : "",
    perWeek: e?.limits?.perWeek ? String(e.limits.perWeek) : "",
    cancelNoticeMinutes: e?.cancelNoticeMinutes ?? 0,
    hidden: e?.hidden ?? false,
    group: Boolean(e?.seats),
    seats: String(e?.seats ?? DEFAULT_SEATS),
    waitlistHoldMinutes: e?.waitlistHoldMinutes ?? DEFAULT_HOLD_MINUTES,
    questions: (e?.questions ?? []).map((q) => ({
      key: newDraftKey(),
      id: q.id,
      label: q.label,
      kind: q.kind ?? "text",
      required: q.required ?? false,
      options: (q.options ?? []).join("\n"),
    })),
  };
}

/** The choices shown, with any value the event type already has that is not among them. */
export function withExisting(choices: readonly number[], existing: readonly number[]): number[] {
  return [...new Set([...choices, ...existing])].sort((a, b) => a - b);
}

/** Offer or stop offering a length; the default length is always one of those offered. */
export function toggleDuration(form: FormState, minutes: number, on: boolean): FormState {
  const options = on
    ? [...new Set([...form.durationOptions, minutes])].sort((a, b) => a - b)
    : form.durationOptions.filter((m) => m !== minutes);
  if (options.length === 0) return form;
  const durationMinutes = options.includes(form.durationMinutes)
    ? form.durationMinutes
    : (options[0] as number);
  return { ...form, durationOptions: options, durationMinutes };
}

/**
 * A question's id from its label: lower-case letters, digits, - and _, starting with a
 * letter or digit, at most 40 characters, and not one of `taken` (a number is added).
 */
export function questionId(label: string, taken: readonly string[]): string {
  const base =
    label
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/ß/g, "ss")
      .replace(/[^a-z0-9_-]+/g, "-")
      .replace(/-{2,}/g, "-")
      .replace(/^[-_]+|[-_]+$/g, "")
      .slice(0, 40)
      .replace(/[-_]+$/g, "") || "question";
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, 40 - suffix.length).replace(/[-_]+$/g, "")}${suffix}`;
    if (!taken.includes(candidate)) return candidate;
  }
}

/** The questions as the API takes them: ids kept where known, made unique from labels else. */
export function questionsToApi(drafts: readonly QuestionDraft[]): Question[] {
  const taken = drafts.flatMap((d) => (d.id ? [d.id] : []));
  return drafts.map((d) => {
    let id = d.id;
    if (!id) {
      id = questionId(d.label, taken);
      taken.push(id);
    }
    const options =
      d.kind === "select"
        ? d.options
            .split("\n")
            .map((o) => o.trim())
            .filter(Boolean)
        : null;
    return { id, label: d.label.trim(), kind: d.kind, required: d.required, options };
  });
}

export const NUMBER_FIELDS = [
  "bufferBeforeMinutes",
  "bufferAfterMinutes",
  "minNoticeMinutes",
  "maxDaysAhead",
] as const;

/** A whole number ≥ `min` from a field, null when blank, NaN when not one. */
export function wholeNumber(text: string, min = 0): number | null {
  if (!text.trim()) return null;
  const value = Number(text.trim());
  return Number.isInteger(value) && value >= min ? value : Number.NaN;
}

/** The request body for the form (already checked by `formProblems`). */
export function formToApi(form: FormState): EventTypeCreate {
  const number = (text: string) => wholeNumber(text) ?? 0;
  const interval = wholeNumber(form.slotIntervalMinutes, 5);
  return {
    title: form.title.trim(),
    slug: form.slug.trim(),
    description: form.description.trim(),
    location: { kind: form.kind, details: form.details.trim() || null },
    durationMinutes: form.durationMinutes,
    durationOptions: [...form.durationOptions].sort((a, b) => a - b),
    bufferBeforeMinutes: number(form.bufferBeforeMinutes),
    bufferAfterMinutes: number(form.bufferAfterMinutes),
    minNoticeMinutes: number(form.minNoticeMinutes),
    maxDaysAhead: number(form.maxDaysAhead),
    slotIntervalMinutes: Number.isNaN(interval) ? null : interval,
    reminderMinutes: [...form.reminderMinutes].sort((a, b) => b - a),
    requiresConfirmation: form.requiresConfirmation,
    limits: { perDay: wholeNumber(form.perDay, 1), perWeek: wholeNumber(form.perWeek, 1) },
    cancelNoticeMinutes: form.cancelNoticeMinutes,
    hidden: form.hidden,
    // Null turns a group session back into one-to-one.
    seats: form.group ? Number(form.seats.trim()) : null,
    waitlistHoldMinutes: form.waitlistHoldMinutes,
    questions: questionsToApi(form.questions),
  };
}

export type ProblemCode =
  | "needTitle"
  | "needSlug"
  | "wholeNumber"
  | "minWindow"
  | "minInterval"
  | "positive"
  | "tooManyDurations"
  | "tooManyReminders"
  | "needLabel"
  | "needOptions"
  | "seatsRange"
  | "seatsOneLength";

/** What is wrong before asking the server: field name (or `questions.N.field`) → problem. */
export function formProblems(form: FormState): Record<string, ProblemCode> {
  const problems: Record<string, ProblemCode> = {};
  if (!form.title.trim()) problems.title = "needTitle";
  if (!form.slug.trim()) problems.slug = "needSlug";
  for (const key of NUMBER_FIELDS) {
    const value = wholeNumber(form[key]);
    if (value === null || Number.isNaN(value)) problems[key] = "wholeNumber";
  }
  if (!problems.maxDaysAhead && Number(form.maxDaysAhead) < 1) problems.maxDaysAhead = "minWindow";
  if (Number.isNaN(wholeNumber(form.slotIntervalMinutes, 5)))
    problems.slotIntervalMinutes = "minInterval";
  for (const key of ["perDay", "perWeek"] as const) {
    if (Number.isNaN(wholeNumber(form[key], 1))) problems[key] = "positive";
  }
  if (form.durationOptions.length > MAX_DURATIONS) problems.durationOptions = "tooManyDurations";
  if (form.reminderMinutes.length > MAX_REMINDERS) problems.reminderMinutes = "tooManyReminders";
  if (form.group) {
    const seats = wholeNumber(form.seats, MIN_SEATS);
    if (seats === null || Number.isNaN(seats) || seats > MAX_SEATS) problems.seats = "seatsRange";
    // Every seat of a session starts and ends together, so a group session has one length.
    if (form.durationOptions.length > 1) problems.durationOptions = "seatsOneLength";
  }
  form.questions.forEach((q, index) => {
    if (!q.label.trim()) problems[`questions.${index}.label`] = "needLabel";
    if (q.kind === "select" && !q.options.split("\n").some((o) => o.trim()))
      problems[`questions.${index}.options`] = "needOptions";
  });
  return problems;
}

/**
 * A 422's sentences for the questions, as `questions.N.field` → sentence; the generic
 * field errors name only the last part of a path, which every question shares.
 */
export function questionErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return out;
  for (const item of error.details as FieldProblem[]) {
    const path = String(item?.field ?? "")
      .split(".")
      .filter((part) => part !== "body");
    if (path[0] !== "questions") continue;
    const key = path.length >= 3 ? `questions.${path[1]}.${path[2]}` : "questions";
    if (!out[key]) out[key] = fieldMessage(item);
  }
  return out;
}
