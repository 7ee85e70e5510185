// Proving an account holds its email address, without telling anyone which addresses have accounts.
//
// Signing up always answers "check your email", and always leaves one message in the outbox for the address:
// - a new address gets an account (unconfirmed) and a confirmation link;
// - an address whose account is confirmed gets a notice that someone tried to sign up with it (at most one an
//   hour), pointing to sign-in: the account is not touched;
// - an address whose account was never confirmed gets a confirmation link that carries the name and password
//   typed now: only whoever reads that inbox can make them the account's, so nobody can hold on to an address
//   by signing it up first (confirming such a link also ends the account's sessions and second factor).
// The password is hashed in every case, so the three take about as long.
//
// A link is 160 random bits (like a session token); only its SHA-256 is stored. It works once, for 24 hours,
// and confirming one spends every other link of the account. An unconfirmed account may sign in but does
// nothing others can see until it confirms (auth.server.ts, requireConfirmedEmail).
import { appUrl } from "../notifications.server";
import { sql } from "kysely";
import type { DB } from "../../../db/client";
import { audit } from "../audit.server";
import { db } from "../connections.server";
import { messages, notify } from "../notifications.server";
import { hashPassword } from "../password.server";
import { generateSessionToken, sessionIdFromToken } from "../session.server";

export const CONFIRMATION_HOURS = 24;
/** Links sent to one account: one a minute, five a day (resending and signing up again alike). */
export const CONFIRMATION_LIMITS = { perMinute: 1, perDay: 5 } as const;

const TOKEN = /^[a-z2-7]{32}$/;

/** Our own path to come back to after confirming and signing in, kept in the links. */
function withReturn(path: string, redirectTo: string | null): string {
  return redirectTo && redirectTo !== "/" ? `${path}?redirectTo=${encodeURIComponent(redirectTo)}` : path;
}

/** Links in the e-mails are built on APP_URL (appUrl), never on the request's Host (issue 12.15). */
export async function signUp(input: { name: string; email: string; password: string; redirectTo: string | null }): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  const email = input.email.toLowerCase();
  await db().transaction().execute(async (tx) => {
    const created = await tx.insertInto("users").values({ name: input.name, email, password_hash: passwordHash })
      .onConflict((oc) => oc.column("email").doNothing()).returning("id").executeTakeFirst();
    if (created) {
      await sendLink(tx, { userId: created.id, email, redirectTo: input.redirectTo });
      return;
    }
    const existing = await tx.selectFrom("users").select(["id", "email_confirmed_at"]).where("email", "=", email).forUpdate().executeTakeFirstOrThrow();
    if (existing.email_confirmed_at === null) {
      if ((await retryAfterSeconds(tx, existing.id)) === null) {
        await sendLink(tx, { userId: existing.id, email, redirectTo: input.redirectTo, pending: { name: input.name, passwordHash } });
      }
      return;
    }
    const hour = new Date().toISOString().slice(0, 13);
    await notify(tx, {
      userId: existing.id, kind: "sign_up_attempt", dedupeKey: `sign-up-attempt:${hour}`,
      ...messages.signUpAttempt({ signInLink: appUrl(withReturn("/sign-in", input.redirectTo)) }),
    });
  });
}

async function sendLink(tx: DB, m: { userId: string; email: string; redirectTo: string | null; pending?: { name: string; passwordHash: string } }) {
  const token = generateSessionToken();
  const expiresAt = new Date(Date.now() + CONFIRMATION_HOURS * 3_600_000);
  await tx.insertInto("email_tokens").values({
    user_id: m.userId, email: m.email, token_hash: sessionIdFromToken(token), expires_at: expiresAt,
    pending_name: m.pending?.name ?? null, pending_password_hash: m.pending?.passwordHash ?? null,
  }).execute();
  await notify(tx, {
    userId: m.userId, kind: "email_confirmation",
    ...messages.confirmEmail({ link: appUrl(withReturn(`/confirm-email/${token}`, m.redirectTo)), expiresAt }),
  });
}

/** Null when another link may be sent to this account now; otherwise how long until one may. */
async function retryAfterSeconds(executor: DB, userId: string): Promise<number | null> {
  const row = await executor.selectFrom("email_tokens")
    .select([
      sql<string>`count(*) FILTER (WHERE created_at > now() - interval '1 minute')`.as("minute"),
      sql<string>`count(*) FILTER (WHERE created_at > now() - interval '1 day')`.as("day"),
      sql<number | null>`extract(epoch FROM max(created_at) + interval '1 minute' - now())`.as("next_minute"),
      sql<number | null>`extract(epoch FROM min(created_at) FILTER (WHERE created_at > now() - interval '1 day') + interval '1 day' - now())`.as("next_day"),
    ])
    .where("user_id", "=", userId).executeTakeFirstOrThrow();
  if (Number(row.day) >= CONFIRMATION_LIMITS.perDay) return Math.max(1, Math.ceil(Number(row.next_day)));
  if (Number(row.minute) >= CONFIRMATION_LIMITS.perMinute) return Math.max(1, Math.ceil(Number(row.next_minute)));
  return null;
}

/** A new link for a signed-in, unconfirmed account; `{ retryAfter }` when one was sent too recently. */
export async function resendConfirmation(userId: string, redirectTo: string | null): Promise<{ sent: true } | { sent: false; retryAfter: number }> {
  return db().transaction().execute(async (tx) => {
    // The row lock keeps two parallel requests from both passing the count.
    const user = await tx.selectFrom("users").select(["email", "email_confirmed_at"]).where("id", "=", userId).forUpdate().executeTakeFirstOrThrow();
    if (user.email_confirmed_at !== null) return { sent: true } as const;
    const wait = await retryAfterSeconds(tx, userId);
    if (wait !== null) return { sent: false, retryAfter: wait } as const;
    await sendLink(tx, { userId, email: user.email, redirectTo });
    return { sent: true } as const;
  });
}

export type LinkState = "open" | "used" | "expired" | "not-found";

/** What a link would do if followed (the page shows it before the button that confirms). */
export async function confirmationLinkState(token: string): Promise<LinkState> {
  if (!TOKEN.test(token)) return "not-found";
  const row = await db().selectFrom("email_tokens").select(["used_at", sql<boolean>`expires_at <= now()`.as("expired")])
    .where("token_hash", "=", sessionIdFromToken(token)).executeTakeFirst();
  return !row ? "not-found" : row.used_at ? "used" : row.expired ? "expired" : "open";
}

export type ConfirmResult = { ok: true; userId: string } | { ok: false; reason: Exclude<LinkState, "open"> };

/** Follows a link, once: the token row is locked, so two tabs confirming at once confirm once. */
export async function confirmEmail(request: Request, token: string): Promise<ConfirmResult> {
  if (!TOKEN.test(token)) return { ok: false, reason: "not-found" };
  return db().transaction().execute(async (tx) => {
    const link = await tx.selectFrom("email_tokens")
      .select(["id", "user_id", "email", "used_at", "pending_name", "pending_password_hash", sql<boolean>`expires_at <= now()`.as("expired")])
      .where("token_hash", "=", sessionIdFromToken(token)).forUpdate().executeTakeFirst();
    if (!link) return { ok: false, reason: "not-found" } as const;
    if (link.used_at) return { ok: false, reason: "used" } as const;
    if (link.expired) return { ok: false, reason: "expired" } as const;
    const user = await tx.selectFrom("users").select(["email", "email_confirmed_at"]).where("id", "=", link.user_id).forUpdate().executeTakeFirstOrThrow();
    // Every link of the account is spent, whatever happens next.
    await tx.updateTable("email_tokens").set({ used_at: sql`now()` }).where("user_id", "=", link.user_id).where("used_at", "is", null).execute();
    if (user.email !== link.email) return { ok: false, reason: "not-found" } as const;
    if (link.pending_password_hash) {
      // A second sign-up to an address nobody had confirmed: the account becomes whoever holds the inbox.
      if (user.email_confirmed_at !== null) return { ok: false, reason: "used" } as const;
      await tx.updateTable("users").set({
        name: link.pending_name ?? undefined, password_hash: link.pending_password_hash, email_confirmed_at: sql`now()`,
        totp_key: null, totp_last_step: null, two_factor_enabled_at: null,
      }).where("id", "=", link.user_id).execute();
      await tx.deleteFrom("recovery_codes").where("user_id", "=", link.user_id).execute();
      await tx.deleteFrom("sessions").where("user_id", "=", link.user_id).execute();
    } else {
      await tx.updateTable("users").set({ email_confirmed_at: sql`coalesce(email_confirmed_at, now())` }).where("id", "=", link.user_id).execute();
    }
    await audit(tx, request, { action: "account.email_confirmed", subject: { type: "user", id: link.user_id } }, { userId: link.user_id });
    return { ok: true, userId: link.user_id } as const;
  });
}
