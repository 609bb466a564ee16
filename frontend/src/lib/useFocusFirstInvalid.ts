import { type RefObject, useCallback, useEffect, useState } from "react";

/**
 * Take the keyboard to the first field marked invalid inside `container`, once the render
 * that marks it has reached the page. Call the returned function with the state update
 * that shows the errors: a frame callback can run before React has committed them, and
 * then finds nothing to focus.
 */
export function useFocusFirstInvalid(container: RefObject<HTMLElement | null>): () => void {
  const [requests, setRequests] = useState(0);
  useEffect(() => {
    if (requests === 0) return;
    container.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [requests, container]);
  return useCallback(() => setRequests((n) => n + 1), []);
}
