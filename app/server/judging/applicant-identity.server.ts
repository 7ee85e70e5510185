// The applicants' identities that blind review hides (blind.ts), read once for many proposals: one blinder per
// applicant organisation, built from its name, website and members' names and emails.
import { db } from "../connections.server";
import { blinder } from "./blind";

export type Blind = (text: string) => string;

export async function blindersFor(orgs: readonly { id: string; name: string; website: string | null }[]): Promise<Map<string, Blind>> {
  const ids = [...new Set(orgs.map((o) => o.id))];
  if (ids.length === 0) return new Map();
  const members = await db().selectFrom("memberships").innerJoin("users", "users.id", "memberships.user_id")
    .select(["memberships.org_id", "users.name", "users.email"]).where("memberships.org_id", "in", ids).execute();
  return new Map(orgs.map((o) => [o.id, blinder(o, members.filter((m) => m.org_id === o.id))]));
}

/** Proposal titles as a judge is shown them: redacted when the challenge is reviewed blind. */
export async function titlesAsJudgesSeeThem(proposalIds: readonly string[]): Promise<Map<string, string>> {
  if (proposalIds.length === 0) return new Map();
  const rows = await db().selectFrom("proposals")
    .innerJoin("challenges", "challenges.id", "proposals.challenge_id")
    .innerJoin("organisations", "organisations.id", "proposals.org_id")
    .select(["proposals.id", "proposals.title", "challenges.blind_review", "organisations.id as org_id", "organisations.name", "organisations.website"])
    .where("proposals.id", "in", [...new Set(proposalIds)]).execute();
  const blind = await blindersFor(rows.filter((r) => r.blind_review).map((r) => ({ id: r.org_id, name: r.name, website: r.website })));
  return new Map(rows.map((r) => [r.id, r.blind_review ? blind.get(r.org_id)!(r.title) : r.title]));
}
