// Blind review: what identifies an applicant is removed before a proposal reaches a judge. Structured
// fields that name the applicant (organisation, team) are dropped; free text has the organisation's
// name, its website and its members' names and emails replaced.
export const REDACTED = "[applicant]";

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Replaces every identifier (case-insensitive, longest first) with a neutral marker. */
export function redact(text: string, identifiers: readonly string[]): string {
  const terms = [...new Set(identifiers.map((t) => t.trim()).filter((t) => t.length >= 3))].sort((a, b) => b.length - a.length);
  if (terms.length === 0) return text;
  // Not inside a longer word, so a member called "Ann" does not turn "annual" into "[applicant]ual";
  // digits may touch it, so "#acmelabs2025" still loses the name.
  return text.replace(new RegExp(`(?<!\\p{L})(?:${terms.map(escapeRegExp).join("|")})(?!\\p{L})`, "giu"), REDACTED);
}

/** Identifying strings for an organisation: its name, website host and members' names and emails. */
export function identifiersOf(org: { name: string; website: string | null }, members: { name: string; email: string }[]): string[] {
  const ids = [org.name, ...members.flatMap((m) => [m.name, m.email, m.email.split("@")[0]!])];
  if (org.website) {
    ids.push(org.website);
    try {
      const url = new URL(org.website);
      ids.push(url.hostname.replace(/^www\./, ""), decodeURIComponent(org.website.replace(/^https?:\/\/(www\.)?/i, "").split(/[/:?#]/)[0]!));
    } catch {
      // not a URL: the text itself is already in the list
    }
  }
  return [...new Set(ids)];
}
