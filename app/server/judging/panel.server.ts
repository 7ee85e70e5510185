// The judging panel of a challenge: judges' expertise and capacity, and the conflicts of interest of the
// people on it. A conflict belongs to the person (judge_conflicts.user_id): declared on one panel, it holds on
// every panel they serve on, now or later (decision 013).
import { sql } from "kysely";
import { z } from "zod";
import { idField } from "../../lib/ids";
import { optionalText, tagList, wholeNumber } from "../../lib/validation";
import type { DB } from "../../../db/client";
import type { ConflictRelation } from "../../../db/schema";
import { db } from "../connections.server";
import { requireActor } from "../auth.server";
import { notFound } from "../http.server";
import { themeNamesOf } from "../vocabulary.server";
import { TEXT_LIMITS } from "../../lib/field-limits";

export const profileSchema = z.object({
  capacity: wholeNumber("the number of proposals you can review", 0, 200),
  themes: z.array(z.string().max(80)).max(20).optional().or(z.string().max(80).transform((t) => [t])).transform((v) => v ?? []),
  tags: tagList(20),
  expertise: optionalText("your expertise", TEXT_LIMITS.judge.expertise),
});

export const conflictSchema = z.object({
  orgId: idField("Select the organisation"),
  relation: z.enum(["works_for", "advises", "holds_stake", "other"], { error: "Select how you are connected to it" }),
  note: optionalText("the note", TEXT_LIMITS.judge.conflictNote),
});

export function listPanel(challengeId: string) {
  return db().selectFrom("judges").innerJoin("users", "users.id", "judges.user_id")
    .select(["judges.id", "users.name", "users.email", "judges.capacity", "judges.themes", "judges.tags", "judges.expertise"])
    .select(themeNamesOf("judges.themes").as("theme_names"))
    .select((eb) => [
      eb.selectFrom("judge_conflicts").select(sql<string>`count(*)`.as("n")).whereRef("judge_conflicts.user_id", "=", "judges.user_id")
        .where((c) => c.or([c("judge_conflicts.org_id", "is not", null), c("judge_conflicts.proposal_id", "in", c.selectFrom("proposals").select("proposals.id").whereRef("proposals.challenge_id", "=", "judges.challenge_id"))]))
        .as("conflicts"),
      eb.selectFrom("reviews").select(sql<string>`count(*)`.as("n")).whereRef("reviews.judge_id", "=", "judges.id").where("reviews.status", "!=", "recused").as("assigned"),
      eb.selectFrom("reviews").select(sql<string>`count(*)`.as("n")).whereRef("reviews.judge_id", "=", "judges.id").where("reviews.status", "=", "submitted").as("submitted"),
    ])
    .where("judges.challenge_id", "=", challengeId).orderBy("users.name").execute();
}

/** The signed-in user as a judge of this challenge's panel; anyone else is told the page does not exist (404). */
export async function requirePanelJudge(request: Request, challengeId: string) {
  const actor = await requireActor(request);
  const judge = await getJudge({ challengeId, userId: actor.user.id });
  if (!judge) notFound();
  return judge;
}

export function getJudge({ challengeId, userId }: { challengeId: string; userId: string }) {
  return db().selectFrom("judges").innerJoin("challenges", "challenges.id", "judges.challenge_id")
    .select(["judges.id", "judges.user_id", "judges.capacity", "judges.themes", "judges.tags", "judges.expertise", "challenges.title as challenge_title", "challenges.id as challenge_id"])
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

/** The person's conflicts with organisations, whichever panel they were declared on (`declaredOn`: that panel's challenge). */
export function listOrgConflicts(userId: string) {
  return db().selectFrom("judge_conflicts").innerJoin("organisations", "organisations.id", "judge_conflicts.org_id")
    .leftJoin("judges", "judges.id", "judge_conflicts.judge_id")
    .leftJoin("challenges", "challenges.id", "judges.challenge_id")
    .select(["judge_conflicts.id", "organisations.name", "judge_conflicts.relation", "judge_conflicts.note", "challenges.id as declared_on_id", "challenges.title as declared_on"])
    .where("judge_conflicts.user_id", "=", userId).orderBy("organisations.name").execute();
}

type PanelJudge = { id: string; user_id: string };

/** Records the conflict for the person; false when the organisation named does not exist (the form offers only real ones). */
export async function declareOrgConflict(judge: PanelJudge, input: z.output<typeof conflictSchema>): Promise<boolean> {
  const org = await db().selectFrom("organisations").select("id").where("id", "=", input.orgId).executeTakeFirst();
  if (!org) return false;
  await db().transaction().execute(async (tx) => {
    await recordOrgConflict(tx, { userId: judge.user_id, judgeId: judge.id, orgId: input.orgId, relation: input.relation, note: input.note });
    await endConflictedReviews(tx, judge.user_id, input.orgId);
  });
  return true;
}

/** One conflict per person and organisation: declaring it again (on any panel) replaces the answer. */
export async function recordOrgConflict(
  tx: DB, c: { userId: string; judgeId: string | null; orgId: string; relation: ConflictRelation; note: string },
) {
  await tx.insertInto("judge_conflicts").values({ user_id: c.userId, judge_id: c.judgeId, org_id: c.orgId, relation: c.relation, note: c.note })
    .onConflict((oc) => oc.columns(["user_id", "org_id"]).where("org_id", "is not", null).doUpdateSet({ relation: c.relation, note: c.note }))
    .execute();
}

/**
 * The person's assignments, on every panel, of the organisation's proposals end at once: unstarted ones are
 * withdrawn, started ones recused (re-running the assignment offers them to another judge). Submitted
 * reviews stay, as the record of what was judged.
 */
async function endConflictedReviews(tx: DB, userId: string, orgId: string) {
  const theirs = tx.selectFrom("judges").select("id").where("user_id", "=", userId);
  const orgProposals = tx.selectFrom("proposals").select("id").where("org_id", "=", orgId);
  await tx.deleteFrom("reviews").where("judge_id", "in", theirs).where("status", "=", "assigned").where("proposal_id", "in", orgProposals).execute();
  await tx.updateTable("reviews").set({ status: "recused", recused_at: sql`now()`, updated_at: sql`now()` })
    .where("judge_id", "in", theirs).where("status", "=", "in_progress").where("proposal_id", "in", orgProposals).execute();
}

/** Removes one of the person's declared conflicts (a recusal stays: it is the record of stepping aside). */
export async function removeConflict(userId: string, conflictId: string) {
  await db().deleteFrom("judge_conflicts").where("id", "=", conflictId).where("user_id", "=", userId).where("relation", "!=", "recused").execute();
}

/** Challenges this user judges, with their review progress. */
export function listJudgeChallenges(userId: string) {
  return db().selectFrom("judges").innerJoin("challenges", "challenges.id", "judges.challenge_id")
    .select(["judges.id as judge_id", "challenges.id", "challenges.title", "challenges.blind_review", "challenges.closes_at"])
    .where("judges.user_id", "=", userId).orderBy("challenges.closes_at", "desc").execute();
}
