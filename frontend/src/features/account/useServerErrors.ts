import type { UseMutationResult } from "@tanstack/react-query";
import { splitErrors } from "../../lib/formErrors";

/**
 * A mutation's error as the server's sentences next to `fields` (and one for the form),
 * plus `edited`, which clears them once the person changes anything: they described the
 * values that were sent, not the ones now in the form.
 */
export function useServerErrors<D, V>(mutation: UseMutationResult<D, Error, V>, fields: string[]) {
  const { fieldErrors, formError } = mutation.error
    ? splitErrors(mutation.error, fields)
    : { fieldErrors: {} as Record<string, string>, formError: null };
  const edited = () => {
    if (!mutation.isIdle && !mutation.isPending) mutation.reset();
  };
  return { fieldErrors, formError, edited };
}
