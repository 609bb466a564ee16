// Server calls of the waitlist: joining the line for a taken time, and the page its
// emails link to (`/waitlist/:id?token=…`), where the client sees, claims or leaves it.
import { api, call } from "./client";
import type { WaitlistJoin } from "./types";

export const joinWaitlist = (body: WaitlistJoin) => call(api.POST("/api/waitlist", { body }));

export const fetchWaitlistEntry = (id: string, token: string | null) =>
  call(
    api.GET("/api/waitlist/{entry_id}", {
      params: { path: { entry_id: id }, query: token ? { token } : {} },
    }),
  );

/** Leave the line, or let an offered place go to the next person. */
export const leaveWaitlist = (id: string, token: string | null) =>
  call(
    api.DELETE("/api/waitlist/{entry_id}", {
      params: { path: { entry_id: id }, query: token ? { token } : {} },
    }),
  );

/** Book the place held for this entry: the answer is the booking, with its manage token. */
export const claimWaitlistPlace = (id: string, token: string | null) =>
  call(
    api.POST("/api/waitlist/{entry_id}/claim", {
      params: { path: { entry_id: id }, query: token ? { token } : {} },
    }),
  );
