import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

afterEach(() => {
  // Vitest runs without globals, so Testing Library cannot unmount by itself.
  cleanup();
  localStorage.clear();
});
