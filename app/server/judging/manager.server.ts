// Who may act on a challenge's pages under /my/challenges/:id (its overview, text, judging, results, sponsors
// and pairing): a member of the public body that owns it, or the programme office (admins), which runs the
// programme with the bodies (decision 018). Every page and action under that path uses this one gate.
import { sql } from "kysely";
import { requireActor, type Actor } from "../auth.server";
import { db } from "../connections.server";
import { forbidden, notFound } from "../http.server";
import { effectiveStatusSql, pastDeadlineSql } from "../challenges/open-rule.server";

export async function requireChallengeManager(request: Request, challengeId: string): Promise<{ actor: Actor; challenge: ManagedChallenge }> {
  const actor = await requireActor(request);
  if (!actor.user.isAdmin && actor.org?.kind !== "public_body") forbidden("Only the public body that owns this challenge, or the programme office, can manage it");
  const challenge = await db().selectFrom("challenges").innerJoin("organisations", "organisations.id", "challenges.org_id")
    .select(["challenges.id", "challenges.org_id", "challenges.title", "challenges.status", "challenges.closes_at", "challenges.blind_review",
      "challenges.reviews_per_proposal", "challenges.feedback_released_at", "challenges.reviews_due_at", effectiveStatusSql.as("effective_status"),
      sql<boolean>`organisations.verified_at IS NOT NULL`.as("org_verified"), pastDeadlineSql.as("past_deadline")])
    .where("challenges.id", "=", challengeId).executeTakeFirst();
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
  /** When the judges' reviews are due, if the owner has set it. */
  reviews_due_at: Date | null;
  effective_status: string;
  /** Whether the owning public body is verified (it must be, to publish). */
  org_verified: boolean;
  /** Closed, by the database clock (challenges/open-rule). */
  past_deadline: boolean;
};
