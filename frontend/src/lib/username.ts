import { i18n } from "../i18n";
import { slugify } from "./text";

const VALID = /^[a-z0-9][a-z0-9-]{1,28}[a-z0-9]$/;

/** The rule in words, in the language on screen. */
export const usernameRule = () => i18n.t("username.rule");

/** What the typed text becomes as a username: "Jane Doe!" → "jane-doe" (the server's rules). */
export function normalizeUsername(text: string): string {
  return slugify(text, 30);
}

export function isValidUsername(username: string): boolean {
  return VALID.test(username);
}

/** The public link a username gives, or null while the text cannot make one. */
export function usernameLink(text: string, origin: string): string | null {
  const username = normalizeUsername(text);
  return isValidUsername(username) ? `${origin}/${username}` : null;
}
