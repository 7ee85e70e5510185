// Sessions, implemented from Lucia's guide (lucia-auth.com/sessions) with @oslojs rather than the
// deprecated `lucia` package. The browser holds a random token; the database holds only its SHA-256,
// so a leaked sessions table cannot be replayed.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import * as cookie from "cookie";
import { db } from "./connections.server";

export const SESSION_COOKIE = "civic_session";
const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
/** A session used in its last 15 days is extended, so active users are not signed out mid-task. */
const RENEW_WITHIN_MS = 15 * DAY_MS;

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  /** Has a TOTP second factor. */
  twoFactorEnabled: boolean;
  /** On any judging panel: with isAdmin, who must use a second factor. */
  isJudge: boolean;
  /** Has opened the link sent to its address; until then it does nothing others see (requireConfirmedEmail). */
  emailConfirmed: boolean;
}

export interface Session {
  id: string;
  userId: string;
  activeOrgId: string | null;
  expiresAt: Date;
  /** The user's second factor was accepted for this session (false while pending, or if they have none). */
  twoFactorVerified: boolean;
}

/** 20 random bytes (160 bits), base32: the guide's recommendation. */
export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(
  token: string, userId: string, activeOrgId: string | null = null, opts: { twoFactorVerified?: boolean } = {},
): Promise<Session> {
  const session: Session = {
    id: sessionIdFromToken(token),
    userId,
    activeOrgId,
    expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS),
    twoFactorVerified: opts.twoFactorVerified ?? false,
  };
  await db()
    .insertInto("sessions")
    .values({ id: session.id, user_id: userId, active_org_id: activeOrgId, expires_at: session.expiresAt, two_factor_verified: session.twoFactorVerified })
    .execute();
  return session;
}

export async function validateSessionToken(token: string): Promise<{ session: Session; user: SessionUser } | null> {
  // Tokens we issue are 32 base32 characters; anything else cannot match and is not worth a query.
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const id = sessionIdFromToken(token);
  const row = await db()
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id", "sessions.user_id", "sessions.active_org_id", "sessions.expires_at", "sessions.two_factor_verified",
      "users.email", "users.name", "users.is_admin", "users.two_factor_enabled_at", "users.email_confirmed_at",
      (eb) => eb.exists(eb.selectFrom("judges").select("judges.id").whereRef("judges.user_id", "=", "users.id")).as("is_judge"),
    ])
    .where("sessions.id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  const session: Session = {
    id: row.id,
    userId: row.user_id,
    activeOrgId: row.active_org_id,
    expiresAt: new Date(row.expires_at),
    twoFactorVerified: row.two_factor_verified,
  };
  if (Date.now() >= session.expiresAt.getTime()) {
    await invalidateSession(id);
    return null;
  }
  if (Date.now() >= session.expiresAt.getTime() - RENEW_WITHIN_MS) {
    session.expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
    await db().updateTable("sessions").set({ expires_at: session.expiresAt }).where("id", "=", id).execute();
  }
  return {
    session,
    user: {
      id: row.user_id, email: row.email, name: row.name, isAdmin: row.is_admin,
      twoFactorEnabled: row.two_factor_enabled_at !== null, isJudge: Boolean(row.is_judge),
      emailConfirmed: row.email_confirmed_at !== null,
    },
  };
}

export async function invalidateSession(sessionId: string): Promise<void> {
  await db().deleteFrom("sessions").where("id", "=", sessionId).execute();
}

export async function invalidateUserSessions(userId: string): Promise<void> {
  await db().deleteFrom("sessions").where("user_id", "=", userId).execute();
}

/** The second factor was accepted: this session is now fully signed in. */
export async function markSessionTwoFactorVerified(sessionId: string): Promise<void> {
  await db().updateTable("sessions").set({ two_factor_verified: true }).where("id", "=", sessionId).execute();
}

export async function setActiveOrg(sessionId: string, orgId: string | null): Promise<void> {
  await db().updateTable("sessions").set({ active_org_id: orgId }).where("id", "=", sessionId).execute();
}

export function readSessionToken(request: Request): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  return cookie.parse(header)[SESSION_COOKIE] ?? null;
}

/** `Secure` everywhere except plain http on a loopback host (local development and tests). */
export function isSecureContext(request: Request): boolean {
  const url = new URL(request.url);
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  return !(url.protocol === "http:" && loopback);
}

export function sessionCookie(request: Request, token: string, expiresAt: Date): string {
  return cookie.serialize(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: isSecureContext(request),
    path: "/",
    expires: expiresAt,
  });
}

export function blankSessionCookie(request: Request): string {
  return cookie.serialize(SESSION_COOKIE, "", {
    httpOnly: true,
    sameSite: "lax",
    secure: isSecureContext(request),
    path: "/",
    maxAge: 0,
  });
}
