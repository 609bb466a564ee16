import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { User } from "../api/types";
import { AUTH_STORAGE_KEY, useAuthStore } from "./auth";

const user: User = {
  id: "u1",
  name: "Ada Lovelace",
  email: "ada@example.com",
  isExpert: false,
  expertId: null,
  username: null,
  timezone: null,
  language: "en",
  createdAt: "2026-01-01T00:00:00Z",
};

const stored = () => JSON.parse(localStorage.getItem(AUTH_STORAGE_KEY) ?? "null");

describe("useAuthStore", () => {
  beforeEach(() => useAuthStore.getState().clear());
  afterEach(() => vi.restoreAllMocks());

  it("persists the token and user to localStorage", () => {
    useAuthStore.getState().setSession("tok-1", user);
    expect(stored().state).toEqual({ token: "tok-1", user });
  });

  it("does not rewrite the stored session when the refreshed user is the same", () => {
    useAuthStore.getState().setSession("tok-1", user);
    localStorage.setItem(AUTH_STORAGE_KEY, "changed elsewhere");
    useAuthStore.getState().setUser({ ...user });
    expect(localStorage.getItem(AUTH_STORAGE_KEY)).toBe("changed elsewhere");
    useAuthStore.getState().setUser({ ...user, name: "Ada King" });
    expect(stored().state.user.name).toBe("Ada King");
  });

  it("does not persist the expired flag", () => {
    useAuthStore.getState().clear(true);
    expect(useAuthStore.getState().expired).toBe(true);
    expect(stored().state).toEqual({ token: null, user: null });
  });

  it("restores the session from localStorage on reload", async () => {
    localStorage.setItem(
      AUTH_STORAGE_KEY,
      JSON.stringify({ state: { token: "tok-2", user }, version: 1 }),
    );
    await useAuthStore.persist.rehydrate();
    expect(useAuthStore.getState().token).toBe("tok-2");
    expect(useAuthStore.getState().user?.email).toBe("ada@example.com");
  });

  it("clears the session and its stored copy", () => {
    useAuthStore.getState().setSession("tok-3", user);
    useAuthStore.getState().clear(true);
    expect(useAuthStore.getState()).toMatchObject({ token: null, user: null, expired: true });
    expect(stored().state.token).toBeNull();
  });

  it("updates the user without touching the token", () => {
    useAuthStore.getState().setSession("tok-4", user);
    useAuthStore.getState().setUser({ ...user, isExpert: true, username: "ada" });
    expect(useAuthStore.getState().token).toBe("tok-4");
    expect(stored().state.user.isExpert).toBe(true);
  });

  it("a new login forgets that the last session expired", () => {
    useAuthStore.getState().clear(true);
    useAuthStore.getState().setSession("tok-5", user);
    expect(useAuthStore.getState().expired).toBe(false);
  });
});

describe("the API client's session handling", () => {
  beforeEach(() => useAuthStore.getState().clear());
  afterEach(() => vi.unstubAllGlobals());

  const respond = (status: number, body: unknown) =>
    vi.fn(
      async () =>
        new Response(JSON.stringify(body), {
          status,
          headers: { "Content-Type": "application/json" },
        }),
    );

  it("sends the token and clears the session on a 401", async () => {
    const fetchMock = respond(401, { error: { code: "unauthorized", message: "Expired" } });
    vi.stubGlobal("fetch", fetchMock);
    const { fetchMe } = await import("../api/queries");
    useAuthStore.getState().setSession("stale", user);
    await expect(fetchMe()).rejects.toMatchObject({ status: 401, code: "unauthorized" });
    const request = (fetchMock.mock.calls[0] as unknown as [Request])[0];
    expect(request.headers.get("Authorization")).toBe("Bearer stale");
    expect(useAuthStore.getState()).toMatchObject({ token: null, user: null, expired: true });
  });

  it("asks for the language on screen, which the server writes emails in", async () => {
    const fetchMock = respond(401, { error: { code: "unauthorized", message: "No" } });
    vi.stubGlobal("fetch", fetchMock);
    const { applyLanguage } = await import("../i18n");
    const { fetchMe } = await import("../api/queries");
    const asked = async () => {
      await fetchMe().catch(() => undefined);
      const request = (fetchMock.mock.calls.at(-1) as unknown as [Request])[0];
      return request.headers.get("Accept-Language");
    };
    expect(await asked()).toBe("en");
    await applyLanguage("de");
    try {
      expect(await asked()).toBe("de");
    } finally {
      await applyLanguage("en");
    }
  });

  it("keeps the session on other errors", async () => {
    vi.stubGlobal("fetch", respond(404, { error: { code: "not_found", message: "No" } }));
    const { fetchExpert } = await import("../api/queries");
    useAuthStore.getState().setSession("good", user);
    await expect(fetchExpert("nobody")).rejects.toMatchObject({ status: 404 });
    expect(useAuthStore.getState().token).toBe("good");
  });

  it("a wrong password (401 without a token) is only an answer", async () => {
    vi.stubGlobal(
      "fetch",
      respond(401, { error: { code: "invalid_credentials", message: "Wrong email or password" } }),
    );
    const { api, call } = await import("../api/client");
    await expect(
      call(api.POST("/api/auth/login", { body: { email: "a@b.c", password: "x" } })),
    ).rejects.toMatchObject({ code: "invalid_credentials" });
    expect(useAuthStore.getState().expired).toBe(false);
  });
});
