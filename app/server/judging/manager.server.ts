// Who may run a challenge's judging: a member of the public body that owns it, or a programme admin.
import { requireActor, type Actor } from "../auth.server";
import { db } from "../connections.server";
import { forbidden, notFound } from "../http.server";
import { effectiveStatusSql } from "../challenges/queries.server";

export async function requireChallengeManager(request: Request, challengeId: string): Promise<{ actor: Actor; challenge: ManagedChallenge }> {
  const actor = await requireActor(request);
  if (!actor.user.isAdmin && actor.org?.kind !== "public_body") forbidden("Only the public body that owns this challenge, or the programme office, can manage its judging");
  const challenge = await db().selectFrom("challenges")
    .select(["id", "org_id", "title", "status", "closes_at", "blind_review", "reviews_per_proposal", "feedback_released_at", effectiveStatusSql.as("effective_status")])
    .where("id", "=", challengeId).executeTakeFirst();
  // Another body's challenge is "not found", as everywhere else.
  if (!challenge || (!actor.user.isAdmin && challenge.org_id !== actor.org?.orgId)) notFound();
  return { actor, challenge };
}

export type ManagedChallenge = {
  id: string;
  org_id: string;
  title: string;
  status: string;
  closes_at: Date;
  blind_review: boolean;
  reviews_per_proposal: number;
  feedback_released_at: Date | null;
  effective_status: string;
};

export const isPastDeadline = (c: { closes_at: Date | string }) => new Date(c.closes_at) <= new Date();
