// A proposal's panel (decision 025): the judges with a live review of it (assigned, not recused) who are not
// conflicted with it, the rules getReviewForJudge applies. They, and no one else, read its discussion; a judge
// joins in once their own review is submitted, so the individual reviews stay independent. For a blind
// challenge every text of the thread goes through the applicant's blinder before it leaves the server.
import { sql } from "kysely";
import { z } from "zod";
import type { DB } from "../../../db/client";
import { TEXT_LIMITS } from "../../lib/field-limits";
import { audit } from "../audit.server";
import { db } from "../connections.server";
import { notFound } from "../http.server";
import { RuleError } from "../rule-error.server";
import { blindersFor } from "./applicant-identity.server";

export const SUBMIT_FIRST = "Submit your own review of this proposal before joining the panel's discussion";

/** The panel of a proposal, by name: each judge's review and whether it is submitted. */
export function panelOf(executor: DB, proposalId: string) {
  return executor.selectFrom("reviews")
    .innerJoin("judges", "judges.id", "reviews.judge_id")
    .innerJoin("users", "users.id", "judges.user_id")
    .innerJoin("proposals", "proposals.id", "reviews.proposal_id")
    .select(["judges.id as judge_id", "judges.user_id", "users.name", "reviews.id as review_id", "reviews.status as review_status"])
    .where("reviews.proposal_id", "=", proposalId).where("reviews.status", "!=", "recused")
    // A conflict the person declared on any panel, a recusal, or membership of the applicant.
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("judge_conflicts").select("judge_conflicts.id")
      .whereRef("judge_conflicts.user_id", "=", "judges.user_id")
      .where((eb) => eb.or([eb("judge_conflicts.org_id", "=", eb.ref("proposals.org_id")), eb("judge_conflicts.proposal_id", "=", eb.ref("proposals.id"))])))))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("memberships").select("memberships.user_id")
      .whereRef("memberships.user_id", "=", "judges.user_id").whereRef("memberships.org_id", "=", "proposals.org_id"))))
    .orderBy("users.name").orderBy("judges.id");
}

export type PanelSeat = { judgeId: string; userId: string; reviewId: string; submitted: boolean };

/** This user's seat on the proposal's panel, or undefined when they have none (→ 404). */
export async function panelSeat(executor: DB, { proposalId, userId }: { proposalId: string; userId: string }): Promise<PanelSeat | undefined> {
  const row = await panelOf(executor, proposalId).where("judges.user_id", "=", userId).executeTakeFirst();
  return row && { judgeId: row.judge_id, userId: row.user_id, reviewId: row.review_id, submitted: row.review_status === "submitted" };
}

/** The proposal as the panel sees it: its challenge, whether it is blind, and the blinder for its texts. */
export async function proposalForPanel(executor: DB, proposalId: string) {
  const p = await executor.selectFrom("proposals")
    .innerJoin("challenges", "challenges.id", "proposals.challenge_id")
    .innerJoin("organisations", "organisations.id", "proposals.org_id")
    .select(["proposals.id", "proposals.title", "challenges.id as challenge_id", "challenges.title as challenge_title", "challenges.org_id as owner_org_id",
      "challenges.blind_review", "organisations.id as org_id", "organisations.name as org_name", "organisations.website as org_website"])
    .where("proposals.id", "=", proposalId).executeTakeFirst();
  if (!p) return undefined;
  const clean = p.blind_review
    ? (await blindersFor([{ id: p.org_id, name: p.org_name, website: p.org_website }])).get(p.org_id)!
    : (text: string) => text;
  return { id: p.id, title: clean(p.title), challengeId: p.challenge_id, challengeTitle: p.challenge_title, ownerOrgId: p.owner_org_id, blind: p.blind_review, clean };
}

/** What the panel page shows this judge; undefined when they are not on the panel (→ 404). No applicant identity. */
export async function readPanel({ proposalId, userId }: { proposalId: string; userId: string }) {
  const seat = await panelSeat(db(), { proposalId, userId });
  if (!seat) return undefined;
  const proposal = (await proposalForPanel(db(), proposalId))!;
  const panel = await panelOf(db(), proposalId).execute();
  // Until their own review is in, a judge sees who is on the panel, not what it says.
  const messages = seat.submitted
    ? await db().selectFrom("panel_messages").innerJoin("judges", "judges.id", "panel_messages.judge_id").innerJoin("users", "users.id", "judges.user_id")
      .select(["panel_messages.id", "panel_messages.body", "panel_messages.created_at", "panel_messages.judge_id", "users.name"])
      .where("panel_messages.proposal_id", "=", proposalId).orderBy("panel_messages.created_at").orderBy("panel_messages.id").execute()
    : [];
  return {
    seat,
    proposal: { id: proposal.id, title: proposal.title, challengeId: proposal.challengeId, challengeTitle: proposal.challengeTitle, blind: proposal.blind },
    panel: panel.map((j) => ({ judgeId: j.judge_id, name: j.name, submitted: j.review_status === "submitted", me: j.judge_id === seat.judgeId })),
    messages: messages.map((m) => ({ id: m.id, author: m.name, mine: m.judge_id === seat.judgeId, body: proposal.clean(m.body), createdAt: m.created_at })),
    /** The applicant's blinder (the identity for an open challenge), for the other texts of the page. */
    clean: proposal.clean,
  };
}

export const messageSchema = z.object({
  body: z.string({ error: "Enter your message" }).trim().min(1, "Enter your message")
    .max(TEXT_LIMITS.panel.message, `Your message must be ${TEXT_LIMITS.panel.message.toLocaleString("en-GB")} characters or fewer`),
});

/** A panel judge whose own review is submitted writes in the discussion; the audit row in the same transaction. */
export async function postPanelMessage(request: Request, ref: { proposalId: string; userId: string }, body: string): Promise<void> {
  await db().transaction().execute(async (tx) => {
    const seat = await panelSeat(tx, ref);
    if (!seat) notFound();
    if (!seat.submitted) throw new RuleError(SUBMIT_FIRST, "body");
    const proposal = (await proposalForPanel(tx, ref.proposalId))!;
    const posted = await tx.insertInto("panel_messages").values({ proposal_id: ref.proposalId, judge_id: seat.judgeId, body })
      .returning("id").executeTakeFirstOrThrow();
    await audit(tx, request, {
      action: "panel.message_posted",
      // Owned by the challenge's body, never the applicant: its members must not learn who judged them.
      subject: { type: "proposal", id: ref.proposalId, orgId: proposal.ownerOrgId },
      detail: { messageId: posted.id },
    });
  });
}

/** How many messages each proposal's discussion has (the owner sees the count, not the words). */
export async function messageCounts(challengeId: string): Promise<Map<string, number>> {
  const rows = await db().selectFrom("panel_messages").innerJoin("proposals", "proposals.id", "panel_messages.proposal_id")
    .select(["panel_messages.proposal_id", sql<number>`count(*)::int`.as("n")])
    .where("proposals.challenge_id", "=", challengeId).groupBy("panel_messages.proposal_id").execute();
  return new Map(rows.map((r) => [r.proposal_id, r.n]));
}
