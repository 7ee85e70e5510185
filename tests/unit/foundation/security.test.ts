import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { describe, expect, it } from "vitest";
import { isAllowedOrigin } from "../../../app/server/csrf.server";
import { safeRedirectPath } from "../../../app/server/http.server";
import { can } from "../../../app/server/permissions.server";
import { generateSessionToken, sessionIdFromToken } from "../../../app/server/session.server";

describe("session tokens (Lucia's guide)", () => {
  it("are 20 random bytes in lower-case base32, different every time", () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateSessionToken));
    expect(tokens.size).toBe(1000);
    for (const t of tokens) expect(t).toMatch(/^[a-z2-7]{32}$/);
  });

  it("are stored only as their SHA-256", () => {
    const token = generateSessionToken();
    const id = sessionIdFromToken(token);
    expect(id).toBe(encodeHexLowerCase(sha256(new TextEncoder().encode(token))));
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(id).not.toContain(token);
  });
});

describe("CSRF origin check", () => {
  it("lets safe methods through and refuses a missing or foreign Origin on anything else", () => {
    expect(isAllowedOrigin("GET", undefined, "https://city.example")).toBe(true);
    expect(isAllowedOrigin("POST", undefined, "https://city.example")).toBe(false);
    expect(isAllowedOrigin("POST", "https://evil.example", "https://city.example")).toBe(false);
    expect(isAllowedOrigin("POST", "null", "https://city.example")).toBe(false);
    expect(isAllowedOrigin("DELETE", "https://city.example", "https://city.example")).toBe(true);
    expect(isAllowedOrigin("POST", "https://city.example.evil.example", "https://city.example")).toBe(false);
    expect(isAllowedOrigin("POST", "https://admin.city.example", "https://city.example", ["https://admin.city.example"])).toBe(true);
  });

  it("compares scheme, host and port, as browsers serialise them", () => {
    expect(isAllowedOrigin("POST", "https://city.example", "http://city.example")).toBe(false);
    expect(isAllowedOrigin("POST", "http://city.example", "https://city.example")).toBe(false);
    expect(isAllowedOrigin("POST", "https://city.example:8443", "https://city.example")).toBe(false);
    expect(isAllowedOrigin("POST", "https://city.example:443", "https://city.example")).toBe(true);
    expect(isAllowedOrigin("POST", "HTTPS://City.Example", "https://city.example")).toBe(true);
    expect(isAllowedOrigin("POST", "http://admin.city.example", "https://city.example", ["https://admin.city.example"])).toBe(false);
    expect(isAllowedOrigin("POST", "https://city.example", null)).toBe(false);
  });
});

describe("redirects after sign-in", () => {
  it.each([
    ["/my/proposals?tab=1", "/my/proposals?tab=1"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["https://evil.example/", "/"],
    ["/%0d%0aSet-Cookie:x", "/%0d%0aSet-Cookie:x"],
    ["/\tevil", "/"],
    ["", "/"],
  ])("%s → %s", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });
});

describe("permissions by kind of organisation", () => {
  const actor = (kind: "public_body" | "startup" | "corporate" | null) => ({
    org: kind ? { orgId: "o", name: "O", kind, role: "member" as const, verified: true } : null,
  });
  it.each([
    ["public_body", "create:challenge", true],
    ["public_body", "create:proposal", false],
    ["startup", "create:proposal", true],
    ["startup", "update:challenge:own", false],
    ["corporate", "create:challenge", false],
    ["corporate", "update:proposal:own", false],
    [null, "create:challenge", false],
  ] as const)("%s may %s: %s", (kind, permission, expected) => {
    expect(can(actor(kind), permission)).toBe(expected);
  });
});

