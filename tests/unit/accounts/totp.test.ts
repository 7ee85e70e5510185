// The pure second-factor logic: which TOTP step a code matches (±1 step of drift), replays refused, wrong
// and malformed codes, the key's encryption at rest, and recovery codes.
import { generateTOTP } from "@oslojs/otp";
import { describe, expect, it } from "vitest";
import {
  checkTotp, decryptTotpKey, encryptTotpKey, formatTotpKey, generateRecoveryCodes, hashRecoveryCode,
  looksLikeRecoveryCode, normaliseRecoveryCode, totpCodeAt, totpKeyUri, totpStep,
} from "../../../app/server/accounts/totp.server";

const KEY = new Uint8Array(Array.from({ length: 20 }, (_, i) => i + 1));
// RFC 6238 test vector: this ASCII key at T = 59 s gives 94287082 (8 digits); 6 digits: 287082.
const RFC_KEY = new TextEncoder().encode("12345678901234567890");
const NOW = 1_764_000_015_000; // 15 s into a step
const STEP = totpStep(NOW);

describe("TOTP steps", () => {
  it("agrees with RFC 6238 and with @oslojs/otp's own generateTOTP", () => {
    expect(totpCodeAt(RFC_KEY, 1n)).toBe("287082");
    expect(totpCodeAt(KEY, totpStep(Date.now()))).toBe(generateTOTP(KEY, 30, 6));
  });

  it("accepts the current step and one either side, and says which", () => {
    for (const offset of [-1n, 0n, 1n]) {
      expect(checkTotp(KEY, totpCodeAt(KEY, STEP + offset), NOW, null)).toEqual({ ok: true, step: STEP + offset });
    }
  });

  it("refuses codes two steps away as wrong", () => {
    expect(checkTotp(KEY, totpCodeAt(KEY, STEP - 2n), NOW, null)).toEqual({ ok: false, reason: "wrong" });
    expect(checkTotp(KEY, totpCodeAt(KEY, STEP + 2n), NOW, null)).toEqual({ ok: false, reason: "wrong" });
  });

  it("refuses a code from another key, and anything that is not six digits", () => {
    const other = new Uint8Array(20).fill(9);
    const code = totpCodeAt(other, STEP);
    const mine = [STEP - 1n, STEP, STEP + 1n].map((s) => totpCodeAt(KEY, s));
    if (!mine.includes(code)) expect(checkTotp(KEY, code, NOW, null)).toEqual({ ok: false, reason: "wrong" });
    for (const bad of ["", "12345", "1234567", "12a456", "abcdef"]) expect(checkTotp(KEY, bad, NOW, null)).toEqual({ ok: false, reason: "malformed" });
    // Spaces people type are ignored.
    const current = totpCodeAt(KEY, STEP);
    expect(checkTotp(KEY, `${current.slice(0, 3)} ${current.slice(3)}`, NOW, null).ok).toBe(true);
  });

  it("refuses a replay: a code whose step is at or before the last accepted one", () => {
    const code = totpCodeAt(KEY, STEP);
    expect(checkTotp(KEY, code, NOW, STEP)).toEqual({ ok: false, reason: "replay" });
    expect(checkTotp(KEY, code, NOW, STEP + 1n)).toEqual({ ok: false, reason: "replay" });
    expect(checkTotp(KEY, totpCodeAt(KEY, STEP - 1n), NOW, STEP)).toEqual({ ok: false, reason: "replay" });
    // The next step's code is still good after this one was used.
    expect(checkTotp(KEY, totpCodeAt(KEY, STEP + 1n), NOW, STEP)).toEqual({ ok: true, step: STEP + 1n });
    expect(checkTotp(KEY, code, NOW, STEP - 1n)).toEqual({ ok: true, step: STEP });
  });
});

describe("the TOTP key at rest", () => {
  const secret = new Uint8Array(32).fill(7);

  it("round-trips through AES-256-GCM with a fresh IV each time", () => {
    const a = encryptTotpKey(KEY, secret);
    const b = encryptTotpKey(KEY, secret);
    expect(a.equals(b)).toBe(false);
    expect(a.length).toBe(12 + KEY.length + 16);
    expect(a.includes(Buffer.from(KEY))).toBe(false);
    expect(decryptTotpKey(a, secret)).toEqual(KEY);
    expect(decryptTotpKey(b, secret)).toEqual(KEY);
  });

  it("refuses a wrong encryption key, altered data and a short key", () => {
    const stored = encryptTotpKey(KEY, secret);
    expect(() => decryptTotpKey(stored, new Uint8Array(32).fill(8))).toThrow();
    const altered = Buffer.from(stored);
    altered[15] = altered[15]! ^ 1;
    expect(() => decryptTotpKey(altered, secret)).toThrow();
    expect(() => encryptTotpKey(KEY, new Uint8Array(16))).toThrow(/32 bytes/);
  });
});

describe("enrolment details and recovery codes", () => {
  it("gives an otpauth URI and a key grouped for typing", () => {
    const uri = totpKeyUri("judge@example.org", KEY);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Civic%20Innovation%20Challenge:judge%40example\.org\?/);
    expect(uri).toContain("period=30");
    expect(formatTotpKey(KEY)).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
  });

  it("makes ten distinct codes, hashed whatever the case and dashes", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) {
      expect(c).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);
      expect(looksLikeRecoveryCode(c)).toBe(true);
      expect(hashRecoveryCode(c.toUpperCase().replace(/-/g, " "))).toBe(hashRecoveryCode(c));
      expect(hashRecoveryCode(c)).toMatch(/^[0-9a-f]{64}$/);
      expect(normaliseRecoveryCode(c)).toHaveLength(16);
    }
    expect(looksLikeRecoveryCode("123456")).toBe(false);
  });
});
