// Webhook signatures, the retry schedule and the secret at rest (decision 039). Signatures are checked
// against an independent implementation, the Standard Webhooks library, as well as our own verifier.
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import {
  decryptWebhookSecret, encryptWebhookSecret, generateWebhookSecret, MAX_ATTEMPTS, retryDelayMs, SECRET_PATTERN, signWebhook,
  TIMESTAMP_TOLERANCE_SECONDS, verifyWebhook, webhookHeaders,
} from "../../../app/server/webhooks/signing.server";

const KEY = Buffer.alloc(32, 7).toString("base64");
const OTHER_KEY = Buffer.alloc(32, 8).toString("base64");
const eventId = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,80}$/);
const body = fc.json();
const now = Math.floor(Date.now() / 1000);

describe("signatures", () => {
  it("makes secrets of the Standard Webhooks form, all different", () => {
    const secrets = new Set(Array.from({ length: 50 }, generateWebhookSecret));
    expect(secrets.size).toBe(50);
    for (const s of secrets) expect(s).toMatch(SECRET_PATTERN);
  });

  it("are accepted by the Standard Webhooks library, for any id and body", () => {
    const secret = generateWebhookSecret();
    const wh = new Webhook(secret);
    fc.assert(fc.property(eventId, body, (id, text) => {
      const headers = webhookHeaders(secret, id, now, text);
      const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
      expect(() => wh.verify(text, lower)).not.toThrow();
      expect(verifyWebhook(secret, { id, timestamp: String(now), signature: headers["Webhook-Signature"]! }, text, now)).toBe(true);
    }));
  });

  it("fail when the body, id, timestamp or secret differ, or the timestamp is too old or too new", () => {
    const secret = generateWebhookSecret();
    const other = generateWebhookSecret();
    fc.assert(fc.property(eventId, body, fc.string({ minLength: 1, maxLength: 5 }), fc.integer({ min: TIMESTAMP_TOLERANCE_SECONDS + 1, max: 10 ** 6 }), fc.boolean(),
      (id, text, extra, skew, later) => {
        const signature = signWebhook(secret, id, now, text);
        const h = { id, timestamp: String(now), signature };
        expect(verifyWebhook(secret, h, text + extra, now)).toBe(false);
        expect(verifyWebhook(secret, { ...h, id: id + extra }, text, now)).toBe(false);
        expect(verifyWebhook(other, h, text, now)).toBe(false);
        expect(verifyWebhook(secret, { ...h, timestamp: String(now + 1) }, text, now)).toBe(false);
        expect(verifyWebhook(secret, h, text, later ? now + skew : now - skew)).toBe(false);
      }));
  });

  it("accept any one of several space-separated signatures (a secret being rotated)", () => {
    const secret = generateWebhookSecret();
    const good = signWebhook(secret, "evt", now, "{}");
    expect(verifyWebhook(secret, { id: "evt", timestamp: String(now), signature: `v1,AAAA ${good}` }, "{}", now)).toBe(true);
  });
});

describe("the retry schedule", () => {
  const random = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

  it("waits longer after each failure, up to the cap, and stops after the last attempt", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: MAX_ATTEMPTS - 2 }), (n) => {
      expect(retryDelayMs(n + 1, 0.5)!).toBeGreaterThanOrEqual(retryDelayMs(n, 0.5)!);
    }));
    fc.assert(fc.property(fc.integer({ min: MAX_ATTEMPTS, max: 1000 }), random, (n, r) => {
      expect(retryDelayMs(n, r)).toBeNull();
    }));
  });

  it("stays within 10% of 30 s × 4ⁿ⁻¹, capped at six hours, whatever the jitter", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: MAX_ATTEMPTS - 1 }), random, (n, r) => {
      const base = Math.min(30_000 * 4 ** (n - 1), 6 * 3_600_000);
      const d = retryDelayMs(n, r)!;
      expect(d).toBeGreaterThanOrEqual(Math.floor(base * 0.9));
      expect(d).toBeLessThanOrEqual(Math.ceil(base * 1.1));
    }));
  });

  it("gives up within a day in all", () => {
    const total = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1, 0.999)!).reduce((a, b) => a + b, 0);
    expect(total).toBeLessThan(24 * 3_600_000);
    expect(() => retryDelayMs(0)).toThrow();
  });
});

describe("the secret at rest", () => {
  it("comes back as it went in, and never with another key or once altered", () => {
    fc.assert(fc.property(fc.constant(null).map(() => generateWebhookSecret()), fc.nat(), (secret, flip) => {
      const stored = encryptWebhookSecret(secret, KEY);
      expect(stored.includes(Buffer.from(secret))).toBe(false);
      expect(decryptWebhookSecret(stored, KEY)).toBe(secret);
      expect(() => decryptWebhookSecret(stored, OTHER_KEY)).toThrow();
      const altered = Buffer.from(stored);
      altered[flip % altered.length]! ^= 1;
      expect(() => decryptWebhookSecret(altered, KEY)).toThrow();
    }), { numRuns: 50 });
  });
});
