// Who may read and write a proposal's thread (decision 026). Its parties are the organisations the
// proposal brings together: the public body that owns the challenge, the applicant start-up and, once the
// proposal's team is formed, the team's corporate sponsor. A person is a party through the organisation
// they act for. The thread opens when the owner may read the proposal (submitted, deadline passed:
// decision 003), so no message can break the seal; before that, and for everyone else, it is "not found".
// A member of the challenge's judging panel never reads it, whichever organisation they act for: the
// thread names the applicant, and a judge of a blind review must not learn who it is.
import { sql } from "kysely";
import type { DB } from "../../../db/client";
import type { ThreadParty } from "../../lib/proposal-messages";
import type { Actor } from "../auth.server";
import { db } from "../connections.server";

export interface Thread {
  proposalId: string;
  proposalTitle: string;
  challengeId: string;
  challengeTitle: string;
  ownerOrgId: string;
  applicantOrgId: string;
  /** The corporate sponsors of the proposal's formed teams (at most one in practice). */
  sponsorOrgIds: string[];
}

/** The thread's parties' organisations, each once. */
export function partyOrgIds(t: Thread): string[] {
  return [...new Set([t.ownerOrgId, t.applicantOrgId, ...t.sponsorOrgIds])];
}

/** The part an organisation plays in the thread, or null when it is not a party. */
export function partyOf(t: Thread, orgId: string | null | undefined): ThreadParty | null {
  if (!orgId) return null;
  if (orgId === t.ownerOrgId) return "owner";
  if (orgId === t.applicantOrgId) return "applicant";
  if (t.sponsorOrgIds.includes(orgId)) return "sponsor";
  return null;
}

/** The proposal's thread if it is open, whoever asks: for the access check and the notices only. */
export async function openThread(executor: DB, proposalId: string): Promise<Thread | null> {
  const row = await executor.selectFrom("proposals").innerJoin("challenges", "challenges.id", "proposals.challenge_id")
    .select([
      "proposals.id", "proposals.title", "proposals.org_id as applicant_org_id",
      "challenges.id as challenge_id", "challenges.title as challenge_title", "challenges.org_id as owner_org_id",
    ])
    .select((eb) => eb.fn.coalesce(
      eb.selectFrom("teams").select(sql<string[]>`array_agg(DISTINCT corporate_org_id)`.as("ids")).whereRef("teams.proposal_id", "=", "proposals.id"),
      sql<string[]>`'{}'::uuid[]`,
    ).as("sponsor_org_ids"))
    .where("proposals.id", "=", proposalId)
    .where("challenges.closes_at", "<=", sql<Date>`now()`)
    .where("proposals.status", "not in", ["draft", "withdrawn"])
    .executeTakeFirst();
  if (!row) return null;
  return {
    proposalId: row.id, proposalTitle: row.title, challengeId: row.challenge_id, challengeTitle: row.challenge_title,
    ownerOrgId: row.owner_org_id, applicantOrgId: row.applicant_org_id, sponsorOrgIds: row.sponsor_org_ids ?? [],
  };
}

export async function isPanelJudge(executor: DB, challengeId: string, userId: string): Promise<boolean> {
  return !!(await executor.selectFrom("judges").select("id").where("challenge_id", "=", challengeId).where("user_id", "=", userId).executeTakeFirst());
}

/**
 * The thread and the actor's part in it, or null (→ 404) when they may not read it: not acting for one of
 * its parties, on the challenge's judging panel, or the thread not open. The one access rule for reading,
 * posting and downloading a message's file.
 */
export async function threadForActor(actor: Pick<Actor, "org" | "user">, proposalId: string, executor: DB = db()): Promise<(Thread & { party: ThreadParty; orgId: string }) | null> {
  const orgId = actor.org?.orgId;
  if (!orgId) return null;
  const thread = await openThread(executor, proposalId);
  if (!thread) return null;
  const party = partyOf(thread, orgId);
  if (!party) return null;
  if (await isPanelJudge(executor, thread.challengeId, actor.user.id)) return null;
  return { ...thread, party, orgId };
}
