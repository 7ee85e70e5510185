// The "score proposals" job: reads every submitted review of a challenge and writes each proposal's
// scores in one transaction, replacing the previous run's.
import { sql } from "kysely";
import type { DB } from "../../db/client";
import type { RunContext } from "../runs";
import { computeProposalScores, type SubmittedReview } from "../../app/rules/judging/proposal-scores";

export async function scoreProposals(db: DB, ctx: RunContext) {
  await ctx.progress(10, "Reading submitted reviews");
  const criteria = await db.selectFrom("rubric_criteria").select(["id", "weight", "threshold"])
    .where("challenge_id", "=", ctx.challengeId).orderBy("position").execute();
  const rows = await db.selectFrom("reviews")
    .innerJoin("review_scores", "review_scores.review_id", "reviews.id")
    .select(["reviews.id", "reviews.proposal_id", "reviews.judge_id", "review_scores.criterion_id", "review_scores.score"])
    .where("reviews.challenge_id", "=", ctx.challengeId).where("reviews.status", "=", "submitted")
    .orderBy("reviews.id").execute();
  const reviews = new Map<string, SubmittedReview>();
  for (const r of rows) {
    const review = reviews.get(r.id) ?? { proposalId: r.proposal_id, judgeId: r.judge_id, scores: [] };
    if (r.score !== null) review.scores.push({ criterionId: r.criterion_id, score: r.score });
    reviews.set(r.id, review);
  }
  await ctx.progress(50, "Calibrating judges and ranking proposals");
  const { scores, judges, noiseSd } = computeProposalScores([...reviews.values()], criteria);
  await ctx.progress(80, "Saving scores");
  await ctx.complete(async (tx) => {
    await tx.deleteFrom("proposal_scores").where("challenge_id", "=", ctx.challengeId).execute();
    if (scores.length) {
      await tx.insertInto("proposal_scores").values(scores.map((s) => ({
        proposal_id: s.proposalId, challenge_id: ctx.challengeId, run_id: ctx.runId, raw: s.raw, calibrated: s.calibrated,
        uncertainty: s.uncertainty, review_count: s.reviewCount, disagreement: s.disagreement,
        passes_thresholds: s.passesThresholds, criterion_means: sql`cast(${JSON.stringify(s.criterionMeans)}::text as jsonb)`, rank: s.rank,
      }))).execute();
    }
  }, {
    scored: scores.length,
    reviews: reviews.size,
    noiseSd,
    // Judges by id only: the owner sees how lenient or harsh the panel was without names in the job record.
    judgeOffsets: judges.map((j) => ({ judgeId: j.id, offset: j.offset, reviews: j.reviewCount })),
  });
}
