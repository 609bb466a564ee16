import { ApiError, errorMessage } from "../api/errors";

export type FieldErrors = Record<string, string>;

/** Split an API error into messages next to fields and one for the whole form. */
export function splitErrors(
  error: unknown,
  fields: string[],
): { fieldErrors: FieldErrors; formError: string | null } {
  if (!(error instanceof ApiError)) return { fieldErrors: {}, formError: errorMessage(error) };
  if (error.code === "email_taken") {
    return { fieldErrors: { email: error.message }, formError: null };
  }
  if (error.code === "username_taken") {
    return { fieldErrors: { username: error.message }, formError: null };
  }
  if (error.status === 422) {
    const all = error.fieldErrors();
    const fieldErrors: FieldErrors = {};
    const rest: string[] = [];
    for (const [field, message] of Object.entries(all)) {
      if (fields.includes(field)) fieldErrors[field] = message;
      else rest.push(message);
    }
    const formError =
      rest.length > 0
        ? rest.join(" ")
        : Object.keys(fieldErrors).length === 0
          ? error.message
          : null;
    return { fieldErrors, formError };
  }
  return { fieldErrors: {}, formError: errorMessage(error) };
}
