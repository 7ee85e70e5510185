// Every place that sends a user on to a target they supplied (redirectTo), through the production build
// over HTTP: signing in, the second-factor step, signing up, the sign-in pages visited while signed in, and
// the link shown after setting up a second factor, and creating an organisation. Whatever the target, the browser stays on this site.
import { decodeBase64 } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { replaceRecoveryCodes } from "../../app/server/accounts/two-factor.server";
import { createUser, PASSWORD, sessionCookieFor } from "../support/factories";
import { siteClient, startAppServer } from "../support/server";

let app: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(async () => {
  await app?.close();
});

/** Targets that leave the site if taken as written, or once the browser has resolved them. */
const HOSTILE = [
  "//evil.example", "/.//evil.example", "/..//evil.example", "/a/..//evil.example", "/a/b/../..//evil.example/x?y#z",
  "/%2e//evil.example", "/%2E%2E//evil.example", "/.%2e//evil.example", "/\\evil.example", "/.\\/evil.example", "\\\\evil.example",
  "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/%2f/evil.example", "/%5c/evil.example", "/%5C%5Cevil.example",
  "https://evil.example", "HTTPS://evil.example", "hTtPs:/evil.example", "https:evil.example", "javascript:alert(1)", " //evil.example",
];

const get = (path: string, cookie?: string) => siteClient(app).get(path, cookie);
const post = (path: string, fields: Record<string, string>, cookie?: string) => siteClient(app).post(path, fields, cookie);

/** Where the browser goes from a Location header (or link), resolved from the page that answered and again from there. */
function expectOurs(target: string | null, from: string, what: string) {
  expect(target, what).not.toBeNull();
  const ours = new URL(app.url).origin;
  const landed = new URL(target!, `${app.url}${from}`);
  expect(landed.origin, `${what}: ${target}`).toBe(ours);
  expect(new URL(target!, landed).origin, `${what}: ${target} again from ${landed.href}`).toBe(ours);
}

// Dozens of sign-ins (each through argon2) per test: more than the default 5 s on a busy machine.
describe("redirectTo never leaves the site", { timeout: 60_000 }, () => {
  it("signing in with a password", async () => {
    const user = await createUser({ twoFactor: false });
    for (const target of HOSTILE) {
      const res = await post("/sign-in", { email: user.email, password: PASSWORD, redirectTo: target });
      expect(res.status, JSON.stringify(target)).toBe(302);
      expectOurs(res.headers.get("location"), "/sign-in", `sign-in ${JSON.stringify(target)}`);
    }
  });

  it("the password step of a user with a second factor, and the code step", async () => {
    const user = await createUser();
    let codes: string[] = [];
    for (const target of HOSTILE) {
      const step = await post("/sign-in", { email: user.email, password: PASSWORD, redirectTo: target });
      expect(step.status).toBe(302);
      const location = step.headers.get("location")!;
      expect(location).toMatch(/^\/sign-in\/two-factor\?redirectTo=/);
      // What the code page would post back, from its query string...
      const carried = new URL(location, app.url).searchParams.get("redirectTo")!;
      expectOurs(carried, "/sign-in/two-factor", `carried ${JSON.stringify(target)}`);
      // ...and what an attacker's own form posts instead.
      for (const redirectTo of [carried, target]) {
        if (codes.length === 0) codes = await replaceRecoveryCodes(user.id);
        const pending = await sessionCookieFor(user.id, null, { twoFactorVerified: false });
        const res = await post("/sign-in/two-factor", { code: codes.pop()!, redirectTo }, pending);
        expect(res.status, JSON.stringify(redirectTo)).toBe(302);
        expectOurs(res.headers.get("location"), "/sign-in/two-factor", `code step ${JSON.stringify(redirectTo)}`);
      }
    }
  });

  it("signing up, and confirming the address from the e-mailed link", async () => {
    let n = 0;
    for (const target of HOSTILE) {
      const email = `ada.${n++}@example.org`;
      const res = await post("/sign-up", { name: "Ada Lovelace", email, password: "a long pass phrase", redirectTo: target });
      expect(res.status, JSON.stringify(target)).toBe(200); // "Check your email": the target travels in the link
      const body = (await db().selectFrom("notifications").select("body").where("to_email", "=", email).executeTakeFirstOrThrow()).body;
      const link = /(https?:\/\/\S*\/confirm-email\/[a-z2-7]{32}\S*)/.exec(body)?.[1];
      expect(link, `a confirmation link for ${email}`).toBeDefined();
      const path = link!.slice(new URL(link!).origin.length);
      const confirmed = await post(path, {});
      expect(confirmed.status, JSON.stringify(target)).toBe(302);
      expectOurs(confirmed.headers.get("location"), path, `confirming ${JSON.stringify(target)}`);
      const next = new URL(confirmed.headers.get("location")!, app.url).searchParams.get("redirectTo");
      if (next) expectOurs(next, "/sign-in", `after confirming ${JSON.stringify(target)}`);
    }
  });

  it("the sign-in pages visited while already signed in", async () => {
    const user = await createUser({ twoFactor: false });
    const cookie = await sessionCookieFor(user.id, null);
    for (const target of HOSTILE) {
      const q = `?redirectTo=${encodeURIComponent(target)}`;
      for (const page of ["/sign-in", "/sign-in/two-factor"]) {
        const res = await get(`${page}${q}`, cookie);
        expect(res.status, `${page} ${JSON.stringify(target)}`).toBe(302);
        expectOurs(res.headers.get("location"), page, `${page} ${JSON.stringify(target)}`);
      }
    }
  });

  it("creating an organisation, sent from a challenge page", async () => {
    const user = await createUser();
    const cookie = await sessionCookieFor(user.id, null);
    for (const [i, target] of HOSTILE.entries()) {
      const res = await post("/organisations/new", { name: `Safe Redirects ${i} Ltd`, kind: "startup", description: "", redirectTo: target }, cookie);
      expect(res.status, JSON.stringify(target)).toBe(302);
      expectOurs(res.headers.get("location"), "/organisations/new", `new organisation ${JSON.stringify(target)}`);
    }
    // A target of ours is honoured.
    const ours = await post("/organisations/new", { name: "Back To The Challenge Ltd", kind: "startup", description: "", redirectTo: "/challenges/abc" }, cookie);
    expect(ours.headers.get("location")).toBe("/challenges/abc");
  });

  it("the link on to the page asked for, after setting up a second factor", async () => {
    for (const target of HOSTILE.slice(0, 12)) {
      const user = await createUser({ twoFactor: false });
      const cookie = await sessionCookieFor(user.id, null);
      const key = /name="key" value="([^"]+)"/.exec(await (await get("/account/two-factor", cookie)).text())![1]!;
      const res = await post("/account/two-factor", { intent: "enable", key, code: generateTOTP(decodeBase64(key), 30, 6), redirectTo: target }, cookie);
      expect(res.status).toBe(200);
      const html = await res.text();
      const href = /<a[^>]*href="([^"]*)"[^>]*>I have saved my recovery codes/.exec(html)?.[1] ?? null;
      expectOurs(href && href.replace(/&amp;/g, "&"), "/account/two-factor", `enrolment link ${JSON.stringify(target)}`);
    }
  });
});
