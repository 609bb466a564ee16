// A field's validation error in words for a person. The server sends a sentence in
// `message` and pydantic's `type` beside it; an older server, or a message that is still
// pydantic's own ("String should match pattern '^…$'"), gets a sentence from the type here.

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

const plural = (count: unknown, word: string) =>
  `${count} ${word}${Number(count) === 1 ? "" : "s"}`;

const BY_TYPE: Record<string, (ctx: Record<string, unknown>) => string> = {
  missing: () => "Please fill this in.",
  string_too_short: (ctx) =>
    Number(ctx.min_length ?? 1) <= 1
      ? "Please fill this in."
      : `Please use at least ${plural(ctx.min_length, "character")}.`,
  string_too_long: (ctx) =>
    ctx.max_length
      ? `Please use at most ${plural(ctx.max_length, "character")}.`
      : "This is too long.",
  string_pattern_mismatch: () => "Please use only the characters this field allows.",
  greater_than_equal: (ctx) => `Please enter ${String(ctx.ge)} or more.`,
  less_than_equal: (ctx) => `Please enter ${String(ctx.le)} or less.`,
  int_parsing: () => "Please enter a whole number.",
  int_type: () => "Please enter a whole number.",
  date_parsing: () => "Please enter a date such as 2026-12-01.",
  datetime_parsing: () => "Please enter a date and time.",
  enum: () => "Please choose one of the options.",
  literal_error: () => "Please choose one of the options.",
};

/** Fields whose format is easier shown than described. */
const FORMATS: Record<string, string> = {
  email: "Please enter a valid email address, such as name@example.com.",
  username: "Use 3 to 30 lowercase letters, digits and dashes, for example jane-doe.",
  slug: "Use lowercase letters, digits and single dashes, for example intro-call.",
  phone: "Use digits, spaces and + ( ) . / -, for example +1 212 555 0100.",
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
    if (format) return format;
  }
  return BY_TYPE[type]?.(problem.ctx ?? contextFrom(message)) ?? "Please check this value.";
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
