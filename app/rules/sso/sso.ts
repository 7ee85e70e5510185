// The rules of organisation single sign-on (decision 040), on plain values: what a domain and an issuer may
// be, the DNS record that proves a domain, and whether what a provider says about a person lets them in.
// No network, no database: app/server/sso/ does the I/O around these.

/** The DNS name whose TXT record proves the domain: a label of ours under it, so it clashes with nothing. */
export const VERIFICATION_LABEL = "_civic-challenge";
export const VERIFICATION_PREFIX = "civic-challenge-verification=";

export function verificationRecordName(domain: string): string {
  return `${VERIFICATION_LABEL}.${domain}`;
}

export function verificationRecordValue(token: string): string {
  return `${VERIFICATION_PREFIX}${token}`;
}

/** A TXT answer (each record in its chunks, as node:dns gives it) holds our value for this token. */
export function txtRecordsProve(records: string[][], token: string): boolean {
  const want = verificationRecordValue(token);
  return records.some((chunks) => chunks.join("").trim() === want);
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A domain as typed ("@Camden.gov.uk." too) in the form we keep, or null: two or more labels of letters,
 * digits and inner hyphens, a top-level label that is not all digits (no IP addresses), 253 characters at most.
 */
export function normaliseDomain(input: string): string | null {
  const d = input.trim().toLowerCase().replace(/^@/, "").replace(/\.$/, "");
  if (d.length === 0 || d.length > 253) return null;
  const labels = d.split(".");
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return null;
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) return null;
  return d;
}

/** The domain of an e-mail address, normalised, or null when it has none we could keep. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf("@");
  if (at <= 0 || at === email.length - 1) return null;
  return normaliseDomain(email.slice(at + 1));
}

/**
 * What is wrong with an issuer address, or null: an absolute https address (http only when the operator
 * allowed it, for a provider on this machine in tests), without user name, password, query or fragment.
 */
export function issuerProblem(input: string, allowInsecureHttp: boolean): string | null {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return "Enter the issuer as a full address, like https://login.microsoftonline.com/<tenant>/v2.0";
  }
  if (url.protocol !== "https:" && !(allowInsecureHttp && url.protocol === "http:")) return "Enter an issuer address that starts with https://";
  if (url.username || url.password) return "Enter the issuer address without a user name or password";
  if (url.search || url.hash || input.includes("?") || input.includes("#")) return "Enter the issuer address without a query (?) or fragment (#)";
  return null;
}

export type IdentityRefusal = "no-email" | "email-not-verified" | "domain-not-verified";

/** What the provider said, as the ID token and user info give it (anything may be missing or the wrong type). */
export interface ProviderClaims {
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
  given_name?: unknown;
  family_name?: unknown;
}

/**
 * Whether the provider's word lets this person in for an organisation whose verified domains are these:
 * an e-mail address it has verified (email_verified exactly true), at one of those domains.
 */
export function checkIdentity(claims: ProviderClaims, verifiedDomains: readonly string[]):
  { ok: true; email: string; domain: string } | { ok: false; reason: IdentityRefusal } {
  if (typeof claims.email !== "string" || claims.email.trim() === "") return { ok: false, reason: "no-email" };
  if (claims.email_verified !== true) return { ok: false, reason: "email-not-verified" };
  const email = claims.email.trim().toLowerCase();
  const domain = emailDomain(email);
  if (!domain || !verifiedDomains.includes(domain) || !/^[^\s@]+@[^\s@]+$/.test(email)) return { ok: false, reason: "domain-not-verified" };
  return { ok: true, email, domain };
}

const NAME_MAX = 100;

/** The name a new account gets: the provider's name, else given and family names, else the address's local part. */
export function nameFromClaims(claims: ProviderClaims, email: string): string {
  const text = (v: unknown) => (typeof v === "string" ? v.replace(/\s+/g, " ").trim() : "");
  const full = text(claims.name) || [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(" ") || email.slice(0, email.lastIndexOf("@"));
  return full.slice(0, NAME_MAX);
}
