// Changing challenges. Every write names the owning organisation, so a public body can only ever
// change its own challenges; each change runs in one transaction with its audit row, so a half-saved
// (or unaudited) challenge cannot exist. `request` is the signed-in request the audit row names.
import { sql, type Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { audit } from "../audit.server";
import { db } from "../connections.server";
import type { ChallengeInput } from "./challenge-form";
import { RuleError } from "../rule-error.server";
import { requestProgrammeRollup } from "../dashboards/rollup-request.server";

type Tx = Transaction<Database>;

export async function createChallenge(request: Request, orgId: string, userId: string, input: ChallengeInput): Promise<string> {
  return db().transaction().execute(async (tx) => {
    const { id } = await tx
      .insertInto("challenges")
      .values({ org_id: orgId, created_by: userId, ...columns(input) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeChildren(tx, id, input);
    await audit(tx, request, { action: "challenge.created", subject: { type: "challenge", id, orgId } });
    return id;
  });
}

/** Returns false when the challenge is not this organisation's. */
export async function updateChallenge(request: Request, { id, orgId }: { id: string; orgId: string }, input: ChallengeInput): Promise<boolean> {
  return db().transaction().execute(async (tx) => {
    const current = await tx.selectFrom("challenges").select(["status"]).where("id", "=", id).where("org_id", "=", orgId)
      .forUpdate().executeTakeFirst();
    if (!current) return false;
    if (!["draft", "published"].includes(current.status)) {
      throw new RuleError("This challenge can no longer be edited because judging has started", "title");
    }
    await tx.updateTable("challenges").set({ ...columns(input), updated_at: sql`now()` }).where("id", "=", id).execute();
    await writeChildren(tx, id, input);
    await audit(tx, request, { action: "challenge.updated", subject: { type: "challenge", id, orgId } });
    return true;
  });
}

export const NOT_VERIFIED_TO_PUBLISH =
  "Your organisation cannot publish challenges until the programme office has verified it. You can keep editing this draft meanwhile";

/**
 * Publishing makes a draft visible; it opens and closes by its dates from then on. Only a verified public
 * body publishes (the organisation row is held, so verification cannot be taken away mid-publish).
 */
export async function publishChallenge(request: Request, { id, orgId }: { id: string; orgId: string }): Promise<boolean> {
  const result = await db().transaction().execute(async (tx) => {
    const c = await tx.selectFrom("challenges").select(["status", "closes_at"]).where("id", "=", id).where("org_id", "=", orgId)
      .forUpdate().executeTakeFirst();
    if (!c) return false;
    if (c.status !== "draft") return true;
    const org = await tx.selectFrom("organisations").select("verified_at").where("id", "=", orgId).forShare().executeTakeFirstOrThrow();
    if (org.verified_at === null) throw new RuleError(NOT_VERIFIED_TO_PUBLISH, "publish");
    if (new Date(c.closes_at) <= new Date()) {
      throw new RuleError("The closing date has passed. Change the closing date before publishing", "closesAt");
    }
    const { n } = await tx.selectFrom("rubric_criteria").select(sql<string>`coalesce(sum(weight), 0)`.as("n"))
      .where("challenge_id", "=", id).executeTakeFirstOrThrow();
    if (Number(n) !== 100) throw new RuleError("Criterion weights must add up to 100 before publishing", "criteria");
    await tx.updateTable("challenges").set({ status: "published", published_at: sql`now()`, updated_at: sql`now()` })
      .where("id", "=", id).execute();
    await audit(tx, request, { action: "challenge.published", subject: { type: "challenge", id, orgId } });
    return true;
  });
  if (result) await requestProgrammeRollup();
  return result;
}

function columns(input: ChallengeInput) {
  return {
    title: input.title,
    summary: input.summary,
    problem_statement: input.problemStatement,
    theme_id: input.themeId,
    funding_kind: input.fundingKind,
    funding_gbp: input.fundingGbp,
    pilot_weeks: input.pilotWeeks,
    opens_at: input.opensAt,
    closes_at: input.closesAt,
    blind_review: input.blindReview,
    reviews_per_proposal: input.reviewsPerProposal,
  };
}

/** Areas, questions and criteria. Questions are updated in place by position so applicants' answers survive edits. */
async function writeChildren(tx: Tx, challengeId: string, input: ChallengeInput) {
  await tx.deleteFrom("challenge_areas").where("challenge_id", "=", challengeId).execute();
  await tx.insertInto("challenge_areas").values(input.areaIds.map((area_id) => ({ challenge_id: challengeId, area_id }))).execute();

  const existing = await tx.selectFrom("eligibility_questions").select(["id", "position"])
    .where("challenge_id", "=", challengeId).execute();
  const removed = existing.filter((q) => q.position >= input.eligibilityQuestions.length);
  if (removed.length) {
    const answered = await tx.selectFrom("eligibility_answers").select("question_id")
      .where("question_id", "in", removed.map((q) => q.id)).where("answer", "!=", "").limit(1).executeTakeFirst();
    if (answered) {
      throw new RuleError("Applicants have answered these questions: you can reword them but not remove them", "eligibilityQuestions");
    }
    await tx.deleteFrom("eligibility_questions").where("id", "in", removed.map((q) => q.id)).execute();
  }
  for (const [position, question] of input.eligibilityQuestions.entries()) {
    await tx.insertInto("eligibility_questions").values({ challenge_id: challengeId, position, question })
      .onConflict((oc) => oc.columns(["challenge_id", "position"]).doUpdateSet({ question }))
      .execute();
  }

  await tx.deleteFrom("rubric_criteria").where("challenge_id", "=", challengeId).execute();
  await tx.insertInto("rubric_criteria").values(
    input.criteria.map((c, position) => ({
      challenge_id: challengeId, position, name: c.name, description: c.description, weight: c.weight, threshold: c.threshold,
    })),
  ).execute();
}
