// The challenge owner's view of the assignment, and the hand edits it allows. A moved review still
// refuses conflicted judges and judges at capacity.
import { sql } from "kysely";
import { pastDeadlineSql } from "../challenges/sealed.server";
import { auditChallengeChange, type ManagedRef } from "../audit.server";
import { db } from "../connections.server";
import { RuleError } from "../rule-error.server";

/** The challenge's proposals with their judges; none before the challenge closes (sealed.server). */
export function listAssignments(challengeId: string) {
  return db().selectFrom("proposals")
    .innerJoin("challenges", "challenges.id", "proposals.challenge_id")
    .innerJoin("organisations", "organisations.id", "proposals.org_id")
    .select(["proposals.id", "proposals.title", "organisations.name as org_name"])
    .select((eb) =>
      eb.selectFrom("reviews").innerJoin("judges", "judges.id", "reviews.judge_id").innerJoin("users", "users.id", "judges.user_id")
        .select(sql<{ reviewId: string; judgeId: string; judge: string; status: string; affinity: number; manual: boolean }[]>`coalesce(json_agg(json_build_object(
          'reviewId', reviews.id, 'judgeId', judges.id, 'judge', users.name, 'status', reviews.status, 'affinity', reviews.affinity, 'manual', reviews.manual
        ) ORDER BY users.name), '[]')`.as("r"))
        .whereRef("reviews.proposal_id", "=", "proposals.id").where("reviews.status", "!=", "recused").as("reviews"))
    .where("proposals.challenge_id", "=", challengeId).where(pastDeadlineSql)
    .where("proposals.status", "not in", ["draft", "withdrawn"])
    .orderBy("proposals.title").execute();
}

/**
 * For each proposal of the challenge, the panel's judges who could take a review of it moved to them: no
 * conflict with it (declared, recorded or by membership of the applicant), no review of it already (a
 * recusal included), and capacity left. The "Move to" list offers only these; moveAssignment enforces the
 * same rules with a message for each.
 */
export async function judgesWhoCanTake(challengeId: string): Promise<Map<string, string[]>> {
  const rows = await db().selectFrom("judges as j")
    .innerJoin("proposals as p", (join) => join.onRef("p.challenge_id", "=", "j.challenge_id"))
    .select(["p.id as proposal_id", "j.id as judge_id"])
    .where("j.challenge_id", "=", challengeId)
    .where("p.status", "not in", ["draft", "withdrawn"])
    .where("p.eligibility", "!=", "ineligible")
    .where((eb) => eb.not(eb.exists(eb.selectFrom("judge_conflicts as c").select("c.id").whereRef("c.user_id", "=", "j.user_id")
      .where((c) => c.or([c("c.org_id", "=", c.ref("p.org_id")), c("c.proposal_id", "=", c.ref("p.id"))])))))
    .where((eb) => eb.not(eb.exists(eb.selectFrom("memberships as m").select("m.org_id").whereRef("m.user_id", "=", "j.user_id").whereRef("m.org_id", "=", "p.org_id"))))
    .where((eb) => eb.not(eb.exists(eb.selectFrom("reviews as r").select("r.id").whereRef("r.judge_id", "=", "j.id").whereRef("r.proposal_id", "=", "p.id"))))
    .where((eb) => eb(eb.selectFrom("reviews as load").select(sql<number>`count(*)::int`.as("n")).whereRef("load.judge_id", "=", "j.id").where("load.status", "!=", "recused"), "<", eb.ref("j.capacity")))
    .execute();
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.proposal_id, [...(out.get(r.proposal_id) ?? []), r.judge_id]);
  return out;
}

/** Moves one not-yet-started review to another judge of the same panel. */
export async function moveAssignment(request: Request, { challengeId, orgId, reviewId, toJudgeId }: ManagedRef & { reviewId: string; toJudgeId: string }) {
  await db().transaction().execute(async (tx) => {
    const review = await tx.selectFrom("reviews").innerJoin("proposals", "proposals.id", "reviews.proposal_id")
      .select(["reviews.status", "reviews.proposal_id", "proposals.org_id"])
      .where("reviews.id", "=", reviewId).where("reviews.challenge_id", "=", challengeId).forUpdate("reviews").executeTakeFirst();
    if (!review) throw new RuleError("That assignment no longer exists");
    if (review.status !== "assigned") throw new RuleError("Only an assignment the judge has not started can be moved");
    const judge = await tx.selectFrom("judges").select(["id", "user_id", "capacity"])
      .where("id", "=", toJudgeId).where("challenge_id", "=", challengeId).forUpdate().executeTakeFirst();
    if (!judge) throw new RuleError("Select a judge from this challenge's panel");
    const conflicted = await tx.selectFrom("judge_conflicts").select("id").where("user_id", "=", judge.user_id)
      .where((eb) => eb.or([eb("org_id", "=", review.org_id), eb("proposal_id", "=", review.proposal_id)])).executeTakeFirst();
    const member = await tx.selectFrom("memberships").select("org_id").where("user_id", "=", judge.user_id).where("org_id", "=", review.org_id).executeTakeFirst();
    if (conflicted || member) throw new RuleError("That judge has a conflict of interest with this proposal");
    const already = await tx.selectFrom("reviews").select("id").where("judge_id", "=", judge.id).where("proposal_id", "=", review.proposal_id).executeTakeFirst();
    if (already) throw new RuleError("That judge already has this proposal");
    const { n } = await tx.selectFrom("reviews").select(sql<string>`count(*)`.as("n")).where("judge_id", "=", judge.id).where("status", "!=", "recused").executeTakeFirstOrThrow();
    if (Number(n) >= judge.capacity) throw new RuleError("That judge has no capacity left");
    await tx.updateTable("reviews").set({ judge_id: judge.id, manual: true, run_id: null, affinity: 0, updated_at: sql`now()` }).where("id", "=", reviewId).execute();
    await auditChallengeChange(tx, request, "judging.updated", { challengeId, orgId }, "move");
  });
}

export async function removeAssignment(request: Request, { challengeId, orgId, reviewId }: ManagedRef & { reviewId: string }) {
  await db().transaction().execute(async (tx) => {
    const r = await tx.deleteFrom("reviews").where("id", "=", reviewId).where("challenge_id", "=", challengeId).where("status", "=", "assigned").executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw new RuleError("Only an assignment the judge has not started can be removed");
    await auditChallengeChange(tx, request, "judging.updated", { challengeId, orgId }, "remove");
  });
}

export function judgingProgress(challengeId: string) {
  return db().selectFrom("reviews").select(["status", sql<string>`count(*)`.as("n")]).where("challenge_id", "=", challengeId)
    .groupBy("status").execute();
}
