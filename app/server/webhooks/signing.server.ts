// Signing a webhook the Standard Webhooks way (https://www.standardwebhooks.com, spec/standard-webhooks.md):
// three headers, `webhook-id` (the event's id, the same on every attempt), `webhook-timestamp` (seconds
// since the epoch, of this attempt) and `webhook-signature`: `v1,` and the base64 HMAC-SHA256 of
// "<id>.<timestamp>.<body>" keyed with the secret's bytes. The secret is `whsec_` and 32 random bytes in
// base64, the form the spec's libraries take, so a receiver can check our requests with one of them.
// Pure apart from the random bytes of a new secret; also the retry schedule and the secret's encryption.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

export const SECRET_PREFIX = "whsec_";
export const SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]{43}=$/;
/** How far a receiver should let a timestamp be from its clock (the spec's libraries use five minutes). */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString("base64")}`;
}

function keyOf(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error("not a webhook secret");
  return Buffer.from(secret.slice(SECRET_PREFIX.length), "base64");
}

/** The `webhook-signature` header's value for this id, timestamp (seconds) and exact body. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac("sha256", keyOf(secret)).update(`${id}.${timestampSeconds}.${body}`).digest("base64");
  return `v1,${mac}`;
}

export function webhookHeaders(secret: string, id: string, timestampSeconds: number, body: string): Record<string, string> {
  return {
    "Webhook-Id": id,
    "Webhook-Timestamp": String(timestampSeconds),
    "Webhook-Signature": signWebhook(secret, id, timestampSeconds, body),
  };
}

/**
 * A receiver's check (our tests' receiver uses it): one of the space-separated `v1,` signatures matches,
 * compared in constant time, and the timestamp is within the tolerance of `nowSeconds`.
 */
export function verifyWebhook(secret: string, headers: { id: string; timestamp: string; signature: string }, body: string, nowSeconds: number): boolean {
  if (!/^\d{1,12}$/.test(headers.timestamp)) return false;
  const ts = Number(headers.timestamp);
  if (Math.abs(nowSeconds - ts) > TIMESTAMP_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(signWebhook(secret, headers.id, ts, body));
  return headers.signature.split(" ").some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

// --- Retries -------------------------------------------------------------------------------------------

/** Attempts in all before a delivery is marked failed. */
export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 30_000;
const GROWTH = 4;
const LONGEST_WAIT_MS = 6 * 60 * 60_000;
/** Each wait is moved by up to this share either way, so endpoints that failed together do not retry together. */
const JITTER = 0.1;

/**
 * How long to wait after failed attempt `attempt` (1 for the first) before the next, or null when that was
 * the last: 30 s, 2 min, 8 min, 32 min, about 2 h, then 6 h (the cap), about 15 hours in all. `random` in [0, 1).
 */
export function retryDelayMs(attempt: number, random: number = Math.random()): number | null {
  if (!Number.isInteger(attempt) || attempt < 1) throw new Error("attempt counts from 1");
  if (attempt >= MAX_ATTEMPTS) return null;
  const base = Math.min(FIRST_RETRY_MS * GROWTH ** (attempt - 1), LONGEST_WAIT_MS);
  return Math.round(base * (1 + JITTER * (2 * random - 1)));
}

// --- The secret at rest --------------------------------------------------------------------------------
// The worker must read the secret to sign, so it cannot be hashed like an API token. It is kept encrypted
// with AES-256-GCM under a key derived (HKDF-SHA256, its own label) from TOTP_ENCRYPTION_KEY, the key the
// service already requires in production for secrets it must read back: a copy of the database alone
// does not give the secrets. Stored as iv (12 bytes) ‖ ciphertext ‖ tag (16 bytes).

function secretsKey(masterKeyBase64: string): Buffer {
  const master = Buffer.from(masterKeyBase64, "base64");
  if (master.length !== 32) throw new Error("The encryption key must be 32 bytes");
  return Buffer.from(hkdfSync("sha256", master, Buffer.alloc(0), "civic webhook secrets v1", 32));
}

export function encryptWebhookSecret(secret: string, masterKeyBase64: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", secretsKey(masterKeyBase64), iv);
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** Throws if the data was altered or encrypted under another key (GCM authenticates it). */
export function decryptWebhookSecret(stored: Uint8Array, masterKeyBase64: string): string {
  const data = Buffer.from(stored);
  if (data.length < 29) throw new Error("The stored secret is too short");
  const decipher = createDecipheriv("aes-256-gcm", secretsKey(masterKeyBase64), data.subarray(0, 12));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]).toString("utf8");
}
