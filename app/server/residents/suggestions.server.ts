// Residents' suggestions (decision 035): a resident suggests a problem, which waits for the programme office
// before anyone else reads it; once published anyone signed in may support it, once per account, and withdraw
// that support. Every query that reads a suggestion for someone goes through `canRead` (app/rules/residents),
// so a pending or declined suggestion is "not found" to everyone but its author and the programme office.
import { sql } from "kysely";
import { canRead, type Reader } from "../../rules/residents/moderation";
import { audit } from "../audit.server";
import { db } from "../connections.server";
import { RuleError } from "../rule-error.server";

export interface Resident { userId: string }

export interface SuggestionInput { title: string; description: string; themeId: number; areaId: number }

export const NOT_SUPPORTABLE = "Only a published suggestion can be supported";

const supporters = sql<number>`(SELECT count(*)::int FROM suggestion_supports s WHERE s.suggestion_id = suggestions.id)`;

/** A resident's suggestion, waiting for moderation. */
export async function createSuggestion(request: Request, who: Resident, input: SuggestionInput): Promise<string> {
  return db().transaction().execute(async (tx) => {
    const { id } = await tx.insertInto("suggestions").values({
      author_id: who.userId, title: input.title, description: input.description, theme_id: input.themeId, area_id: input.areaId,
    }).returning("id").executeTakeFirstOrThrow();
    await audit(tx, request, { action: "suggestion.created", subject: { type: "suggestion", id } }, { userId: who.userId, orgId: null });
    return id;
  });
}

/**
 * Supports a published suggestion. The primary key (suggestion, account) makes a second support, however
 * many are sent at once, change nothing; only the one that adds the row is audited. True when it was added.
 */
export async function supportSuggestion(request: Request, who: Resident, suggestionId: string): Promise<boolean> {
  return db().transaction().execute(async (tx) => {
    const s = await tx.selectFrom("suggestions").select(["id", "status"]).where("id", "=", suggestionId).forShare().executeTakeFirst();
    if (!s || s.status !== "published") throw new RuleError(NOT_SUPPORTABLE, "support");
    const added = await tx.insertInto("suggestion_supports").values({ suggestion_id: suggestionId, user_id: who.userId })
      .onConflict((oc) => oc.columns(["suggestion_id", "user_id"]).doNothing()).returning("user_id").execute();
    if (added.length === 0) return false;
    await audit(tx, request, { action: "suggestion.supported", subject: { type: "suggestion", id: suggestionId } }, { userId: who.userId, orgId: null });
    return true;
  });
}

/** Withdraws one's support; true when there was one to withdraw. */
export async function withdrawSupport(request: Request, who: Resident, suggestionId: string): Promise<boolean> {
  return db().transaction().execute(async (tx) => {
    const gone = await tx.deleteFrom("suggestion_supports").where("suggestion_id", "=", suggestionId).where("user_id", "=", who.userId)
      .returning("user_id").execute();
    if (gone.length === 0) return false;
    await audit(tx, request, { action: "suggestion.support_withdrawn", subject: { type: "suggestion", id: suggestionId } }, { userId: who.userId, orgId: null });
    return true;
  });
}

function suggestionColumns() {
  return db().selectFrom("suggestions")
    .innerJoin("themes", "themes.id", "suggestions.theme_id")
    .innerJoin("areas", "areas.id", "suggestions.area_id")
    .select([
      "suggestions.id", "suggestions.title", "suggestions.description", "suggestions.status", "suggestions.author_id",
      "suggestions.decline_reason", "suggestions.merged_into", "suggestions.challenge_id", "suggestions.created_at", "suggestions.published_at",
      "themes.name as theme", "areas.name as area", supporters.as("supporters"),
    ]);
}

/** Published suggestions, most supported first: what everyone reads at /suggestions. */
export function listPublishedSuggestions(limit = 100) {
  return suggestionColumns().where("suggestions.status", "=", "published")
    .orderBy("supporters", "desc").orderBy("suggestions.published_at", "desc").orderBy("suggestions.id").limit(limit).execute();
}

/** The reader's own suggestions, in every state, newest first. */
export function listOwnSuggestions(userId: string) {
  return suggestionColumns().where("suggestions.author_id", "=", userId).orderBy("suggestions.created_at", "desc").execute();
}

/**
 * One suggestion as this reader may see it, or null ("not found") when they may not: with whether they
 * support it, where it was merged, and the challenge it became once that challenge is public.
 */
export async function getSuggestionForReader(id: string, reader: Reader) {
  const s = await suggestionColumns().where("suggestions.id", "=", id).executeTakeFirst();
  if (!s || !canRead({ status: s.status, authorId: s.author_id, wasPublished: s.published_at !== null }, reader)) return null;
  const [supported, mergedInto, challenge] = await Promise.all([
    reader.userId
      ? db().selectFrom("suggestion_supports").select("user_id").where("suggestion_id", "=", id).where("user_id", "=", reader.userId).executeTakeFirst()
      : undefined,
    s.merged_into ? db().selectFrom("suggestions").select(["id", "title"]).where("id", "=", s.merged_into).executeTakeFirst() : undefined,
    s.challenge_id
      ? db().selectFrom("challenges").select(["id", "title"]).where("id", "=", s.challenge_id).where("status", "!=", "draft").executeTakeFirst()
      : undefined,
  ]);
  const { author_id, ...rest } = s;
  return {
    ...rest,
    isAuthor: reader.userId !== null && author_id === reader.userId,
    supported: !!supported,
    mergedInto: mergedInto ?? null,
    challenge: challenge ?? null,
  };
}

/** The suggestion a public challenge came from, with its supporters' count, for the challenge page. */
export function suggestionOfChallenge(challengeId: string) {
  return db().selectFrom("suggestions").select(["suggestions.id", "suggestions.title", supporters.as("supporters")])
    .where("challenge_id", "=", challengeId).executeTakeFirst();
}
