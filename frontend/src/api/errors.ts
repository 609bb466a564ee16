import { i18n } from "../i18n";
import { type FieldProblem, fieldMessage } from "../lib/fieldMessages";

/** The API's one error envelope, `{"error": {"code", "message", "details"}}`, as an Error. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  /** Seconds to wait, from a 429's Retry-After header. */
  readonly retryAfter: number | null;

  constructor(
    status: number,
    code: string,
    message: string,
    details: unknown = null,
    retryAfter: number | null = null,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
  }

  /** Field-level sentences from a 422's details (a list of {field, message, type}). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    if (!Array.isArray(this.details)) return out;
    for (const item of this.details as unknown[]) {
      if (item && typeof item === "object" && "field" in item) {
        const problem = item as FieldProblem;
        // "body.email" and "email" both name the email field; an item of a list
        // ("embedOrigins.0") is told at the list's own field.
        const parts = String(problem.field).split(".");
        while (parts.length > 1 && /^\d+$/.test(parts[parts.length - 1] ?? "")) parts.pop();
        const field = parts.pop() ?? "";
        if (field && !out[field]) out[field] = fieldMessage(problem);
      }
    }
    return out;
  }
}

export function toApiError(response: Response, body: unknown): ApiError {
  const envelope =
    body && typeof body === "object" && "error" in body
      ? (body as { error: { code?: string; message?: string; details?: unknown } }).error
      : null;
  const retry = response.headers.get("Retry-After");
  const retryAfter = retry !== null && /^\d+$/.test(retry) ? Number(retry) : null;
  return new ApiError(
    response.status,
    envelope?.code ?? `http_${response.status}`,
    envelope?.message ?? (response.statusText || i18n.t("errors.generic")),
    envelope?.details ?? null,
    retryAfter,
  );
}

/** A message for people, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) {
      return error.retryAfter
        ? i18n.t("errors.tooManyWait", { wait: formatWait(error.retryAfter) })
        : i18n.t("errors.tooMany");
    }
    return error.message;
  }
  if (error instanceof TypeError) return i18n.t("errors.offline");
  if (error instanceof Error) return error.message;
  return i18n.t("errors.genericSentence");
}

export function formatWait(seconds: number): string {
  if (seconds < 60) return i18n.t("errors.seconds", { count: seconds });
  return i18n.t("errors.minutes", { count: Math.ceil(seconds / 60) });
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}
