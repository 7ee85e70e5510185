// Changing challenges. Every write names the owning organisation, so a public body can only ever
// change its own challenges; each change runs in one transaction with its audit row, so a half-saved
// (or unaudited) challenge cannot exist. `request` is the signed-in request the audit row names.
import { sql, type Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { audit } from "../audit.server";
import { tellSupporters } from "../residents/challenge-link.server";
import { db } from "../connections.server";
import type { ChallengeInput } from "./challenge-form";
import { RuleError } from "../rule-error.server";
import { requestProgrammeRollup } from "../dashboards/rollup-request.server";
import { reviewTermsChange, type CallTerms } from "../../rules/challenges/call-terms";
import { REQUIRED_POSITION_BASE } from "../../rules/challenges/required-answers";
import { formatDate, londonDay } from "../../lib/dates";
import { publishTermsChange } from "./clarifications.server";

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

export const EXPLAIN_THE_CHANGE =
  "Explain the change for applicants. Once a challenge is open its criteria, weights, eligibility questions and closing date change only with a published clarification";

/**
 * Returns false when the challenge is not this organisation's, "clarified" when the change was published as a
 * clarification, else true. Once the challenge has opened, its terms are
 * frozen (app/rules/challenges/call-terms): a change to them is refused without an explanation, and with one
 * it is published as a clarification and every applicant is told, in this transaction (decision 027).
 */
export async function updateChallenge(request: Request, { id, orgId, userId }: { id: string; orgId: string; userId: string }, input: ChallengeInput): Promise<boolean | "clarified"> {
  return db().transaction().execute(async (tx) => {
    const current = await tx.selectFrom("challenges")
      .select(["status", "opens_at", "closes_at", "eoi_closes_at", sql<boolean>`status = 'published' AND opens_at <= now()`.as("opened")])
      .where("id", "=", id).where("org_id", "=", orgId)
      .forUpdate().executeTakeFirst();
    if (!current) return false;
    if (!["draft", "published"].includes(current.status)) {
      throw new RuleError("This challenge can no longer be edited because judging has started", "title");
    }
    // Whether a call has two stages, and its first deadline, are fixed once it opens (decision 032).
    if (current.opened && londonDayOrNull(current.eoi_closes_at) !== londonDayOrNull(input.eoiClosesAt)) {
      throw new RuleError("The challenge has opened, so whether it has two stages and its expression of interest deadline cannot change", "eoiClosesAt");
    }
    const review = reviewTermsChange(await currentTerms(tx, id, current), input, current.opened, { key: londonDay, format: formatDate });
    if (!review.ok) throw new RuleError(review.message, review.field);
    if (review.changes.length && !input.clarification) throw new RuleError(EXPLAIN_THE_CHANGE, "clarification");
    // An open call keeps its stored moments where the form gave the same day (a 17:00 deadline stays 17:00).
    const dates = current.opened ? {
      opens_at: current.opens_at,
      closes_at: review.changes.some((c) => c.field === "closingDate") ? input.closesAt : current.closes_at,
    } : {};
    await tx.updateTable("challenges").set({ ...columns(input), ...dates, updated_at: sql`now()` }).where("id", "=", id).execute();
    await writeChildren(tx, id, input);
    await audit(tx, request, { action: "challenge.updated", subject: { type: "challenge", id, orgId } });
    if (!review.changes.length) return true;
    await publishTermsChange(tx, request, { userId, challengeId: id }, input.clarification, review.changes);
    return "clarified";
  });
}

async function currentTerms(tx: Tx, id: string, c: { opens_at: Date; closes_at: Date }): Promise<CallTerms> {
  const [criteria, questions] = await Promise.all([
    tx.selectFrom("rubric_criteria").select(["name", "description", "weight", "threshold"]).where("challenge_id", "=", id).orderBy("position").execute(),
    tx.selectFrom("eligibility_questions").select(["question", "options", "accepted"]).where("challenge_id", "=", id).orderBy("position").execute(),
  ]);
  return {
    opensAt: new Date(c.opens_at), closesAt: new Date(c.closes_at),
    criteria: criteria.map((r) => ({ ...r, threshold: r.threshold === null ? null : Number(r.threshold) })),
    eligibilityQuestions: questions.filter((q) => q.options === null).map((q) => q.question),
    requiredAnswers: questions.flatMap((q) => (q.options === null ? [] : [{ question: q.question, options: q.options, accepted: q.accepted }])),
  };
}

const londonDayOrNull = (d: Date | string | null) => (d === null ? null : londonDay(new Date(d)));

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
    // A challenge made from a resident's suggestion: its supporters hear now that it is public (decision 035).
    await tellSupporters(tx, id);
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
    eoi_closes_at: input.eoiClosesAt,
    blind_review: input.blindReview,
    reviews_per_proposal: input.reviewsPerProposal,
  };
}

/** Areas, questions and criteria. Questions are updated in place by position so applicants' answers survive edits. */
async function writeChildren(tx: Tx, challengeId: string, input: ChallengeInput) {
  await tx.deleteFrom("challenge_areas").where("challenge_id", "=", challengeId).execute();
  await tx.insertInto("challenge_areas").values(input.areaIds.map((area_id) => ({ challenge_id: challengeId, area_id }))).execute();

  // Free-text questions at positions 0.., required answers from REQUIRED_POSITION_BASE, each kept in place.
  const rows = [
    ...input.eligibilityQuestions.map((question, position) => ({ position, question, options: null, accepted: [] as string[] })),
    ...input.requiredAnswers.map((q, i) => ({ position: REQUIRED_POSITION_BASE + i, question: q.question, options: [...q.options], accepted: [...q.accepted] })),
  ];
  const existing = await tx.selectFrom("eligibility_questions").select(["id", "position"])
    .where("challenge_id", "=", challengeId).execute();
  const kept = new Set(rows.map((r) => r.position));
  const removed = existing.filter((q) => !kept.has(q.position));
  if (removed.length) {
    const answered = await tx.selectFrom("eligibility_answers").select("question_id")
      .where("question_id", "in", removed.map((q) => q.id)).where("answer", "!=", "").limit(1).executeTakeFirst();
    if (answered) {
      const field = removed.some((q) => q.position < REQUIRED_POSITION_BASE) ? "eligibilityQuestions" : "requiredAnswers";
      throw new RuleError("Applicants have answered these questions: you can reword them but not remove them", field);
    }
    await tx.deleteFrom("eligibility_questions").where("id", "in", removed.map((q) => q.id)).execute();
  }
  for (const row of rows) {
    await tx.insertInto("eligibility_questions").values({ challenge_id: challengeId, ...row })
      .onConflict((oc) => oc.columns(["challenge_id", "position"]).doUpdateSet({ question: row.question, options: row.options, accepted: row.accepted }))
      .execute();
  }

  await tx.deleteFrom("rubric_criteria").where("challenge_id", "=", challengeId).execute();
  await tx.insertInto("rubric_criteria").values(
    input.criteria.map((c, position) => ({
      challenge_id: challengeId, position, name: c.name, description: c.description, weight: c.weight, threshold: c.threshold,
    })),
  ).execute();
}
