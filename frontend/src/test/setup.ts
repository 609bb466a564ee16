import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";
import { loadAppMessages } from "../i18n";

// Components render here without the chunks that bring the app's words: load them up front.
await loadAppMessages();

afterEach(() => {
  // Vitest runs without globals, so Testing Library cannot unmount by itself.
  cleanup();
  localStorage.clear();
});
