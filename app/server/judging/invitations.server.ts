// Judge invitations: a single-use link that expires. Only the SHA-256 of its token is stored.
import { sql } from "kysely";
import { z } from "zod";
import { db } from "../connections.server";
import { appUrl, messages, notify } from "../notifications.server";
import { generateSessionToken, sessionIdFromToken } from "../session.server";

import { INVITATION_DAYS } from "../../lib/judge-invitations";
export { INVITATION_DAYS };

export const inviteSchema = z.object({
  email: z.string({ error: "Enter the judge's email address" }).trim().toLowerCase().min(1, "Enter the judge's email address")
    .max(254, "Email address must be 254 characters or fewer")
    .pipe(z.email({ error: "Enter an email address in the correct format, like name@example.com" })),
});

/**
 * Creates the invitation and emails its link (on APP_URL, like every link we send: never the request's Host).
 * The link is returned too, to show the inviter once; only the token's hash is kept on the invitation.
 */
export async function createInvitation(input: { challengeId: string; email: string; invitedBy: string }): Promise<{ token: string; link: string }> {
  const token = generateSessionToken();
  const link = appUrl(`/judge/invitations/${token}`);
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
  await db().transaction().execute(async (tx) => {
    await tx.insertInto("judge_invitations").values({
      challenge_id: input.challengeId, email: input.email, invited_by: input.invitedBy,
      token_hash: sessionIdFromToken(token), expires_at: expiresAt,
    }).execute();
    const challenge = await tx.selectFrom("challenges").innerJoin("organisations", "organisations.id", "challenges.org_id")
      .select(["challenges.title", "organisations.name as org_name"]).where("challenges.id", "=", input.challengeId).executeTakeFirstOrThrow();
    await notify(tx, {
      toEmail: input.email,
      kind: "judge_invitation",
      ...messages.judgeInvitation({ challengeTitle: challenge.title, invitedBy: challenge.org_name, link, expiresAt }),
    });
  });
  return { token, link };
}

export function listInvitations(challengeId: string) {
  return db().selectFrom("judge_invitations").select(["id", "email", "expires_at", "used_at", "created_at"])
    .where("challenge_id", "=", challengeId).orderBy("created_at", "desc").execute();
}

export function findInvitation(token: string) {
  if (!/^[a-z2-7]{32}$/.test(token)) return Promise.resolve(undefined);
  return db().selectFrom("judge_invitations").innerJoin("challenges", "challenges.id", "judge_invitations.challenge_id")
    .select(["judge_invitations.id", "judge_invitations.email", "judge_invitations.expires_at", "judge_invitations.used_at",
      "challenges.id as challenge_id", "challenges.title as challenge_title"])
    .where("judge_invitations.token_hash", "=", sessionIdFromToken(token)).executeTakeFirst();
}

export type AcceptResult = { ok: true; challengeId: string } | { ok: false; reason: "not-found" | "used" | "expired" };

/** Joins the panel. The row lock makes the link single-use even when two tabs accept at once. */
export async function acceptInvitation(token: string, userId: string): Promise<AcceptResult> {
  if (!/^[a-z2-7]{32}$/.test(token)) return { ok: false, reason: "not-found" };
  return db().transaction().execute(async (tx) => {
    const inv = await tx.selectFrom("judge_invitations").select(["id", "challenge_id", "used_at", sql<boolean>`expires_at <= now()`.as("expired")])
      .where("token_hash", "=", sessionIdFromToken(token)).forUpdate().executeTakeFirst();
    if (!inv) return { ok: false, reason: "not-found" } as const;
    if (inv.used_at) return { ok: false, reason: "used" } as const;
    if (inv.expired) return { ok: false, reason: "expired" } as const;
    await tx.insertInto("judges").values({ challenge_id: inv.challenge_id, user_id: userId })
      .onConflict((oc) => oc.columns(["challenge_id", "user_id"]).doNothing()).execute();
    await tx.updateTable("judge_invitations").set({ used_at: sql`now()`, used_by: userId }).where("id", "=", inv.id).execute();
    return { ok: true, challengeId: inv.challenge_id } as const;
  });
}
