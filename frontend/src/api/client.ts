import createClient, { type Middleware } from "openapi-fetch";
import { currentLanguage } from "../i18n";
import { getToken, useAuthStore } from "../stores/auth";
import { toApiError } from "./errors";
import type { paths } from "./schema";

/** Typed client for the backend, same origin (Vite proxies /api in development). */
export const api = createClient<paths>({
  baseUrl: typeof window === "undefined" ? "http://localhost" : window.location.origin,
  // Looked up per call, so tests can stub the global.
  fetch: (request: Request) => globalThis.fetch(request),
});

const session: Middleware = {
  onRequest({ request }) {
    // The server answers in the language on screen, and a booking, a waitlist place or a
    // new account keeps it for the emails it brings.
    request.headers.set("Accept-Language", currentLanguage());
    const token = getToken();
    if (token && !request.headers.has("Authorization")) {
      request.headers.set("Authorization", `Bearer ${token}`);
    }
    return request;
  },
  onResponse({ request, response }) {
    // A 401 to a request that carried our token means the session is over (expired or
    // revoked): forget it everywhere. A 401 without one (wrong password) is just an answer.
    if (response.status === 401 && request.headers.has("Authorization")) {
      useAuthStore.getState().clear(true);
    }
    return response;
  },
};
api.use(session);

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Await an openapi-fetch call: its data, or an ApiError carrying the error envelope. */
export async function call<T>(request: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await request;
  if (!response.ok || error !== undefined) throw toApiError(response, error);
  return data as T;
}
