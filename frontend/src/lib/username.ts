import { slugify } from "./text";

const VALID = /^[a-z0-9][a-z0-9-]{1,28}[a-z0-9]$/;

export const USERNAME_RULE = "Use 3 to 30 lowercase letters, digits and dashes, like jane-doe.";

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
