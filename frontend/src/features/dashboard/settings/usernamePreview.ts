// The server's username rule (experts/schemas.py): 3–30 lowercase letters, digits and dashes,
// not starting or ending with a dash. It lowercases and trims what it is sent.
import { i18n } from "../../../i18n";

const USERNAME = /^[a-z0-9][a-z0-9-]{1,28}[a-z0-9]$/;

/** The rule in words, in the language on screen. */
export const usernameRule = () => i18n.t("username.ruleNoDash");

/** The public link `text` would give once saved, or null while it cannot be a username. */
export function publicLinkFor(text: string, origin: string): string | null {
  const username = text.trim().toLowerCase();
  return USERNAME.test(username) ? `${origin}/${username}` : null;
}
