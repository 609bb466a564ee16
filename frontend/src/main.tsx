import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "react-day-picker/style.css";
import { App } from "./App";
import { ApiError } from "./api/errors";
import { applyLanguage, detectLanguage } from "./i18n";
import { runEffectsBeforeTheNextEvent } from "./lib/effectTiming";
import { SocketProvider } from "./realtime/socket";
import "./styles.css";

runEffectsBeforeTheNextEvent();

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A 4xx answer will not change by asking again; network trouble might.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: true,
    },
  },
});

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");

function render(container: HTMLElement) {
  createRoot(container).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <SocketProvider>
          <App />
        </SocketProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}

// The first paint is already in the reader's language: a German visitor waits for the
// German messages (one small request) rather than seeing English flash by. Should that
// request fail, the page shows in English.
applyLanguage(detectLanguage())
  .catch(() => undefined)
  .finally(() => render(root));
