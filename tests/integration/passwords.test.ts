// Issue 12, item 4 (passwords), as NIST SP 800-63B asks: no password from the breach list, nor the
// account's own email or name, on sign-up and on a password change; at least 8 characters, no composition
// rules, and long passphrases welcome and hashed whole. Over HTTP, against the production build.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listedPasswordsOfAllowedLength } from "../../app/server/accounts/password-policy.server";
import { db } from "../../app/server/connections.server";
import { verifyPassword } from "../../app/server/password.server";
import { createUser, PASSWORD, sessionCookieFor } from "../support/factories";
import { postForm, startAppServer } from "../support/server";

let app: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(async () => {
  await app?.close();
});

let n = 0;
const freshEmail = () => `pw.${Date.now()}.${n++}@example.org`;

const post = (path: string, fields: Record<string, string>, cookie?: string) => postForm(app, path, fields, cookie);

const accountFor = (email: string) => db().selectFrom("users").select(["id", "password_hash"]).where("email", "=", email).executeTakeFirst();

const LISTED = listedPasswordsOfAllowedLength();
/** A listed password as people type it: as listed, in capitals, or with a capital first letter. */
const listed = fc.tuple(fc.constantFrom(...LISTED), fc.constantFrom("as listed", "upper", "capitalised")).map(([p, how]) =>
  how === "upper" ? p.toUpperCase() : how === "capitalised" ? p.charAt(0).toUpperCase() + p.slice(1) : p);

const WORDS = ["harbour", "lantern", "thistle", "orbit", "meadow", "copper", "violet", "granite", "puffin", "saffron", "tundra", "quill", "ember", "marble", "willow", "zephyr"];
/** A passphrase of 64 to 256 characters: words, spaces, now and then a digit or punctuation. */
const passphrase = fc.array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom("", "", "", "7", "!", ",")), { minLength: 12, maxLength: 40 })
  .map((parts) => parts.map(([w, s]) => w + s).join(" "))
  .filter((p) => p.length >= 64)
  .map((p) => p.slice(0, 256).trimEnd())
  .filter((p) => p.length >= 64);

describe("refused passwords", () => {
  it("holds a list of the breach corpus's common passwords long enough to pass the length rule", () => {
    expect(LISTED.length).toBeGreaterThan(10_000);
    expect(LISTED).toContain("password1");
  });

  it("refuses a listed password at sign-up, in any case, and creates no account", async () => {
    await fc.assert(fc.asyncProperty(listed, async (password) => {
      const email = freshEmail();
      const res = await post("/sign-up", { name: "Pat Example", email, password });
      expect(res.status, password).toBe(400);
      expect(res.text).toContain("This password is too common");
      expect(res.text).not.toContain(`value="${password}"`);
      expect(await accountFor(email)).toBeUndefined();
    }), { numRuns: 25, seed: 12 });
  });

  it("refuses a listed password as a new password, and keeps the old one", async () => {
    const user = await createUser({ twoFactor: false });
    const cookie = await sessionCookieFor(user.id, null);
    await fc.assert(fc.asyncProperty(listed, async (password) => {
      const res = await post("/account/password", { currentPassword: PASSWORD, newPassword: password }, cookie);
      expect(res.status, password).toBe(400);
      expect(res.text).toContain("This password is too common");
    }), { numRuns: 10, seed: 13 });
    expect(await verifyPassword((await accountFor(user.email))!.password_hash, PASSWORD)).toBe(true);
  });

  it.each([
    ["the email address", (email: string) => email],
    ["the email address in capitals", (email: string) => email.toUpperCase()],
    ["the email address's local part", (email: string) => email.split("@")[0]!],
    ["the name", () => "Bartholomew Example"],
    ["the name without its space", () => "bartholomewexample"],
    ["one character repeated", () => "zzzzzzzzzzzz"],
    ["seven characters", () => "x7!kq2w"],
    ["257 characters", () => "a long phrase ".repeat(19).slice(0, 257)],
  ])("refuses %s", async (_what, make) => {
    const email = freshEmail();
    const res = await post("/sign-up", { name: "Bartholomew Example", email, password: make(email) });
    expect(res.status).toBe(400);
    expect(await accountFor(email)).toBeUndefined();
  });
});

describe("accepted passwords", () => {
  it("accepts passphrases of 64 to 256 characters at sign-up and stores them whole", async () => {
    await fc.assert(fc.asyncProperty(passphrase, async (password) => {
      const email = freshEmail();
      const res = await post("/sign-up", { name: "Pat Example", email, password });
      expect(res.status, password).toBe(200);
      expect(res.text).toContain("Check your email");
      const hash = (await accountFor(email))!.password_hash;
      expect(await verifyPassword(hash, password)).toBe(true);
      // No truncation: the phrase without its last character is another password.
      expect(await verifyPassword(hash, password.slice(0, -1))).toBe(false);
    }), { numRuns: 8, seed: 14 });
  });

  it("accepts a long passphrase as a new password", async () => {
    const [password] = fc.sample(passphrase, { numRuns: 1, seed: 15 });
    const user = await createUser({ twoFactor: false });
    const res = await post("/account/password", { currentPassword: PASSWORD, newPassword: password! }, await sessionCookieFor(user.id, null));
    expect(res.status).toBe(302);
    expect(await verifyPassword((await accountFor(user.email))!.password_hash, password!)).toBe(true);
  });

  it("has no composition rules: eight lower-case letters not on the list are fine", async () => {
    const email = freshEmail();
    const res = await post("/sign-up", { name: "Pat Example", email, password: "quillbog" });
    expect(res.status).toBe(200);
    expect(await accountFor(email)).toBeDefined();
  });
});
