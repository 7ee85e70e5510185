// Signing in and out: a fresh session on every sign-in (no fixation), throttled failures.
import { redirect } from "@remix-run/node";
import { findUserByEmail } from "./users.server";
import { dummyPasswordHash, verifyPassword } from "../password.server";
import { createSession, generateSessionToken, sessionCookie } from "../session.server";
import { assertSignInAllowed, clearFailedSignIns, recordFailedSignIn } from "../sign-in-throttle.server";
import { db } from "../connections.server";

export async function attemptSignIn(email: string, password: string, ip: string) {
  await assertSignInAllowed(email, ip);
  const user = await findUserByEmail(email);
  const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
  if (!user || !ok) {
    await recordFailedSignIn(email, ip);
    return null;
  }
  await clearFailedSignIns(email);
  return user;
}

/** Issues a new session and redirects; the user's only (or first) organisation becomes the active one. */
export async function startSession(request: Request, userId: string, redirectTo: string) {
  const orgs = await db().selectFrom("memberships").select("org_id").where("user_id", "=", userId)
    .orderBy("created_at").execute();
  const token = generateSessionToken();
  const session = await createSession(token, userId, orgs[0]?.org_id ?? null);
  return redirect(redirectTo, { headers: { "Set-Cookie": sessionCookie(request, token, session.expiresAt) } });
}
