// A judge's reviews. A judge reaches a proposal only through a review assigned to them, not recused,
// and not conflicted; for a blind challenge the proposal is anonymised here, before it leaves the server.
import { sql } from "kysely";
import { z } from "zod";
import { audit, auditProposalViews } from "../audit.server";
import { db } from "../connections.server";
import { blindersFor } from "./applicant-identity.server";
import { TEXT_LIMITS } from "../../lib/field-limits";

/** A judge's assignments. Titles are withheld for blind challenges (a title can name the applicant). */
export function listMyReviews(userId: string) {
  return db().selectFrom("reviews")
    .innerJoin("judges", "judges.id", "reviews.judge_id")
    .innerJoin("proposals", "proposals.id", "reviews.proposal_id")
    .innerJoin("challenges", "challenges.id", "reviews.challenge_id")
    .select(["reviews.id", "reviews.status", "challenges.id as challenge_id", "challenges.title as challenge_title", "reviews.updated_at"])
    .select(sql<string | null>`CASE WHEN challenges.blind_review THEN NULL ELSE proposals.title END`.as("title"))
    .where("judges.user_id", "=", userId).where("reviews.status", "!=", "recused")
    .orderBy("challenges.title").orderBy("reviews.created_at").orderBy("reviews.id").execute();
}

/** A conflict the person declared (on any panel), a recusal, or membership of the applicant. */
async function conflictedWith(userId: string, proposal: { id: string; org_id: string }) {
  const row = await db().selectFrom("judge_conflicts").select("id").where("user_id", "=", userId)
    .where((eb) => eb.or([eb("org_id", "=", proposal.org_id), eb("proposal_id", "=", proposal.id)])).executeTakeFirst();
  if (row) return true;
  const member = await db().selectFrom("memberships").select("org_id").where("user_id", "=", userId).where("org_id", "=", proposal.org_id).executeTakeFirst();
  return !!member;
}

/** As getReviewForJudge, the proposal's view by this judge recorded for the applicant's audit trail. */
export async function readReviewAsJudge(request: Request, ids: { reviewId: string; userId: string }) {
  const found = await getReviewForJudge(ids);
  if (found) await auditProposalViews(request, [found.proposalId], "judge");
  return found;
}

/** The review and its proposal as this judge may see it, or undefined (→ 404). */
export async function getReviewForJudge({ reviewId, userId }: { reviewId: string; userId: string }) {
  const r = await db().selectFrom("reviews")
    .innerJoin("judges", "judges.id", "reviews.judge_id")
    .innerJoin("proposals", "proposals.id", "reviews.proposal_id")
    .innerJoin("challenges", "challenges.id", "reviews.challenge_id")
    .innerJoin("organisations", "organisations.id", "proposals.org_id")
    .select([
      "reviews.id", "reviews.status", "reviews.comment", "reviews.judge_id", "reviews.submitted_at",
      "proposals.id as proposal_id", "proposals.org_id", "proposals.title", "proposals.summary", "proposals.approach",
      "proposals.expected_impact", "proposals.team", "proposals.requested_gbp", "proposals.trl", "proposals.tags",
      "challenges.id as challenge_id", "challenges.title as challenge_title", "challenges.blind_review",
      "organisations.name as org_name", "organisations.website as org_website",
    ])
    .where("reviews.id", "=", reviewId).where("judges.user_id", "=", userId).where("reviews.status", "!=", "recused")
    .executeTakeFirst();
  if (!r) return undefined;
  if (await conflictedWith(userId, { id: r.proposal_id, org_id: r.org_id })) return undefined;

  const [criteria, answers] = await Promise.all([
    db().selectFrom("rubric_criteria")
      .leftJoin("review_scores", (j) => j.onRef("review_scores.criterion_id", "=", "rubric_criteria.id").on("review_scores.review_id", "=", reviewId))
      .select(["rubric_criteria.id", "rubric_criteria.name", "rubric_criteria.description", "rubric_criteria.weight", "review_scores.score", "review_scores.comment"])
      .where("rubric_criteria.challenge_id", "=", r.challenge_id).orderBy("rubric_criteria.position").execute(),
    db().selectFrom("eligibility_questions")
      .leftJoin("eligibility_answers", (j) => j.onRef("eligibility_answers.question_id", "=", "eligibility_questions.id").on("eligibility_answers.proposal_id", "=", r.proposal_id))
      .select(["eligibility_questions.id", "eligibility_questions.question", sql<string>`coalesce(eligibility_answers.answer, '')`.as("answer")])
      .where("eligibility_questions.challenge_id", "=", r.challenge_id).orderBy("eligibility_questions.position").execute(),
  ]);

  let proposal = {
    title: r.title, summary: r.summary, approach: r.approach, expected_impact: r.expected_impact,
    requested_gbp: r.requested_gbp, trl: r.trl, tags: r.tags, team: r.team as string | null, applicant: r.org_name as string | null,
    questions: answers,
  };
  if (r.blind_review) {
    const clean = (await blindersFor([{ id: r.org_id, name: r.org_name, website: r.org_website }])).get(r.org_id)!;
    proposal = {
      ...proposal,
      title: clean(proposal.title), summary: clean(proposal.summary), approach: clean(proposal.approach),
      expected_impact: clean(proposal.expected_impact), tags: proposal.tags.map(clean),
      team: null, applicant: null,
      questions: answers.map((a) => ({ ...a, answer: clean(a.answer) })),
    };
  }
  return {
    review: { id: r.id, status: r.status, comment: r.comment, submitted_at: r.submitted_at },
    /** A random id: it does not identify the applicant, even in a blind review. */
    proposalId: r.proposal_id,
    challenge: { id: r.challenge_id, title: r.challenge_title, blind: r.blind_review },
    proposal,
    criteria: criteria.map((c) => ({ id: c.id, name: c.name, description: c.description, weight: c.weight, score: c.score, comment: c.comment ?? "" })),
  };
}

// Conform does not coerce inside records, so a score may arrive as text or as a number.
const score = z.union([z.number(), z.string()]).optional().transform((v, ctx) => {
  if (v === undefined || v === "") return undefined;
  const n = typeof v === "number" ? v : /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 5) {
    ctx.addIssue({ code: "custom", message: "Score each criterion with a whole number from 0 to 5" });
    return z.NEVER;
  }
  return n;
});

export const reviewFormSchema = z.object({
  intent: z.enum(["save", "submit", "recuse"]).default("save"),
  comment: z.string().trim().max(TEXT_LIMITS.review.comment, "Overall comment must be 5,000 characters or fewer").optional().transform((v) => v ?? ""),
  scores: z.record(z.string(), z.object({
    score,
    comment: z.string().trim().max(TEXT_LIMITS.review.criterionComment, "Each comment must be 2,000 characters or fewer").optional().transform((v) => v ?? ""),
  }).optional()).optional(),
  reason: z.string().trim().max(TEXT_LIMITS.review.recusalReason, "The reason must be 500 characters or fewer").optional().transform((v) => v ?? ""),
});

export type ReviewInput = z.output<typeof reviewFormSchema>;
export type SaveReviewResult = { result: "saved" | "submitted" | "not-found" | "locked" } | { result: "incomplete"; missing: Record<string, string> };

/** Saves the judge's scores; on submit every criterion needs a score. Submitted reviews are final. */
export async function saveReview(request: Request, { reviewId, judgeUserId }: { reviewId: string; judgeUserId: string }, input: ReviewInput): Promise<SaveReviewResult> {
  return db().transaction().execute(async (tx) => {
    const r = await tx.selectFrom("reviews").innerJoin("judges", "judges.id", "reviews.judge_id")
      .select(["reviews.status", "reviews.challenge_id"]).where("reviews.id", "=", reviewId).where("judges.user_id", "=", judgeUserId)
      .forUpdate("reviews").executeTakeFirst();
    if (!r || r.status === "recused") return { result: "not-found" };
    if (r.status === "submitted") return { result: "locked" };
    const criteria = await tx.selectFrom("rubric_criteria").select(["id", "name"]).where("challenge_id", "=", r.challenge_id).orderBy("position").execute();
    for (const c of criteria) {
      const entry = input.scores?.[c.id];
      await tx.insertInto("review_scores").values({ review_id: reviewId, criterion_id: c.id, score: entry?.score ?? null, comment: entry?.comment ?? "" })
        .onConflict((oc) => oc.columns(["review_id", "criterion_id"]).doUpdateSet({ score: entry?.score ?? null, comment: entry?.comment ?? "" })).execute();
    }
    await tx.updateTable("reviews").set({ status: "in_progress", comment: input.comment, updated_at: sql`now()` }).where("id", "=", reviewId).execute();
    const audited = (action: "review.saved" | "review.submitted") => audit(tx, request, { action, subject: { type: "review", id: reviewId } });
    const missing: Record<string, string> = {};
    if (input.intent === "submit") {
      for (const c of criteria) if (input.scores?.[c.id]?.score === undefined) missing[`scores.${c.id}.score`] = `Score “${c.name}” from 0 to 5 before submitting`;
    }
    // What was typed is kept, and audited as saved, even when a submission has gaps.
    if (input.intent !== "submit" || Object.keys(missing).length) {
      await audited("review.saved");
      return input.intent === "submit" ? { result: "incomplete", missing } : { result: "saved" };
    }
    await tx.updateTable("reviews").set({ status: "submitted", submitted_at: sql`now()` }).where("id", "=", reviewId).execute();
    await audited("review.submitted");
    return { result: "submitted" };
  });
}

/** A judge who finds a conflict steps aside; the pair is never assigned again. */
export async function recuse(request: Request, { reviewId, judgeUserId }: { reviewId: string; judgeUserId: string }, reason: string): Promise<boolean> {
  return db().transaction().execute(async (tx) => {
    const r = await tx.selectFrom("reviews").innerJoin("judges", "judges.id", "reviews.judge_id")
      .select(["reviews.status", "reviews.judge_id", "judges.user_id", "reviews.proposal_id"]).where("reviews.id", "=", reviewId).where("judges.user_id", "=", judgeUserId)
      .forUpdate("reviews").executeTakeFirst();
    if (!r || r.status === "recused" || r.status === "submitted") return false;
    await tx.updateTable("reviews").set({ status: "recused", recused_at: sql`now()`, updated_at: sql`now()` }).where("id", "=", reviewId).execute();
    await tx.insertInto("judge_conflicts").values({ user_id: r.user_id, judge_id: r.judge_id, proposal_id: r.proposal_id, relation: "recused", note: reason })
      .onConflict((oc) => oc.columns(["user_id", "proposal_id"]).where("proposal_id", "is not", null).doNothing()).execute();
    await audit(tx, request, { action: "review.recused", subject: { type: "review", id: reviewId } });
    return true;
  });
}

/**
 * Whether this user judges this proposal through a live review (assigned, not recused, not conflicted: the
 * rules of getReviewForJudge), and whether the review is blind. Undefined when they do not (→ 404).
 */
export async function judgeAccessToProposal({ proposalId, userId }: { proposalId: string; userId: string }): Promise<{ blind: boolean } | undefined> {
  const rows = await db().selectFrom("reviews")
    .innerJoin("judges", "judges.id", "reviews.judge_id")
    .innerJoin("proposals", "proposals.id", "reviews.proposal_id")
    .innerJoin("challenges", "challenges.id", "reviews.challenge_id")
    .select(["reviews.judge_id", "proposals.org_id", "challenges.blind_review"])
    .where("reviews.proposal_id", "=", proposalId).where("judges.user_id", "=", userId).where("reviews.status", "!=", "recused")
    .execute();
  for (const r of rows) {
    if (!(await conflictedWith(userId, { id: proposalId, org_id: r.org_id }))) return { blind: r.blind_review };
  }
  return undefined;
}
