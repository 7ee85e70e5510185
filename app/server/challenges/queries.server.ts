// Reading challenges. Public reads never return drafts; owner reads always filter by the owning org.
import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { db } from "../connections.server";

import { effectiveStatusSql } from "./open-rule.server";

export { effectiveStatusSql };

function detailQuery() {
  return db()
    .selectFrom("challenges")
    .innerJoin("themes", "themes.id", "challenges.theme_id")
    .innerJoin("organisations", "organisations.id", "challenges.org_id")
    .select([
      "challenges.id", "challenges.org_id", "challenges.title", "challenges.summary", "challenges.problem_statement",
      "challenges.theme_id", "themes.name as theme", "challenges.funding_kind", "challenges.funding_gbp",
      "challenges.pilot_weeks", "challenges.opens_at", "challenges.closes_at", "challenges.eoi_closes_at", "challenges.stage_two_decided_at", "challenges.blind_review",
      "challenges.reviews_per_proposal", "challenges.status as stored_status", "challenges.published_at",
      "challenges.updated_at", "organisations.name as org_name", "organisations.verified_at as org_verified_at",
      effectiveStatusSql.as("status"),
    ])
    .select((eb) => [
      jsonArrayFrom(
        eb.selectFrom("challenge_areas").innerJoin("areas", "areas.id", "challenge_areas.area_id")
          .select(["areas.id", "areas.name"]).whereRef("challenge_areas.challenge_id", "=", "challenges.id").orderBy("areas.name"),
      ).as("areas"),
      jsonArrayFrom(
        eb.selectFrom("eligibility_questions").select(["eligibility_questions.id", "eligibility_questions.position", "eligibility_questions.question", "eligibility_questions.options", "eligibility_questions.accepted"])
          .whereRef("eligibility_questions.challenge_id", "=", "challenges.id").orderBy("position"),
      ).as("questions"),
      jsonArrayFrom(
        eb.selectFrom("rubric_criteria").select(["rubric_criteria.id", "rubric_criteria.position", "rubric_criteria.name", "rubric_criteria.description", "rubric_criteria.weight", "rubric_criteria.threshold"])
          .whereRef("rubric_criteria.challenge_id", "=", "challenges.id").orderBy("position"),
      ).as("criteria"),
    ]);
}

export type ChallengeDetail = NonNullable<Awaited<ReturnType<typeof getPublicChallenge>>>;

/** A challenge anyone may read: published or later, never a draft. */
export function getPublicChallenge(id: string) {
  return detailQuery().where("challenges.id", "=", id).where("challenges.status", "!=", "draft").executeTakeFirst();
}

/** Any challenge of the owning organisation, drafts included. */
export function getOwnChallenge({ id, orgId }: { id: string; orgId: string }) {
  return detailQuery().where("challenges.id", "=", id).where("challenges.org_id", "=", orgId).executeTakeFirst();
}

export function listOrgChallenges(orgId: string) {
  return db()
    .selectFrom("challenges")
    .select(["challenges.id", "challenges.title", "challenges.opens_at", "challenges.closes_at", effectiveStatusSql.as("status")])
    .select((eb) =>
      eb.selectFrom("proposals").select(sql<string>`count(*)`.as("n"))
        .whereRef("proposals.challenge_id", "=", "challenges.id")
        .where("proposals.status", "not in", ["draft", "withdrawn"]).as("submitted_count"),
    )
    .where("challenges.org_id", "=", orgId)
    .orderBy("challenges.created_at", "desc")
    .execute();
}

/** Challenge titles by id, for a job's result that names challenges by id only. */
export async function challengeTitles(ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db().selectFrom("challenges").select(["id", "title"]).where("id", "in", [...ids]).execute();
  return new Map(rows.map((c) => [c.id, c.title]));
}

/** Cheap ownership check, so an action refuses another organisation's challenge before reading its form. */
export async function ownsChallenge({ id, orgId }: { id: string; orgId: string }): Promise<boolean> {
  return !!(await db().selectFrom("challenges").select("id").where("id", "=", id).where("org_id", "=", orgId).executeTakeFirst());
}

/** Every challenge past draft, for the programme office. */
export function listAllChallengesForAdmin() {
  return db().selectFrom("challenges").innerJoin("organisations", "organisations.id", "challenges.org_id")
    .select(["challenges.id", "challenges.title", "challenges.closes_at", "organisations.name as org_name", effectiveStatusSql.as("status")])
    .where("challenges.status", "!=", "draft").orderBy("challenges.closes_at", "desc").execute();
}
