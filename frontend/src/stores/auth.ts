import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import type { User } from "../api/types";

export const AUTH_STORAGE_KEY = "expertbook-auth";

type AuthState = {
  token: string | null;
  user: User | null;
  /** Set when the server ended the session (a 401), so the login page can say why. */
  expired: boolean;
  setSession: (token: string, user: User) => void;
  setUser: (user: User) => void;
  /** Forget the session; `expired` tells whether the server ended it. */
  clear: (expired?: boolean) => void;
};

export const useAuthStore = create<AuthState>()(
  persist(
    (set, get) => ({
      token: null,
      user: null,
      expired: false,
      setSession: (token, user) => set({ token, user, expired: false }),
      // The refresh after every load mostly brings the same user back: writing it anyway
      // would rewrite the stored session, racing anything else that changes it.
      setUser: (user) => {
        if (JSON.stringify(get().user) !== JSON.stringify(user)) set({ user });
      },
      clear: (expired = false) => set({ token: null, user: null, expired }),
    }),
    {
      name: AUTH_STORAGE_KEY,
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (state) => ({ token: state.token, user: state.user }),
    },
  ),
);

/** The token, read outside React (the API client and the socket). */
export const getToken = (): string | null => useAuthStore.getState().token;
