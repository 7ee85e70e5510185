// Scores, shortlisting and feedback.
import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { pastDeadlineSql } from "../challenges/sealed.server";
import { auditChallengeChange, type ManagedRef } from "../audit.server";
import { db } from "../connections.server";
import { messages, notifyAll } from "../notifications.server";
import { requestProgrammeRollup } from "../dashboards/rollup-request.server";
import { standings } from "../../rules/judging/standings";
import { submittedConsensus } from "./consensus.server";
import { resultsReleasedEvent } from "../webhooks/events.server";

type RankedRow = { rank: number; calibrated: number; raw: number; uncertainty: number; title: string };

/** The orders the results page offers: the standing (consensus over calibrated), or one score, or the title. */
export const SORTS = {
  score: (a: RankedRow, b: RankedRow) => a.rank - b.rank,
  calibrated: (a: RankedRow, b: RankedRow) => b.calibrated - a.calibrated || a.rank - b.rank,
  raw: (a: RankedRow, b: RankedRow) => b.raw - a.raw || a.rank - b.rank,
  uncertainty: (a: RankedRow, b: RankedRow) => a.uncertainty - b.uncertainty || a.rank - b.rank,
  title: (a: RankedRow, b: RankedRow) => a.title.localeCompare(b.title, "en-GB") || a.rank - b.rank,
} as const;
export type SortKey = keyof typeof SORTS;

/** The challenge's thresholds: the minimum total and each criterion's minimum (decision 025), in one query. */
export async function thresholdsOf(challengeId: string) {
  const row = await db().selectFrom("challenges").select((eb) => ["challenges.total_threshold",
    jsonArrayFrom(eb.selectFrom("rubric_criteria").select(["rubric_criteria.id", "rubric_criteria.name", "rubric_criteria.weight", "rubric_criteria.threshold"])
      .whereRef("rubric_criteria.challenge_id", "=", "challenges.id").orderBy("rubric_criteria.position")).as("criteria")])
    .where("challenges.id", "=", challengeId).executeTakeFirstOrThrow();
  return { total: row.total_threshold, criteria: row.criteria };
}

/**
 * Every scored proposal of the challenge where it stands (app/rules/judging/standings): on its submitted
 * consensus report where there is one, else on its calibrated score; pass or fail on every threshold. None
 * before the challenge closes (sealed.server).
 */
async function challengeStandings(challengeId: string) {
  const [rows, thresholds, consensus] = await Promise.all([
    db().selectFrom("proposal_scores")
      .innerJoin("proposals", "proposals.id", "proposal_scores.proposal_id")
      .innerJoin("challenges", "challenges.id", "proposals.challenge_id")
      .innerJoin("organisations", "organisations.id", "proposals.org_id")
      .select(["proposals.id", "proposals.title", "proposals.status", "organisations.name as org_name",
        "proposal_scores.raw", "proposal_scores.calibrated", "proposal_scores.uncertainty",
        "proposal_scores.review_count", "proposal_scores.disagreement", "proposal_scores.criterion_means"])
      .where("proposal_scores.challenge_id", "=", challengeId).where(pastDeadlineSql).execute(),
    thresholdsOf(challengeId),
    submittedConsensus(challengeId),
  ]);
  const ids = new Set(thresholds.criteria.map((c) => c.id));
  // A report stands only when it scores exactly the rubric's criteria (always, unless the rubric changed since).
  const reportOf = (id: string) => {
    const r = consensus.get(id);
    return r && r.scores.length === ids.size && r.scores.every((s) => ids.has(s.criterionId)) ? r : null;
  };
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ranked = standings(rows.map((r) => ({
    proposalId: r.id, raw: r.raw, calibrated: r.calibrated, criterionMeans: (r.criterion_means ?? {}) as Record<string, number>, consensus: reportOf(r.id)?.scores ?? null,
  })), thresholds.criteria, thresholds.total).map((s) => {
    const r = byId.get(s.proposalId)!;
    const report = reportOf(s.proposalId);
    return {
      ...s, id: r.id, title: r.title, status: r.status, org_name: r.org_name, uncertainty: r.uncertainty, review_count: r.review_count,
      disagreement: r.disagreement, criterionMeans: (r.criterion_means ?? {}) as Record<string, number>, consensus: report,
      failedCriteriaNames: s.failedCriteria.map((id) => thresholds.criteria.find((c) => c.id === id)?.name ?? id),
    };
  });
  return { ranked, thresholds };
}

/** Scored proposals, ranked (consensus over calibrated), each saying whether it passes. */
export async function rankedProposals(challengeId: string, sort: SortKey = "score") {
  return (await rankingWithThresholds(challengeId, sort)).ranked;
}

/** The ranking and the thresholds it was judged by, for the results page. */
export async function rankingWithThresholds(challengeId: string, sort: SortKey = "score") {
  const { ranked, thresholds } = await challengeStandings(challengeId);
  return { ranked: ranked.map(({ criterionMeans: _m, consensus: _c, ...r }) => r).sort(SORTS[sort]), thresholds };
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
    await resultsReleasedEvent(tx, challengeId);
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

/**
 * What a start-up may read about its own proposal once feedback is released: scores and comments, no judges.
 * Where the panel submitted a consensus report, its scores and summary come first, the calibrated score beside.
 */
export async function feedbackForApplicant({ proposalId, orgId }: { proposalId: string; orgId: string }) {
  const head = await db().selectFrom("proposals").innerJoin("challenges", "challenges.id", "proposals.challenge_id")
    .leftJoin("proposal_scores", "proposal_scores.proposal_id", "proposals.id")
    .select(["challenges.feedback_released_at", "proposal_scores.calibrated", "proposals.challenge_id", "challenges.total_threshold"])
    .where("proposals.id", "=", proposalId).where("proposals.org_id", "=", orgId).executeTakeFirst();
  if (!head?.feedback_released_at || head.calibrated === null) return null;
  const { ranked, thresholds: { criteria } } = await challengeStandings(head.challenge_id);
  const own = ranked.find((r) => r.id === proposalId);
  if (!own) return null;
  const comments = await db().selectFrom("reviews")
    .leftJoin("review_scores", "review_scores.review_id", "reviews.id")
    .select(["reviews.id", "reviews.comment", "review_scores.criterion_id", "review_scores.comment as criterion_comment"])
    .where("reviews.proposal_id", "=", proposalId).where("reviews.status", "=", "submitted").orderBy("reviews.id").execute();
  // Reviews are numbered, never named: the start-up must not learn who judged it (nor who wrote the report).
  const order = [...new Set(comments.map((c) => c.id))];
  const consensusScore = new Map(own.consensus?.scores.map((s) => [s.criterionId, s.score]) ?? []);
  return {
    raw: own.raw, calibrated: own.calibrated, uncertainty: own.uncertainty, rank: own.rank, ranked: ranked.length,
    passesThresholds: own.passes, totalThreshold: head.total_threshold, failedTotal: own.failedTotal,
    consensus: own.consensus ? { total: own.consensusTotal!, summary: own.consensus.summary } : null,
    criteria: criteria.map((c) => ({
      name: c.name, weight: c.weight, threshold: c.threshold, mean: own.criterionMeans[c.id] ?? null,
      consensus: consensusScore.get(c.id) ?? null,
      consensusComment: own.consensus?.comments[c.id] ?? "",
      comments: comments.filter((r) => r.criterion_id === c.id && r.criterion_comment).map((r) => r.criterion_comment as string),
    })),
    overall: order.map((id, i) => ({ reviewer: `Reviewer ${i + 1}`, comment: comments.find((c) => c.id === id)?.comment ?? "" })).filter((o) => o.comment),
  };
}
