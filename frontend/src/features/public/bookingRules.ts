// The booking form's rules, without React: the answers and guests sent, what is missing
// before sending, and where each of the server's refusals belongs.

import { ApiError, errorMessage } from "../../api/errors";
import type { EventType } from "../../api/types";
import { i18n } from "../../i18n";
import { type FieldProblem, fieldMessage } from "../../lib/fieldMessages";

export type Question = EventType["questions"][number];
export type AnswerValue = string | boolean;
export type AnswerValues = Record<string, AnswerValue>;

/** The server takes at most this many extra guests. */
export const MAX_GUESTS = 5;

/** The form's own fields, besides the answers and the guests. */
const FIELDS = ["name", "email", "phone", "notes"] as const;

/** `answers` as the API takes them: every checkbox as yes/no, text trimmed, blanks left out. */
export function answersPayload(questions: Question[], values: AnswerValues): AnswerValues {
  const out: AnswerValues = {};
  for (const question of questions) {
    const value = values[question.id];
    if (question.kind === "checkbox") {
      out[question.id] = value === true;
    } else if (typeof value === "string" && value.trim()) {
      out[question.id] = value.trim();
    }
  }
  return out;
}

/** A sentence for each required question left unanswered, by question id. */
export function unanswered(questions: Question[], values: AnswerValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const question of questions) {
    if (!question.required) continue;
    const value = values[question.id];
    if (question.kind === "checkbox") {
      if (value !== true) {
        out[question.id] = i18n.t("bookingRules.tickRequired", { label: question.label });
      }
    } else if (typeof value !== "string" || !value.trim()) {
      out[question.id] = i18n.t("bookingRules.answerRequired", { label: question.label });
    }
  }
  return out;
}

/** The guests' addresses typed into one box: split by commas, semicolons or spaces, each once. */
export function parseGuests(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(/[\s,;]+/)) {
    const email = part.trim();
    if (email && !seen.has(email.toLowerCase())) {
      seen.add(email.toLowerCase());
      out.push(email);
    }
  }
  return out;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What is wrong with the guests before sending them, or null. */
export function guestProblem(guests: string[]): string | null {
  if (guests.length > MAX_GUESTS) {
    return i18n.t("bookingRules.tooManyGuests", { count: MAX_GUESTS });
  }
  const wrong = guests.find((email) => !EMAIL.test(email));
  return wrong ? i18n.t("bookingRules.guestInvalid", { email: wrong }) : null;
}

export type BookingProblems = {
  /** Next to the name, email, phone and notes fields. */
  fields: Record<string, string>;
  /** Next to each question, by its id. */
  answers: Record<string, string>;
  /** Next to the guests box. */
  guests: string | null;
  /** Above the form. */
  form: string | null;
};

export const NO_PROBLEMS: BookingProblems = { fields: {}, answers: {}, guests: null, form: null };

/**
 * A refused booking's messages, each where it belongs. A question's id can be any word
 * ("email" too), so answers are told apart by their `answers.` prefix, not by name.
 * `expertName` names who to ask for a new private link.
 */
export function bookingProblems(
  error: unknown,
  guests: string[],
  expertName: string,
): BookingProblems {
  if (!(error instanceof ApiError)) return { ...NO_PROBLEMS, form: errorMessage(error) };
  if (error.code === "link_used") {
    return { ...NO_PROBLEMS, form: i18n.t("bookingRules.linkUsed", { name: expertName }) };
  }
  if (error.code === "already_in_session") {
    return { ...NO_PROBLEMS, fields: { email: i18n.t("seats.alreadyIn") } };
  }
  if (error.code === "link_not_found") {
    return { ...NO_PROBLEMS, form: i18n.t("bookingRules.linkNotFound", { name: expertName }) };
  }
  if (error.status !== 422 || !Array.isArray(error.details)) {
    return { ...NO_PROBLEMS, form: errorMessage(error) };
  }
  const problems: BookingProblems = { fields: {}, answers: {}, guests: null, form: null };
  const rest: string[] = [];
  for (const item of error.details as unknown[]) {
    if (!item || typeof item !== "object" || !("field" in item)) continue;
    const problem = item as FieldProblem;
    const path = String(problem.field).replace(/^body\./, "");
    const [head = "", ...tail] = path.split(".");
    if (head === "answers" && tail.length > 0) {
      problems.answers[tail.join(".")] ??= fieldMessage(problem);
    } else if (head === "guests") {
      const email = guests[Number(tail[0])];
      problems.guests ??=
        email !== undefined
          ? i18n.t("bookingRules.guestInvalid", { email })
          : fieldMessage(problem);
    } else if ((FIELDS as readonly string[]).includes(head) && tail.length === 0) {
      problems.fields[head] ??= fieldMessage(problem);
    } else {
      rest.push(fieldMessage(problem));
    }
  }
  // Fields far down a long form are easy to miss: the server's summary above it says to look.
  problems.form = rest.length > 0 ? rest.join(" ") : error.message;
  return problems;
}
