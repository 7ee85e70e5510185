// Signing in and out: a fresh session on every sign-in (no fixation), throttled failures.
import { redirect } from "@remix-run/node";
import { findUserByEmail } from "./users.server";
import { dummyPasswordHash, verifyPassword } from "../password.server";
import { createSession, generateSessionToken, invalidateSession, sessionCookie } from "../session.server";
import type { Actor } from "../auth.server";
import { countSignInAttempt, signInSucceeded } from "../sign-in-throttle.server";
import { db } from "../connections.server";
import { audit } from "../audit.server";

/** The user whose password matched, or null. Both outcomes go to the audit trail. Counted before checking (429 past the limits). */
export async function attemptSignIn(request: Request, email: string, password: string, ip: string) {
  await countSignInAttempt(email, ip);
  const user = await findUserByEmail(email);
  const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
  if (!user || !ok) {
    // The attempted account when there is one; an unknown address is not stored (it may be anyone's).
    await audit(request, {
      action: "account.sign_in_failed",
      subject: user ? { type: "user", id: user.id } : undefined,
      detail: { reason: user ? "wrong password" : "unknown account" },
    }, { userId: null });
    return null;
  }
  await signInSucceeded(email, ip);
  return user;
}

/**
 * Issues a new session and redirects; the user's only (or first) organisation becomes the active one.
 * A user with a second factor gets a session that waits for it (nothing treats it as signed in) and goes
 * to /sign-in/two-factor first — unless `twoFactorVerified` says this browser already gave it (a new
 * session replacing a verified one, as after a password change).
 */
export async function startSession(
  request: Request, userId: string, redirectTo: string,
  opts: { twoFactorVerified?: boolean; activeOrgId?: string; via?: "single sign-on" } = {},
) {
  const orgs = await db().selectFrom("memberships").select("org_id").where("user_id", "=", userId)
    .orderBy("created_at").execute();
  const user = await db().selectFrom("users")
    .select(["two_factor_enabled_at", "is_admin", (eb) => eb.exists(eb.selectFrom("judges").select("judges.id").whereRef("judges.user_id", "=", "users.id")).as("is_judge")])
    .where("id", "=", userId).executeTakeFirstOrThrow();
  const pending = user.two_factor_enabled_at !== null && !opts.twoFactorVerified;
  const token = generateSessionToken();
  // Signed in through an organisation's provider, the session acts for that organisation (decision 040).
  const activeOrgId = orgs.some((o) => o.org_id === opts.activeOrgId) ? opts.activeOrgId! : orgs[0]?.org_id ?? null;
  const session = await createSession(token, userId, activeOrgId, { twoFactorVerified: !pending });
  const headers = { "Set-Cookie": sessionCookie(request, token, session.expiresAt) };
  // Signed in once the second factor is given (two-factor.server.ts records it then).
  if (pending) return redirect(`/sign-in/two-factor?redirectTo=${encodeURIComponent(redirectTo)}`, { headers });
  await audit(request, { action: "account.signed_in", ...(opts.via ? { detail: { via: opts.via } } : {}) }, { userId, orgId: session.activeOrgId });
  // Judges and admins must set up a second factor before anything else; straight there, rather than
  // landing on a public page that quietly withholds their powers.
  if (user.two_factor_enabled_at === null && (user.is_admin || Boolean(user.is_judge))) {
    return redirect(`/account/two-factor?redirectTo=${encodeURIComponent(redirectTo)}`, { headers });
  }
  return redirect(redirectTo, { headers });
}

/** Ends this browser's session (signed in, or still waiting for its second factor), recorded in the audit trail. */
export async function endSession(request: Request, actor: Actor): Promise<void> {
  await audit(request, { action: "account.signed_out" }, { userId: actor.user.id, orgId: actor.session.activeOrgId });
  await invalidateSession(actor.session.id);
}
