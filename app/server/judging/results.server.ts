// Scores, shortlisting and feedback.
import { sql } from "kysely";
import { pastDeadlineSql } from "../challenges/sealed.server";
import { auditChallengeChange, type ManagedRef } from "../audit.server";
import { db } from "../connections.server";
import { messages, notifyAll } from "../notifications.server";
import { requestProgrammeRollup } from "../dashboards/rollup-request.server";

export const SORTS = {
  calibrated: sql`proposal_scores.calibrated DESC`,
  raw: sql`proposal_scores.raw DESC`,
  uncertainty: sql`proposal_scores.uncertainty ASC`,
  title: sql`proposals.title ASC`,
} as const;
export type SortKey = keyof typeof SORTS;

/** Scored proposals, ranked; none before the challenge closes (sealed.server). */
export function rankedProposals(challengeId: string, sort: SortKey = "calibrated") {
  return db().selectFrom("proposal_scores")
    .innerJoin("proposals", "proposals.id", "proposal_scores.proposal_id")
    .innerJoin("challenges", "challenges.id", "proposals.challenge_id")
    .innerJoin("organisations", "organisations.id", "proposals.org_id")
    .select(["proposals.id", "proposals.title", "proposals.status", "organisations.name as org_name",
      "proposal_scores.rank", "proposal_scores.raw", "proposal_scores.calibrated", "proposal_scores.uncertainty",
      "proposal_scores.review_count", "proposal_scores.disagreement", "proposal_scores.passes_thresholds"])
    .where("proposal_scores.challenge_id", "=", challengeId).where(pastDeadlineSql)
    .orderBy(SORTS[sort]).orderBy("proposal_scores.rank").execute();
}

/** Shortlisted proposals become `shortlisted`, the other scored ones `not_shortlisted`. */
export async function saveShortlist(request: Request, { challengeId, orgId }: ManagedRef, proposalIds: string[]) {
  await db().transaction().execute(async (tx) => {
    const eligible = tx.selectFrom("proposal_scores").select("proposal_id").where("challenge_id", "=", challengeId);
    await tx.updateTable("proposals").set({ status: "not_shortlisted", updated_at: sql`now()` })
      .where("challenge_id", "=", challengeId).where("id", "in", eligible).where("status", "in", ["under_review", "shortlisted", "not_shortlisted"]).execute();
    if (proposalIds.length) {
      await tx.updateTable("proposals").set({ status: "shortlisted", updated_at: sql`now()` })
        .where("challenge_id", "=", challengeId).where("id", "in", eligible).where("id", "in", proposalIds).execute();
    }
    await auditChallengeChange(tx, request, "challenge.updated", { challengeId, orgId }, "shortlist");
  });
  await requestProgrammeRollup();
}

/** Releases feedback and tells the members of every scored applicant, once per proposal however often it is pressed. */
export async function releaseFeedback(request: Request, { challengeId, orgId }: ManagedRef) {
  await db().transaction().execute(async (tx) => {
    const released = await tx.updateTable("challenges").set({ feedback_released_at: sql`coalesce(feedback_released_at, now())`, status: "shortlisted", updated_at: sql`now()` })
      .where("id", "=", challengeId).where("status", "in", ["judging", "shortlisted"]).returning("title").executeTakeFirst();
    if (!released) return;
    await auditChallengeChange(tx, request, "challenge.updated", { challengeId, orgId }, "release");
    const applicants = await tx.selectFrom("proposal_scores")
      .innerJoin("proposals", "proposals.id", "proposal_scores.proposal_id")
      .innerJoin("memberships", "memberships.org_id", "proposals.org_id")
      .select(["proposals.id", "proposals.title", "memberships.user_id"])
      .where("proposal_scores.challenge_id", "=", challengeId).execute();
    await notifyAll(tx, applicants.map((a) => ({
      userId: a.user_id,
      kind: "feedback_released" as const,
      ...messages.feedbackReleased({ proposalId: a.id, proposalTitle: a.title, challengeTitle: released.title }),
      dedupeKey: `feedback:${a.id}`,
    })));
  });
}

/** What a start-up may read about its own proposal once feedback is released: scores and comments, no judges. */
export async function feedbackForApplicant({ proposalId, orgId }: { proposalId: string; orgId: string }) {
  const head = await db().selectFrom("proposals").innerJoin("challenges", "challenges.id", "proposals.challenge_id")
    .leftJoin("proposal_scores", "proposal_scores.proposal_id", "proposals.id")
    .select(["challenges.feedback_released_at", "proposal_scores.raw", "proposal_scores.calibrated", "proposal_scores.uncertainty",
      "proposal_scores.rank", "proposal_scores.criterion_means", "proposal_scores.passes_thresholds", "proposals.challenge_id"])
    .where("proposals.id", "=", proposalId).where("proposals.org_id", "=", orgId).executeTakeFirst();
  if (!head?.feedback_released_at || head.calibrated === null) return null;
  const criteria = await db().selectFrom("rubric_criteria").select(["id", "name", "weight", "threshold"])
    .where("challenge_id", "=", head.challenge_id).orderBy("position").execute();
  // "Rank 3 of 4": out of every proposal the scoring ranked, the applicant's own among them.
  const { ranked } = await db().selectFrom("proposal_scores").select(sql<number>`count(*)::int`.as("ranked"))
    .where("challenge_id", "=", head.challenge_id).executeTakeFirstOrThrow();
  const comments = await db().selectFrom("reviews")
    .leftJoin("review_scores", "review_scores.review_id", "reviews.id")
    .select(["reviews.id", "reviews.comment", "review_scores.criterion_id", "review_scores.comment as criterion_comment"])
    .where("reviews.proposal_id", "=", proposalId).where("reviews.status", "=", "submitted").orderBy("reviews.id").execute();
  // Reviews are numbered, never named: the start-up must not learn who judged it.
  const order = [...new Set(comments.map((c) => c.id))];
  const means = (head.criterion_means ?? {}) as Record<string, number>;
  return {
    raw: head.raw, calibrated: head.calibrated, uncertainty: head.uncertainty, rank: head.rank, ranked, passesThresholds: head.passes_thresholds,
    criteria: criteria.map((c) => ({
      name: c.name, weight: c.weight, threshold: c.threshold, mean: means[c.id] ?? null,
      comments: comments.filter((r) => r.criterion_id === c.id && r.criterion_comment).map((r) => r.criterion_comment as string),
    })),
    overall: order.map((id, i) => ({ reviewer: `Reviewer ${i + 1}`, comment: comments.find((c) => c.id === id)?.comment ?? "" })).filter((o) => o.comment),
  };
}
