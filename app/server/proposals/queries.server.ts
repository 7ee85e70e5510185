// Reading proposals. Two doors only: the applicant organisation reads its own; the public body that owns
// the challenge reads submitted proposals once the challenge has closed. There is no unfiltered read.
import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Actor } from "../auth.server";
import { auditProposalViews } from "../audit.server";
import { db } from "../connections.server";
import { inKindNamesOf } from "../vocabulary.server";
import { effectiveStatusSql } from "../challenges/queries.server";

function baseQuery() {
  return db()
    .selectFrom("proposals")
    .innerJoin("challenges", "challenges.id", "proposals.challenge_id")
    .innerJoin("organisations", "organisations.id", "proposals.org_id")
    .select([
      "proposals.id", "proposals.challenge_id", "proposals.org_id", "proposals.title", "proposals.summary",
      "proposals.approach", "proposals.expected_impact", "proposals.team", "proposals.requested_gbp", "proposals.trl",
      "proposals.tags", "proposals.needs", "proposals.status", "proposals.reference", "proposals.submitted_at", "proposals.withdrawn_at", "proposals.updated_at",
      "proposals.eligibility", "proposals.eligibility_reason", "proposals.eoi_submitted_at", "proposals.stage_two",
      "challenges.eoi_closes_at", "challenges.stage_two_decided_at", "challenges.stage_two_message",
      "challenges.title as challenge_title", "challenges.closes_at", "challenges.opens_at", "challenges.blind_review", "challenges.reviews_per_proposal",
      "challenges.feedback_released_at",
      "organisations.name as org_name", effectiveStatusSql.as("challenge_status"), inKindNamesOf("proposals.needs").as("needs_names"),
    ])
    .select((eb) =>
      jsonArrayFrom(
        eb.selectFrom("eligibility_questions")
          .leftJoin("eligibility_answers", (j) =>
            j.onRef("eligibility_answers.question_id", "=", "eligibility_questions.id")
              .onRef("eligibility_answers.proposal_id", "=", "proposals.id"))
          .select(["eligibility_questions.id", "eligibility_questions.question", "eligibility_questions.options", "eligibility_questions.accepted",
            sql<string>`coalesce(eligibility_answers.answer, '')`.as("answer")])
          .whereRef("eligibility_questions.challenge_id", "=", "proposals.challenge_id")
          .orderBy("eligibility_questions.position"),
      ).as("questions"),
    );
}

export type ProposalDetail = NonNullable<Awaited<ReturnType<typeof getOwnProposal>>>;

export function getOwnProposal({ id, orgId }: { id: string; orgId: string }) {
  return baseQuery().where("proposals.id", "=", id).where("proposals.org_id", "=", orgId).executeTakeFirst();
}

/**
 * The proposal as the challenge's manager reads it (undefined → 404), the view recorded for the applicant's
 * audit trail: as "admin" when the programme office reads another body's challenge.
 */
export async function readProposalAsManager(request: Request, actor: Actor, challenge: { id: string; org_id: string }, id: string) {
  const proposal = await getProposalForChallengeOwner({ id, challengeId: challenge.id, orgId: challenge.org_id });
  if (proposal) await auditProposalViews(request, [proposal.id], actor.user.isAdmin && actor.org?.orgId !== challenge.org_id ? "admin" : "challenge owner");
  return proposal;
}

/** For the challenge owner: only submitted (not draft or withdrawn) proposals, only after the deadline. */
export function getProposalForChallengeOwner({ id, challengeId, orgId }: { id: string; challengeId: string; orgId: string }) {
  return baseQuery()
    .where("proposals.id", "=", id)
    .where("proposals.challenge_id", "=", challengeId)
    .where("challenges.org_id", "=", orgId)
    .where("challenges.closes_at", "<=", sql<Date>`now()`)
    .where("proposals.status", "not in", ["draft", "withdrawn"])
    .executeTakeFirst();
}

export function listProposalsForChallengeOwner({ challengeId, orgId }: { challengeId: string; orgId: string }) {
  return db()
    .selectFrom("proposals")
    .innerJoin("challenges", "challenges.id", "proposals.challenge_id")
    .innerJoin("organisations", "organisations.id", "proposals.org_id")
    .select([
      "proposals.id", "proposals.title", "proposals.status", "proposals.submitted_at", "proposals.requested_gbp",
      "proposals.trl", "organisations.name as org_name", "proposals.eligibility",
    ])
    .where("proposals.challenge_id", "=", challengeId)
    .where("challenges.org_id", "=", orgId)
    .where("challenges.closes_at", "<=", sql<Date>`now()`)
    .where("proposals.status", "not in", ["draft", "withdrawn"])
    .orderBy("proposals.submitted_at")
    .execute();
}

export function listOrgProposals(orgId: string) {
  return db()
    .selectFrom("proposals")
    .innerJoin("challenges", "challenges.id", "proposals.challenge_id")
    .select([
      "proposals.id", "proposals.title", "proposals.status", "proposals.submitted_at", "proposals.updated_at",
      "challenges.id as challenge_id", "challenges.title as challenge_title", "challenges.closes_at",
    ])
    .where("proposals.org_id", "=", orgId)
    .orderBy("proposals.updated_at", "desc")
    .execute();
}

export function findOrgProposalForChallenge({ challengeId, orgId }: { challengeId: string; orgId: string }) {
  return db().selectFrom("proposals").select(["id", "status"]).where("challenge_id", "=", challengeId)
    .where("org_id", "=", orgId).executeTakeFirst();
}

/** Cheap ownership check, so an action refuses another start-up's proposal before reading its form. */
export async function ownsProposal({ id, orgId }: { id: string; orgId: string }): Promise<boolean> {
  return !!(await db().selectFrom("proposals").select("id").where("id", "=", id).where("org_id", "=", orgId).executeTakeFirst());
}

/**
 * The address the receipt of this submission went to, if one was written for this user (the submit command
 * writes it in the same transaction, to every member who has not turned receipts off); null if none was.
 */
export async function receiptSentTo({ proposalId, userId, submittedAt }: { proposalId: string; userId: string; submittedAt: Date | string }): Promise<string | null> {
  const row = await db().selectFrom("notifications").select("to_email")
    .where("user_id", "=", userId).where("kind", "=", "proposal_submitted").where("created_at", ">=", new Date(submittedAt))
    .where("body", "like", `%/my/proposals/${proposalId}%`).orderBy("created_at", "desc").limit(1).executeTakeFirst();
  return row?.to_email ?? null;
}
