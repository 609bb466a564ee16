// A field's validation error in words for a person. The server sends a sentence in
// `message` and pydantic's `type` beside it; an older server, or a message that is still
// pydantic's own ("String should match pattern '^…$'"), gets a sentence from the type here,
// in the language on screen.

import { i18n } from "../i18n";

export type FieldProblem = {
  field: string;
  message?: string | null;
  type?: string | null;
  ctx?: Record<string, unknown> | null;
};

/** Pydantic's wording, which reads as a program's, never a person's. */
const MACHINE_WORDING = [
  /should match pattern/i,
  /^String should/,
  /^Input should/,
  /^Field required$/,
  /^value is not a valid/i,
  /^Value error, /,
  /^Assertion failed, /,
  /^List should/,
  /^Extra inputs are not permitted$/,
  /'\^.*\$'/, // a regex
];

const t = (key: string, options?: Record<string, unknown>) => i18n.t(key, options);

const BY_TYPE: Record<string, (ctx: Record<string, unknown>) => string> = {
  missing: () => t("fields.missing"),
  string_too_short: (ctx) =>
    Number(ctx.min_length ?? 1) <= 1
      ? t("fields.missing")
      : t("fields.tooShort", { count: Number(ctx.min_length) }),
  string_too_long: (ctx) =>
    ctx.max_length
      ? t("fields.tooLong", { count: Number(ctx.max_length) })
      : t("fields.tooLongAny"),
  string_pattern_mismatch: () => t("fields.pattern"),
  greater_than_equal: (ctx) => t("fields.atLeast", { value: ctx.ge }),
  less_than_equal: (ctx) => t("fields.atMost", { value: ctx.le }),
  int_parsing: () => t("fields.wholeNumber"),
  int_type: () => t("fields.wholeNumber"),
  date_parsing: () => t("fields.date"),
  datetime_parsing: () => t("fields.dateTime"),
  enum: () => t("fields.choose"),
  literal_error: () => t("fields.choose"),
};

/** Fields whose format is easier shown than described. */
const FORMATS: Record<string, () => string> = {
  email: () => t("fields.formatEmail"),
  username: () => t("fields.formatUsername"),
  slug: () => t("fields.formatSlug"),
  phone: () => t("fields.formatPhone"),
};

const readsAsMachine = (message: string) => MACHINE_WORDING.some((re) => re.test(message));

/** The sentence to show next to the field. */
export function fieldMessage(problem: FieldProblem): string {
  const message = problem.message?.trim() ?? "";
  if (message && !readsAsMachine(message)) return message;
  const name = problem.field.split(".").pop() ?? "";
  const type = problem.type ?? guessType(message);
  // Our own validators' words, behind pydantic's prefix, are already for people.
  const own = /^(?:Value error|Assertion failed), (.+)$/.exec(message)?.[1];
  if (own && !readsAsMachine(own) && !/email address/i.test(own)) return own;
  if (type === "string_pattern_mismatch" || type === "value_error") {
    const format = FORMATS[name];
    if (format) return format();
  }
  return BY_TYPE[type]?.(problem.ctx ?? contextFrom(message)) ?? t("fields.check");
}

/** Pydantic's type, read back from its wording when an older server sent no `type`. */
function guessType(message: string): string {
  if (/should match pattern/.test(message)) return "string_pattern_mismatch";
  if (/^String should have at least/.test(message)) return "string_too_short";
  if (/^String should have at most/.test(message)) return "string_too_long";
  if (/^Field required$/.test(message)) return "missing";
  if (/^(?:value is not a valid|Value error)/i.test(message)) return "value_error";
  return "";
}

function contextFrom(message: string): Record<string, unknown> {
  const count = /at (?:least|most) (\d+)/.exec(message)?.[1];
  return count ? { min_length: Number(count), max_length: Number(count) } : {};
}
