import { useState } from "react";
import { type FieldErrors, splitErrors } from "./formErrors";

/**
 * A form's errors from its last submission: messages next to `fields` and one for the form.
 * A field's message goes away as soon as the person edits that field; a new submission
 * brings back whatever is still wrong.
 */
export function useFormErrors(error: unknown, fields: string[]) {
  const [edited, setEdited] = useState<{ error: unknown; fields: string[] }>({
    error: null,
    fields: [],
  });
  const { fieldErrors: all, formError } = error
    ? splitErrors(error, fields)
    : { fieldErrors: {} as FieldErrors, formError: null };
  const hidden = edited.error === error ? edited.fields : [];
  const fieldErrors: FieldErrors = {};
  for (const [field, message] of Object.entries(all)) {
    if (!hidden.includes(field)) fieldErrors[field] = message;
  }
  const edit = (field: string) => {
    if (fieldErrors[field]) setEdited({ error, fields: [...hidden, field] });
  };
  return { fieldErrors, formError, edit };
}
