// Server calls of the account settings page: the signed-in user's own account.
import { api, call } from "./client";
import type { AccountUpdate } from "./types";

export const updateAccount = (body: AccountUpdate) => call(api.PATCH("/api/auth/me", { body }));

/** Answers a new token: every other session of the account ends. */
export const changePassword = (currentPassword: string, newPassword: string) =>
  call(api.PUT("/api/auth/me/password", { body: { currentPassword, newPassword } }));

export const deleteAccount = (password: string) =>
  call(api.DELETE("/api/auth/me", { body: { password } }));

/** Everything the server keeps about the user, saved as the JSON file it sends. */
export async function downloadMyData(): Promise<void> {
  const blob = await call(api.GET("/api/auth/me/export", { parseAs: "blob" }));
  const url = URL.createObjectURL(blob as Blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = "expertbook-my-data.json";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
