// What a new password must not be (NIST SP 800-63B §3.1.1.2): shorter than 8 characters, one that people
// commonly choose or that breaches have exposed, the account's own email address or name, or a single
// character repeated. No composition rules and no forced changes; long passphrases are welcome (up to 256
// characters, hashed whole: argon2 does not truncate).
//
// The list is the 49,000 most common passwords of breach corpora, as shipped (and kept) by zxcvbn-ts in
// `@zxcvbn-ts/language-common` ("passwords-common"); compared without regard to case.
import { dictionary } from "@zxcvbn-ts/language-common";
import { PASSWORD_MAX, PASSWORD_MIN } from "../../lib/passwords";

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  return (common ??= new Set(dictionary["passwords-common"].map((p) => p.toLowerCase())));
}

/** The breach list's entries that our length rule alone would not refuse (for tests and the docs). */
export function listedPasswordsOfAllowedLength(): string[] {
  return [...commonPasswords()].filter((p) => p.length >= PASSWORD_MIN && p.length <= PASSWORD_MAX);
}

const fold = (s: string) => s.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();

/**
 * Why this password may not be chosen by this account, in words for the page; null when it may.
 * Length is checked by the form's schema first; this is what a schema cannot know.
 */
export function passwordProblem(password: string, account: { email: string; name?: string | null }): string | null {
  const p = fold(password);
  if (commonPasswords().has(p) || commonPasswords().has(p.replace(/ /g, ""))) {
    return "This password is too common: it is on a list of passwords that attackers try first. Choose another, such as three or four random words";
  }
  const email = fold(account.email);
  const local = email.split("@")[0] ?? "";
  const name = account.name ? fold(account.name) : "";
  if (p === email || (local.length > 0 && p === local) || (name.length > 0 && (p === name || p.replace(/ /g, "") === name.replace(/ /g, "")))) {
    return "Your password must not be your email address or your name";
  }
  if (/^(.)\1*$/u.test(p)) return "Your password must not be one character repeated";
  return null;
}
