// Signing in through an organisation's identity provider (decision 040): the authorization code flow with
// PKCE (S256), state and nonce. What the callback must check is kept server-side (sso_sign_ins, ten minutes,
// used once), keyed by the SHA-256 of a random value in a short-lived cookie (HttpOnly, SameSite=Lax, Secure
// except on loopback http, Path=/sso), so the callback only completes in the browser that started it.
//
// The provider's word lets someone in only when it says the e-mail address is verified and the address is
// at a domain the organisation has proved (a DNS TXT record). An address with no account becomes a new
// member; an existing account is signed in only if it is already a member of that organisation: an
// organisation's provider never takes over an account that is not its member's. Every refusal is a reason
// the page explains, recorded in the audit trail (no e-mail address) and logged without personal data.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import * as cookie from "cookie";
import { sql } from "kysely";
import { pino } from "pino";
import { z } from "zod";
import { checkIdentity, emailDomain, nameFromClaims, type IdentityRefusal, type ProviderClaims } from "../../rules/sso/sso";
import { audit } from "../audit.server";
import { db } from "../connections.server";
import { env } from "../env.server";
import { tooManyRequests } from "../http.server";
import { hashPassword } from "../password.server";
import { sharedLimiter } from "../rate-limits.server";
import { RuleError } from "../rule-error.server";
import { isSecureContext } from "../session.server";
import { client, discoverProvider } from "./oidc.server";
import { decryptClientSecret } from "./secrets.server";

export const SSO_COOKIE = "civic_sso";
const ATTEMPT_TTL_S = 10 * 60;
const logger = pino({ level: process.env.LOG_LEVEL ?? "info", base: { module: "sso" } });

/** The one address every organisation's provider sends people back to (registered there by its administrator). */
export function ssoRedirectUri(): string {
  return `${env().APP_URL}/sso/callback`;
}

export const ssoStartSchema = z.object({
  email: z.string({ error: "Enter your work email address" }).trim().min(1, "Enter your work email address").max(254, "Email address must be 254 characters or fewer")
    .refine((v) => /^[^\s@]+@[^\s@]+$/.test(v), "Enter an email address in the correct format, like name@example.com"),
  redirectTo: z.string().optional(),
});

function attemptId(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

function ssoCookie(request: Request, value: string, maxAge: number): string {
  return cookie.serialize(SSO_COOKIE, value, { httpOnly: true, sameSite: "lax", secure: isSecureContext(request), path: "/sso", maxAge });
}

export function clearSsoCookie(request: Request): string {
  return ssoCookie(request, "", 0);
}

/** Each start keeps a row for ten minutes: one client address may start 30 in 15 minutes, across every web process. */
export const SSO_START_LIMIT = { points: 30, duration: 15 * 60 };
const startLimiter = sharedLimiter("sso-start", SSO_START_LIMIT);

/** Counts a start from this client address; 429 past the limit. */
export async function countSsoStart(ip: string): Promise<void> {
  try {
    await (await startLimiter()).consume(ip);
  } catch (error) {
    const wait = (error as { msBeforeNext?: number }).msBeforeNext;
    if (wait === undefined) throw error;
    tooManyRequests(Math.ceil(wait / 1000), "Too many attempts to sign in with your organisation's account. Wait a few minutes and try again.");
  }
}

const UNAVAILABLE = "Your organisation's sign-in is not answering just now. Try again in a few minutes, or sign in with your email address and password";

/**
 * Finds the enabled connection of the organisation that has verified the address's domain, and the
 * provider's address to send the browser to (with PKCE, state and nonce), with the cookie that binds the
 * attempt to this browser. No organisation sign-in for the domain is a message next to the address.
 */
export async function startSsoSignIn(request: Request, email: string, redirectTo: string) {
  const domain = emailDomain(email);
  const found = domain ? await db().selectFrom("sso_domains")
    .innerJoin("sso_connections", "sso_connections.org_id", "sso_domains.org_id")
    .select(["sso_connections.id", "sso_connections.org_id", "sso_connections.issuer", "sso_connections.client_id", "sso_connections.client_secret"])
    .where("sso_domains.domain", "=", domain).where("sso_domains.verified_at", "is not", null).where("sso_connections.enabled", "=", true)
    .executeTakeFirst() : undefined;
  if (!found) throw new RuleError("Your organisation does not sign in this way for that address. Sign in with your email address and password instead", "email");

  let config: client.Configuration;
  try {
    config = await discoverProvider({ issuer: found.issuer, clientId: found.client_id, clientSecret: decryptClientSecret(found.client_secret) });
  } catch (error) {
    logger.warn({ connectionId: found.id, code: (error as { code?: string }).code }, "identity provider discovery failed at sign-in");
    throw new RuleError(UNAVAILABLE, "email");
  }
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  const token = encodeBase32LowerCaseNoPadding(bytes);
  // Attempts nobody finished are of no use to anyone: cleared as new ones start.
  await db().deleteFrom("sso_sign_ins").where("expires_at", "<", sql<Date>`now()`).execute();
  await db().insertInto("sso_sign_ins").values({
    id: attemptId(token), connection_id: found.id, state, nonce, code_verifier: codeVerifier, redirect_to: redirectTo,
    expires_at: sql<Date>`now() + make_interval(secs => ${ATTEMPT_TTL_S})`,
  }).execute();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: ssoRedirectUri(), scope: "openid email profile", response_type: "code",
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: "S256",
    state, nonce, login_hint: email.trim(),
  });
  return { url: url.href, cookie: ssoCookie(request, token, ATTEMPT_TTL_S) };
}

export type SsoRefusal =
  | "expired" | "provider-refused" | "disabled" | "provider-unavailable" | "state-mismatch" | "exchange-failed"
  | IdentityRefusal | "account-not-member";

export type SsoOutcome = { ok: true; userId: string; orgId: string; redirectTo: string; created: boolean } | { ok: false; reason: SsoRefusal };

/** What the provider's answer (a code) gives, checked by openid-client: state, PKCE, issuer, audience, nonce, signature. */
export async function exchangeCode(config: client.Configuration, callbackUrl: URL, attempt: { state: string; nonce: string; code_verifier: string }) {
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: attempt.code_verifier, expectedState: attempt.state, expectedNonce: attempt.nonce, idTokenExpected: true,
  });
  const idClaims = tokens.claims();
  if (!idClaims) throw new Error("no ID token");
  let claims: ProviderClaims = idClaims as Record<string, unknown>;
  // Many providers put the address in the user info rather than the ID token.
  if ((idClaims.email === undefined || idClaims.email_verified === undefined) && config.serverMetadata().userinfo_endpoint) {
    const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    claims = { ...info, ...Object.fromEntries(Object.entries(idClaims).filter(([k]) => ["email", "email_verified", "name"].includes(k))) };
  }
  return claims;
}

/** The callback: everything checked, the account found or made. Never throws for what a provider or a browser sent. */
export async function finishSsoSignIn(request: Request): Promise<SsoOutcome> {
  const token = cookie.parse(request.headers.get("Cookie") ?? "")[SSO_COOKIE];
  // Used once, whatever happens next: a replayed callback finds nothing.
  const attempt = token && /^[a-z2-7]{32}$/.test(token)
    ? await db().deleteFrom("sso_sign_ins").where("id", "=", attemptId(token)).returningAll().executeTakeFirst()
    : undefined;
  if (!attempt || new Date(attempt.expires_at).getTime() <= Date.now()) return refuse(request, null, "expired");
  const connection = await db().selectFrom("sso_connections").select(["id", "org_id", "issuer", "client_id", "client_secret", "enabled"])
    .where("id", "=", attempt.connection_id).executeTakeFirst();
  if (!connection) return refuse(request, null, "expired");
  const orgId = connection.org_id;
  if (!connection.enabled) return refuse(request, orgId, "disabled");

  const params = new URL(request.url).searchParams;
  // The provider's own refusal (the person cancelled, or is not allowed this application).
  if (params.has("error")) return refuse(request, orgId, "provider-refused");
  if (params.get("state") !== attempt.state) return refuse(request, orgId, "state-mismatch");
  // The address the provider sent the browser to, as registered: APP_URL's, never the request's Host.
  const callbackUrl = new URL(ssoRedirectUri());
  params.forEach((v, k) => callbackUrl.searchParams.append(k, v));

  let config: client.Configuration;
  try {
    config = await discoverProvider({ issuer: connection.issuer, clientId: connection.client_id, clientSecret: decryptClientSecret(connection.client_secret) });
  } catch (error) {
    logger.warn({ connectionId: connection.id, code: (error as { code?: string }).code }, "identity provider discovery failed at callback");
    return refuse(request, orgId, "provider-unavailable");
  }
  let claims: ProviderClaims;
  try {
    claims = await exchangeCode(config, callbackUrl, attempt);
  } catch (error) {
    // The code refused (used already, expired), a signature, issuer, audience or nonce that does not hold.
    logger.warn({ connectionId: connection.id, code: (error as { code?: string }).code, error: (error as { error?: string }).error }, "authorization code exchange failed");
    return refuse(request, orgId, "exchange-failed");
  }

  const verified = (await db().selectFrom("sso_domains").select("domain").where("org_id", "=", orgId).where("verified_at", "is not", null).execute()).map((d) => d.domain);
  const identity = checkIdentity(claims, verified);
  if (!identity.ok) return refuse(request, orgId, identity.reason);

  // Hashed before the transaction (argon2 takes a while), only for an address with no account yet.
  const exists = await db().selectFrom("users").select("id").where("email", "=", identity.email).executeTakeFirst();
  // No password anyone knows: the account signs in through its organisation (a random one, hashed as any other).
  const passwordHash = exists ? null : await hashPassword(encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(32))));
  const result = await db().transaction().execute(async (tx) => {
    const user = await tx.selectFrom("users").select("id").where("email", "=", identity.email).forUpdate().executeTakeFirst();
    if (user) {
      const member = await tx.selectFrom("memberships").select("role").where("user_id", "=", user.id).where("org_id", "=", orgId).executeTakeFirst();
      if (!member) return null;
      // The provider has just vouched for the address, as a confirmation link would.
      await tx.updateTable("users").set({ email_confirmed_at: sql<Date>`now()` }).where("id", "=", user.id).where("email_confirmed_at", "is", null).execute();
      return { userId: user.id, created: false };
    }
    if (!passwordHash) return null; // the account was deleted between the two reads: start again
    const created = await tx.insertInto("users").values({
      email: identity.email, name: nameFromClaims(claims, identity.email), password_hash: passwordHash,
      // The provider verified the address, at a domain the organisation proved it controls.
      email_confirmed_at: sql<Date>`now()`,
    }).returning("id").executeTakeFirstOrThrow();
    await tx.insertInto("memberships").values({ user_id: created.id, org_id: orgId, role: "member" }).execute();
    await audit(tx, request, { action: "account.sso_account_created", subject: { type: "organisation", id: orgId, orgId }, detail: { userId: created.id } }, { userId: created.id, orgId });
    await audit(tx, request, { action: "organisation.member_joined", subject: { type: "organisation", id: orgId, orgId }, detail: { via: "single sign-on" } }, { userId: created.id, orgId });
    return { userId: created.id, created: true };
  });
  if (!result) return refuse(request, orgId, "account-not-member");
  return { ok: true, userId: result.userId, orgId, redirectTo: attempt.redirect_to, created: result.created };
}

async function refuse(request: Request, orgId: string | null, reason: SsoRefusal): Promise<SsoOutcome> {
  await audit(request, {
    action: "account.sso_sign_in_failed",
    subject: orgId ? { type: "organisation", id: orgId, orgId } : undefined,
    detail: { reason },
  }, { userId: null });
  logger.info({ orgId, reason }, "organisation sign-in refused");
  return { ok: false, reason };
}
