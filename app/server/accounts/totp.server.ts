// The pure parts of the second factor (no database): TOTP codes checked step by step so the accepted step
// can be remembered (a code whose step is not after the last accepted one is a replay), the TOTP key's
// encryption at rest, and recovery codes. Built on @oslojs/otp as in Lucia's TOTP guide.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32UpperCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { createTOTPKeyURI, generateHOTP } from "@oslojs/otp";

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps either side of now that are accepted, for clock drift and slow typing. */
export const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;

/** 20 random bytes (160 bits), the size RFC 4226 recommends for HMAC-SHA1. */
export function generateTotpKey(): Uint8Array {
  return new Uint8Array(randomBytes(20));
}

export function totpStep(nowMs: number): bigint {
  return BigInt(Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS));
}

/** The code for a given step (TOTP is HOTP with the step as its counter). */
export function totpCodeAt(key: Uint8Array, step: bigint): string {
  return generateHOTP(key, step, TOTP_DIGITS);
}

export type TotpCheck =
  | { ok: true; step: bigint }
  | { ok: false; reason: "malformed" | "wrong" | "replay" };

/**
 * Checks a code against now ±TOTP_WINDOW steps. A code matching a step at or before `lastStep` (the last
 * accepted one) is a replay and refused, as is any code for an earlier step once a later one was used.
 * The caller must then record the returned step atomically (see two-factor.server.ts).
 */
export function checkTotp(key: Uint8Array, code: string, nowMs: number, lastStep: bigint | null): TotpCheck {
  const typed = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(typed)) return { ok: false, reason: "malformed" };
  const now = totpStep(nowMs);
  const encoder = new TextEncoder();
  let matched: bigint | null = null;
  // Every candidate is computed and compared in constant time, whichever matches.
  for (let offset = -TOTP_WINDOW; offset <= TOTP_WINDOW; offset++) {
    const step = now + BigInt(offset);
    if (constantTimeEqual(encoder.encode(totpCodeAt(key, step)), encoder.encode(typed)) && matched === null) matched = step;
  }
  if (matched === null) return { ok: false, reason: "wrong" };
  if (lastStep !== null && matched <= lastStep) return { ok: false, reason: "replay" };
  return { ok: true, step: matched };
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpKeyUri(accountName: string, key: Uint8Array): string {
  return createTOTPKeyURI("Civic Innovation Challenge", accountName, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

/** The key as people type it into an authenticator app: base32 in groups of four. */
export function formatTotpKey(key: Uint8Array): string {
  return encodeBase32UpperCaseNoPadding(key).replace(/(.{4})(?=.)/g, "$1 ");
}

// --- Encryption at rest: AES-256-GCM, stored as iv (12 bytes) ‖ ciphertext ‖ tag (16 bytes). ---

export function encryptTotpKey(plain: Uint8Array, encryptionKey: Uint8Array): Buffer {
  if (encryptionKey.length !== 32) throw new Error("The TOTP encryption key must be 32 bytes");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** Throws if the data was altered or encrypted with another key (GCM authenticates it). */
export function decryptTotpKey(stored: Uint8Array, encryptionKey: Uint8Array): Uint8Array {
  if (encryptionKey.length !== 32) throw new Error("The TOTP encryption key must be 32 bytes");
  const data = Buffer.from(stored);
  if (data.length < 12 + 16 + 1) throw new Error("The stored TOTP key is too short");
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey, data.subarray(0, 12));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return new Uint8Array(Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]));
}

// --- Recovery codes: 80 random bits each, shown as xxxx-xxxx-xxxx-xxxx, stored as SHA-256. ---

export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => encodeBase32UpperCaseNoPadding(randomBytes(10)).toLowerCase().replace(/(.{4})(?=.)/g, "$1-"));
}

/** Case, spaces and dashes do not matter when a code is typed back. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]+/g, "");
}

export function hashRecoveryCode(code: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(normaliseRecoveryCode(code))));
}

/** A recovery code (16 base32 characters once normalised) rather than a 6-digit TOTP code. */
export function looksLikeRecoveryCode(code: string): boolean {
  return /^[a-z2-7]{16}$/.test(normaliseRecoveryCode(code));
}
