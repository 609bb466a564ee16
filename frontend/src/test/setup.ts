import { cleanup } from "@testing-library/preact";
import { afterEach } from "vitest";
import { loadAppMessages } from "../i18n";
import { runEffectsBeforeTheNextEvent } from "../lib/effectTiming";

// Effects run in the order the app has in the browser (main.tsx).
runEffectsBeforeTheNextEvent();

// Components render here without the chunks that bring the app's words: load them up front.
await loadAppMessages();

afterEach(() => {
  // Vitest runs without globals, so Testing Library cannot unmount by itself.
  cleanup();
  localStorage.clear();
});
