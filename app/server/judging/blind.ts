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
  return text.replace(new RegExp(terms.map(escapeRegExp).join("|"), "gi"), REDACTED);
}

/** Identifying strings for an organisation: its name, website host and members' names and emails. */
export function identifiersOf(org: { name: string; website: string | null }, members: { name: string; email: string }[]): string[] {
  const ids = [org.name, ...members.flatMap((m) => [m.name, m.email, m.email.split("@")[0]!])];
  if (org.website) {
    try {
      ids.push(org.website, new URL(org.website).host.replace(/^www\./, ""));
    } catch {
      ids.push(org.website);
    }
  }
  return ids;
}
