// Reading a proposal's thread, only through its access rule (access.server.ts).
import { sql } from "kysely";
import type { ThreadMessage, ThreadSummary } from "../../lib/proposal-messages";
import type { Actor } from "../auth.server";
import { listMessageAttachments } from "../attachments/attachments.server";
import { db } from "../connections.server";
import { partyOf, threadForActor } from "./access.server";

/** The thread with its messages, oldest first, or null (→ 404) when the actor may not read it. */
export async function readThread(actor: Actor, proposalId: string) {
  const thread = await threadForActor(actor, proposalId);
  if (!thread) return null;
  const rows = await db().selectFrom("proposal_messages")
    .innerJoin("organisations", "organisations.id", "proposal_messages.org_id")
    .leftJoin("users", "users.id", "proposal_messages.author_id")
    .select(["proposal_messages.id", "proposal_messages.org_id", "proposal_messages.author_id", "proposal_messages.body",
      "proposal_messages.created_at", "organisations.name as org_name", "users.name as author_name"])
    .where("proposal_messages.proposal_id", "=", thread.proposalId)
    .orderBy("proposal_messages.created_at").orderBy("proposal_messages.id").execute();
  const files = await listMessageAttachments(rows.map((r) => r.id));
  const parties = await db().selectFrom("organisations").select(["id", "name"])
    .where("id", "in", [thread.ownerOrgId, thread.applicantOrgId, ...thread.sponsorOrgIds]).execute();
  const messages: ThreadMessage[] = rows.map((r) => ({
    id: r.id, orgName: r.org_name, party: partyOf(thread, r.org_id), authorName: r.author_name, body: r.body,
    createdAt: r.created_at.toISOString(), attachment: files[r.id] ?? null, mine: r.author_id === actor.user.id,
  }));
  return {
    thread,
    parties: parties.map((p) => ({ name: p.name, party: partyOf(thread, p.id)! })).sort((a, b) => PARTY_ORDER[a.party] - PARTY_ORDER[b.party]),
    messages,
  };
}

const PARTY_ORDER = { owner: 0, applicant: 1, sponsor: 2 } as const;

/**
 * For the link on a proposal page: how many messages the thread holds and how many the other parties sent
 * since the actor's organisation last wrote (all of theirs if it never did). Read-only, so a page view
 * changes nothing; null when the actor may not read the thread.
 */
export async function threadSummary(actor: Actor, proposalId: string): Promise<ThreadSummary | null> {
  const thread = await threadForActor(actor, proposalId);
  if (!thread) return null;
  const row = await db().selectFrom("proposal_messages")
    .select(sql<number>`count(*)::int`.as("total"))
    .select(sql<number>`count(*) FILTER (WHERE org_id <> ${thread.orgId} AND created_at > coalesce(
      (SELECT max(created_at) FROM proposal_messages mine WHERE mine.proposal_id = ${thread.proposalId} AND mine.org_id = ${thread.orgId}),
      '-infinity'))::int`.as("unanswered"))
    .where("proposal_id", "=", thread.proposalId).executeTakeFirstOrThrow();
  return { total: row.total, unanswered: row.unanswered };
}
