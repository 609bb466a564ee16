import { options } from "preact";

/**
 * Runs each render's effects (`useEffect`) right after that render, before the browser
 * handles another event, as React does for what a person types or clicks.
 *
 * Preact by itself waits for the next frame, so a key pressed right after typing can reach
 * code whose effects have not caught up: TanStack Query's `useMutation` takes its latest
 * `mutationFn` in an effect, and a password typed and sent with Enter in one go was sent as
 * it was before the typing. The app is written for React's order; this gives it that order.
 */
export function runEffectsBeforeTheNextEvent(): void {
  options.requestAnimationFrame = queueMicrotask;
}
