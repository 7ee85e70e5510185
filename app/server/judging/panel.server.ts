// The judging panel of a challenge: judges' expertise, capacity and declared conflicts.
import { sql } from "kysely";
import { z } from "zod";
import { optionalText, tagList, wholeNumber } from "../../lib/validation";
import { db } from "../connections.server";
import { TEXT_LIMITS } from "../../lib/field-limits";

export const profileSchema = z.object({
  capacity: wholeNumber("the number of proposals you can review", 0, 200),
  themes: z.array(z.string().max(80)).max(20).optional().or(z.string().max(80).transform((t) => [t])).transform((v) => v ?? []),
  tags: tagList(20),
  expertise: optionalText("your expertise", TEXT_LIMITS.judge.expertise),
});

export const conflictSchema = z.object({
  orgId: z.string({ error: "Select the organisation" }).uuid("Select the organisation"),
  relation: z.enum(["works_for", "advises", "holds_stake", "other"], { error: "Select how you are connected to it" }),
  note: optionalText("the note", TEXT_LIMITS.judge.conflictNote),
});

export function listPanel(challengeId: string) {
  return db().selectFrom("judges").innerJoin("users", "users.id", "judges.user_id")
    .select(["judges.id", "users.name", "users.email", "judges.capacity", "judges.themes", "judges.tags", "judges.expertise"])
    .select((eb) => [
      eb.selectFrom("judge_conflicts").select(sql<string>`count(*)`.as("n")).whereRef("judge_conflicts.judge_id", "=", "judges.id").as("conflicts"),
      eb.selectFrom("reviews").select(sql<string>`count(*)`.as("n")).whereRef("reviews.judge_id", "=", "judges.id").where("reviews.status", "!=", "recused").as("assigned"),
      eb.selectFrom("reviews").select(sql<string>`count(*)`.as("n")).whereRef("reviews.judge_id", "=", "judges.id").where("reviews.status", "=", "submitted").as("submitted"),
    ])
    .where("judges.challenge_id", "=", challengeId).orderBy("users.name").execute();
}

export function getJudge({ challengeId, userId }: { challengeId: string; userId: string }) {
  return db().selectFrom("judges").innerJoin("challenges", "challenges.id", "judges.challenge_id")
    .select(["judges.id", "judges.capacity", "judges.themes", "judges.tags", "judges.expertise", "challenges.title as challenge_title", "challenges.id as challenge_id"])
    .where("judges.challenge_id", "=", challengeId).where("judges.user_id", "=", userId).executeTakeFirst();
}

export async function updateJudgeProfile(judgeId: string, input: z.output<typeof profileSchema>) {
  await db().updateTable("judges").set({ capacity: input.capacity, themes: input.themes, tags: input.tags, expertise: input.expertise })
    .where("id", "=", judgeId).execute();
}

/** Organisations a judge may declare a conflict with: every applicant or sponsor organisation. */
export function conflictableOrganisations() {
  return db().selectFrom("organisations").select(["id", "name"]).where("kind", "in", ["startup", "corporate"]).orderBy("name").execute();
}

export function listOrgConflicts(judgeId: string) {
  return db().selectFrom("judge_conflicts").innerJoin("organisations", "organisations.id", "judge_conflicts.org_id")
    .select(["judge_conflicts.id", "organisations.name", "judge_conflicts.relation", "judge_conflicts.note"])
    .where("judge_conflicts.judge_id", "=", judgeId).orderBy("organisations.name").execute();
}

/** Records the conflict; false when the organisation named does not exist (the form offers only real ones). */
export async function declareOrgConflict(judgeId: string, input: z.output<typeof conflictSchema>): Promise<boolean> {
  const org = await db().selectFrom("organisations").select("id").where("id", "=", input.orgId).executeTakeFirst();
  if (!org) return false;
  await db().insertInto("judge_conflicts").values({ judge_id: judgeId, org_id: input.orgId, relation: input.relation, note: input.note })
    .onConflict((oc) => oc.columns(["judge_id", "org_id"]).where("org_id", "is not", null).doUpdateSet({ relation: input.relation, note: input.note }))
    .execute();
  // Assignments with a now-conflicted proposal end at once: unstarted ones are withdrawn, started ones
  // recused (re-running the assignment offers them to another judge).
  await db().deleteFrom("reviews").where("judge_id", "=", judgeId).where("status", "=", "assigned")
    .where("proposal_id", "in", (eb) => eb.selectFrom("proposals").select("id").where("org_id", "=", input.orgId)).execute();
  await db().updateTable("reviews").set({ status: "recused", recused_at: sql`now()` }).where("judge_id", "=", judgeId).where("status", "=", "in_progress")
    .where("proposal_id", "in", (eb) => eb.selectFrom("proposals").select("id").where("org_id", "=", input.orgId)).execute();
  return true;
}

export async function removeConflict(judgeId: string, conflictId: string) {
  await db().deleteFrom("judge_conflicts").where("id", "=", conflictId).where("judge_id", "=", judgeId).where("relation", "!=", "recused").execute();
}

/** Challenges this user judges, with their review progress. */
export function listJudgeChallenges(userId: string) {
  return db().selectFrom("judges").innerJoin("challenges", "challenges.id", "judges.challenge_id")
    .select(["judges.id as judge_id", "challenges.id", "challenges.title", "challenges.blind_review", "challenges.closes_at"])
    .where("judges.user_id", "=", userId).orderBy("challenges.closes_at", "desc").execute();
}

export async function isJudge(userId: string): Promise<boolean> {
  return !!(await db().selectFrom("judges").select("id").where("user_id", "=", userId).limit(1).executeTakeFirst());
}
