// A suggestion turned into a challenge (decision 035): the programme office, or the public body that owns the
// challenge, says which challenge answers it. The challenge page then names the suggestion and its supporters'
// count. Supporters (and the author) are told once, when the challenge is public: at once if it already is,
// otherwise when it is published (publishChallenge calls tellSupporters). The dedupe key makes it once.
import type { DB } from "../../../db/client";
import { audit } from "../audit.server";
import { db } from "../connections.server";
import { notFound } from "../http.server";
import { appUrl, notifyAll } from "../notifications.server";
import { RuleError } from "../rule-error.server";

export const NOT_LINKABLE = "Only a published suggestion that has not become a challenge can be turned into one";
export const CHALLENGE_TAKEN = "This challenge already comes from another suggestion";

/** Who links: an admin (any challenge) or a public body's member (its own challenges only). */
export type Linker = { userId: string; isAdmin: true } | { userId: string; isAdmin: false; orgId: string };

export async function turnIntoChallenge(request: Request, who: Linker, suggestionId: string, challengeId: string): Promise<void> {
  await db().transaction().execute(async (tx) => {
    const s = await tx.selectFrom("suggestions").select(["id", "status", "challenge_id"]).where("id", "=", suggestionId).forUpdate().executeTakeFirst();
    if (!s) notFound();
    if (s.status !== "published" || s.challenge_id) throw new RuleError(NOT_LINKABLE, "challengeId");
    let q = tx.selectFrom("challenges").select(["id", "org_id", "status"]).where("id", "=", challengeId);
    if (!who.isAdmin) q = q.where("org_id", "=", who.orgId);
    const challenge = await q.forUpdate().executeTakeFirst();
    if (!challenge) throw new RuleError("Choose one of the challenges in the list", "challengeId");
    const taken = await tx.selectFrom("suggestions").select("id").where("challenge_id", "=", challengeId).executeTakeFirst();
    if (taken) throw new RuleError(CHALLENGE_TAKEN, "challengeId");
    await tx.updateTable("suggestions").set({ challenge_id: challengeId }).where("id", "=", s.id).execute();
    await audit(tx, request, {
      action: "suggestion.turned_into_challenge", subject: { type: "suggestion", id: s.id }, detail: { challenge: challengeId },
    }, { userId: who.userId, orgId: who.isAdmin ? null : who.orgId });
    if (challenge.status !== "draft") await tellSupporters(tx, challengeId);
  });
}

/** Each supporter and the author of the suggestion a now-public challenge came from, once. */
export async function tellSupporters(tx: DB, challengeId: string): Promise<number> {
  const s = await tx.selectFrom("suggestions").innerJoin("challenges", "challenges.id", "suggestions.challenge_id")
    .select(["suggestions.id", "suggestions.title", "suggestions.author_id", "challenges.title as challenge"])
    .where("suggestions.challenge_id", "=", challengeId).executeTakeFirst();
  if (!s) return 0;
  const supporters = await tx.selectFrom("suggestion_supports").select("user_id").where("suggestion_id", "=", s.id).execute();
  const people = new Set([...supporters.map((r) => r.user_id), ...(s.author_id ? [s.author_id] : [])]);
  return notifyAll(tx, [...people].map((userId) => ({
    userId, kind: "suggestion_became_challenge" as const, dedupeKey: `suggestion-challenge:${s.id}`,
    subject: "A problem you support is now a challenge",
    body: `The suggestion "${s.title}" is now the challenge "${s.challenge}". Start-ups can now propose ways to solve it.\n${appUrl(`/challenges/${challengeId}`)}`,
  })));
}

/** The challenges a linker may choose from: not drafts of others, not already taken. */
export function linkableChallenges(who: Linker) {
  let q = db().selectFrom("challenges").select(["challenges.id", "challenges.title", "challenges.status"])
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("suggestions").select("suggestions.id").whereRef("suggestions.challenge_id", "=", "challenges.id"))))
    .where("challenges.status", "!=", "cancelled");
  if (!who.isAdmin) q = q.where("challenges.org_id", "=", who.orgId);
  return q.orderBy("challenges.title").limit(200).execute();
}
