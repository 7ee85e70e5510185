// The second factor in the database: enrolment, TOTP checks that can never accept one code twice,
// single-use recovery codes, and completing a sign-in that is waiting for its second factor.
import { redirect } from "@remix-run/node";
import { sql } from "kysely";
import { renderSVG } from "uqr";
import { encodeBase64 } from "@oslojs/encoding";
import type { DB } from "../../../db/client";
import { audit, type AuditActor } from "../audit.server";
import type { Actor } from "../auth.server";
import { db } from "../connections.server";
import { env } from "../env.server";
import { markSessionTwoFactorVerified } from "../session.server";
import { countSecondFactorAttempt, secondFactorSucceeded } from "../sign-in-throttle.server";
import {
  checkTotp, decryptTotpKey, encryptTotpKey, formatTotpKey, generateRecoveryCodes, hashRecoveryCode,
  looksLikeRecoveryCode, totpKeyUri, type TotpCheck,
} from "./totp.server";

function encryptionKey(): Uint8Array {
  return new Uint8Array(Buffer.from(env().TOTP_ENCRYPTION_KEY, "base64"));
}

export async function twoFactorStatus(userId: string) {
  const user = await db().selectFrom("users").select("two_factor_enabled_at").where("id", "=", userId).executeTakeFirstOrThrow();
  const left = await db().selectFrom("recovery_codes").select((eb) => eb.fn.countAll<string>().as("n"))
    .where("user_id", "=", userId).where("used_at", "is", null).executeTakeFirstOrThrow();
  return { enabledAt: user.two_factor_enabled_at, recoveryCodesLeft: Number(left.n) };
}

/** What the enrolment page shows for a new key: the QR code (SVG data URI), the key to type, and the key to post back. */
export function enrolmentView(key: Uint8Array, accountName: string) {
  const svg = renderSVG(totpKeyUri(accountName, key));
  return {
    key: encodeBase64(key),
    keyText: formatTotpKey(key),
    qrDataUri: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
  };
}

export type TotpResult = TotpCheck | { ok: false; reason: "not-enrolled" };

/**
 * Checks a TOTP code for an enrolled user and records its step. The step is written with a conditional
 * UPDATE (only if it is after the last accepted one), so of two requests racing with the same code
 * exactly one succeeds; the other is a replay.
 */
export async function verifyUserTotp(userId: string, code: string, nowMs = Date.now()): Promise<TotpResult> {
  const row = await db().selectFrom("users").select(["totp_key", "totp_last_step", "two_factor_enabled_at"])
    .where("id", "=", userId).executeTakeFirst();
  if (!row?.totp_key || !row.two_factor_enabled_at) return { ok: false, reason: "not-enrolled" };
  const check = checkTotp(decryptTotpKey(row.totp_key, encryptionKey()), code, nowMs, row.totp_last_step === null ? null : BigInt(row.totp_last_step));
  if (!check.ok) return check;
  const step = check.step.toString();
  const claimed = await db().updateTable("users").set({ totp_last_step: step })
    .where("id", "=", userId)
    .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", step)]))
    .returning("id").executeTakeFirst();
  return claimed ? check : { ok: false, reason: "replay" };
}

/** Marks one unused recovery code used; true if it was one. Single use by the same conditional-UPDATE rule. */
/** Spends one recovery code, with its audit row (the code is gone only if that is recorded). */
export async function consumeRecoveryCode(request: Request, actor: AuditActor, code: string): Promise<boolean> {
  const userId = actor.userId!;
  return db().transaction().execute(async (tx) => {
    const used = await tx.updateTable("recovery_codes").set({ used_at: sql`now()` })
      .where("user_id", "=", userId).where("code_hash", "=", hashRecoveryCode(code)).where("used_at", "is", null)
      .returning("id").executeTakeFirst();
    if (used) await audit(tx, request, { action: "account.recovery_code_used", subject: { type: "user", id: userId } }, actor);
    return !!used;
  });
}

/** Replaces every recovery code (used or not) with ten new ones, returned once in plain text. */
export async function replaceRecoveryCodes(userId: string, executor?: DB): Promise<string[]> {
  const codes = generateRecoveryCodes();
  const write = async (trx: DB) => {
    await trx.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
    await trx.insertInto("recovery_codes").values(codes.map((c) => ({ user_id: userId, code_hash: hashRecoveryCode(c) }))).execute();
  };
  await (executor ? write(executor) : db().transaction().execute(write));
  return codes;
}

/** New recovery codes at the user's request: the old ones stop working, and the change is audited with it. */
export async function renewRecoveryCodes(request: Request, userId: string): Promise<string[]> {
  return db().transaction().execute(async (tx) => {
    const codes = await replaceRecoveryCodes(userId, tx);
    await audit(tx, request, { action: "account.recovery_codes_replaced", subject: { type: "user", id: userId } });
    return codes;
  });
}

/**
 * Turns the second factor on once the user shows a current code from the new key. The code's step is
 * recorded at once, so the code that confirmed enrolment cannot then be used to sign in.
 */
export async function enableTwoFactor(request: Request, userId: string, key: Uint8Array, code: string, nowMs = Date.now()):
  Promise<{ ok: true; recoveryCodes: string[] } | { ok: false; reason: "malformed" | "wrong" | "replay" | "already-enabled" }> {
  const check = checkTotp(key, code, nowMs, null);
  if (!check.ok) {
    await audit(request, { action: "account.two_factor_failed", subject: { type: "user", id: userId }, detail: { reason: check.reason, during: "enrolment" } });
    return check;
  }
  // The key, its first recovery codes and the audit row commit together.
  return db().transaction().execute(async (tx) => {
    const enabled = await tx.updateTable("users")
      .set({ totp_key: encryptTotpKey(key, encryptionKey()), totp_last_step: check.step.toString(), two_factor_enabled_at: sql`now()` })
      .where("id", "=", userId).where("two_factor_enabled_at", "is", null)
      .returning("id").executeTakeFirst();
    if (!enabled) return { ok: false, reason: "already-enabled" } as const;
    const recoveryCodes = await replaceRecoveryCodes(userId, tx);
    await audit(tx, request, { action: "account.two_factor_enabled", subject: { type: "user", id: userId } });
    return { ok: true, recoveryCodes } as const;
  });
}

export async function disableTwoFactor(request: Request, userId: string): Promise<void> {
  await db().transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ totp_key: null, totp_last_step: null, two_factor_enabled_at: null }).where("id", "=", userId).execute();
    await trx.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
    await audit(trx, request, { action: "account.two_factor_disabled", subject: { type: "user", id: userId } });
  });
}

export type SecondFactorFailure = "malformed" | "wrong" | "replay" | "not-enrolled" | "recovery-code";

/**
 * A code from the signed-in user for a sensitive change (new recovery codes, turning the factor off):
 * counted before it is checked, like sign-in (429 past the limit), failures audited.
 */
export async function confirmWithTotp(request: Request, actor: Actor, code: string): Promise<TotpResult> {
  await countSecondFactorAttempt(actor.user.id);
  const result = await verifyUserTotp(actor.user.id, code);
  if (result.ok) await secondFactorSucceeded(actor.user.id);
  else await failed(request, actor, result.reason);
  return result;
}

async function failed(request: Request, actor: Actor, reason: string) {
  await audit(request, {
    action: "account.two_factor_failed",
    subject: { type: "user", id: actor.user.id },
    detail: { reason },
  }, { userId: actor.user.id, orgId: actor.session.activeOrgId });
}

/**
 * The second step of signing in: a TOTP code, or one of the recovery codes. On success the waiting
 * session (issued at the password step, never usable before) is marked verified and the user goes on;
 * otherwise the reason is returned. Every code (TOTP or recovery) is counted before it is checked: past
 * five in 15 minutes the answer is 429, a right code clears the count.
 */
export async function completeSecondFactor(request: Request, pending: Actor, code: string, redirectTo: string):
  Promise<Response | { ok: false; reason: SecondFactorFailure }> {
  const userId = pending.user.id;
  await countSecondFactorAttempt(userId);
  let method: "totp" | "recovery code";
  if (looksLikeRecoveryCode(code)) {
    method = "recovery code";
    if (!(await consumeRecoveryCode(request, { userId, orgId: pending.session.activeOrgId }, code))) {
      await failed(request, pending, "recovery code refused");
      return { ok: false, reason: "recovery-code" };
    }
  } else {
    method = "totp";
    const result = await verifyUserTotp(userId, code);
    if (!result.ok) {
      await failed(request, pending, result.reason);
      return { ok: false, reason: result.reason };
    }
  }
  await secondFactorSucceeded(userId);
  await markSessionTwoFactorVerified(pending.session.id);
  await audit(request, { action: "account.signed_in", detail: { second_factor: method } },
    { userId, orgId: pending.session.activeOrgId });
  return redirect(redirectTo);
}
