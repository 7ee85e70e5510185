// The second factor through the real HTTP server: enrolment, the sign-in step, replay refusal (also under a
// parallel double submit), single-use recovery codes, judges and admins sent to enrol, throttling, audit.
import { decodeBase64 } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCodeAt, totpStep } from "../../app/server/accounts/totp.server";
import { replaceRecoveryCodes } from "../../app/server/accounts/two-factor.server";
import { db } from "../../app/server/connections.server";
import { SESSION_COOKIE } from "../../app/server/session.server";
import {
  createAdmin, createChallenge, createJudge, createMember, createUser, nextTotpCode, PASSWORD, sessionCookieFor, TEST_TOTP_KEY,
} from "../support/factories";
import { expectThrottledPage, siteClient, startAppServer } from "../support/server";

let app: Awaited<ReturnType<typeof startAppServer>>;

beforeAll(async () => {
  app = await startAppServer();
});
afterAll(async () => {
  await app?.close();
});

const get = (path: string, cookie?: string) => siteClient(app).get(path, cookie);
const post = (path: string, fields: Record<string, string>, cookie?: string) => siteClient(app).post(path, fields, cookie);
function cookieFrom(res: Response): string {
  const token = new RegExp(`${SESSION_COOKIE}=([a-z2-7]{32})`).exec(res.headers.get("set-cookie") ?? "")?.[1];
  expect(token, "a session cookie").toBeDefined();
  return `${SESSION_COOKIE}=${token}`;
}

/** Password step: answers a cookie for a session waiting for its second factor. */
async function signInWithPassword(email: string, redirectTo = "/admin") {
  const res = await post("/sign-in", { email, password: PASSWORD, redirectTo });
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toBe(`/sign-in/two-factor?redirectTo=${encodeURIComponent(redirectTo)}`);
  return cookieFrom(res);
}

async function auditActions(userId: string) {
  const rows = await db().selectFrom("audit_events").select(["action", "detail"]).where("actor_user_id", "=", userId).orderBy("id").execute();
  return rows;
}

async function makeJudge(userId: string) {
  const owner = await createMember("public_body");
  const challenge = await createChallenge(owner.orgId);
  await createJudge({ challenge_id: challenge.id, user_id: userId });
}

describe("enrolling", () => {
  it("shows a QR code and key, turns on with a current code, then shows ten recovery codes once", async () => {
    const user = await createUser({ twoFactor: false });
    const cookie = await sessionCookieFor(user.id, null);
    const page = await get("/account/two-factor", cookie);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("data:image/svg+xml;base64,");
    const key = /name="key" value="([^"]+)"/.exec(html)?.[1];
    expect(key).toBeDefined();
    const raw = decodeBase64(key!);

    const wrong = await post("/account/two-factor", { intent: "enable", key: key!, code: "000000" === generateTOTP(raw, 30, 6) ? "111111" : "000000" }, cookie);
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain(key!); // the same key again, so the app just set up keeps working

    const ok = await post("/account/two-factor", { intent: "enable", key: key!, code: generateTOTP(raw, 30, 6), redirectTo: "/judging" }, cookie);
    expect(ok.status).toBe(200);
    const codes = [...(await ok.text()).matchAll(/<code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})<\/code>/g)].map((m) => m[1]);
    expect(codes).toHaveLength(10);

    const row = await db().selectFrom("users").select(["totp_key", "two_factor_enabled_at", "totp_last_step"]).where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.two_factor_enabled_at).not.toBeNull();
    expect(row.totp_last_step).not.toBeNull();
    // Encrypted at rest: neither the raw key nor its base32 appears in the stored bytes.
    expect(Buffer.from(row.totp_key!).includes(Buffer.from(raw))).toBe(false);
    const stored = await db().selectFrom("recovery_codes").select("code_hash").where("user_id", "=", user.id).execute();
    expect(stored).toHaveLength(10);
    expect(stored.map((s) => s.code_hash)).not.toContain(codes[0]);

    // This browser just gave the second factor: still signed in. The page no longer shows a key.
    expect((await get("/account", cookie)).status).toBe(200);
    const after = await (await get("/account/two-factor", cookie)).text();
    expect(after).not.toContain('name="key"');
    expect(after).toContain("10 unused recovery codes");
    expect((await auditActions(user.id)).map((a) => a.action)).toContain("account.two_factor_enabled");
  });

  it("sends an admin or a judge without a second factor to enrol before anything else", async () => {
    const admin = await createAdmin({ twoFactor: false });
    const toAdmin = await get("/admin/themes", admin.cookie);
    expect(toAdmin.status).toBe(302);
    expect(toAdmin.headers.get("location")).toBe(`/account/two-factor?redirectTo=${encodeURIComponent("/admin/themes")}`);
    // Acting is refused the same way, and admin powers do not apply on public pages either.
    const act = await post("/admin/themes", { name: "Sneaky theme", description: "x" }, admin.cookie);
    expect(act.status).toBe(302);
    expect(act.headers.get("location")).toMatch(/^\/account\/two-factor/);
    const enrol = await get("/account/two-factor", admin.cookie);
    expect(enrol.status).toBe(200);
    expect(await enrol.text()).toContain("must set up two-factor authentication");

    const judge = await createUser({ twoFactor: false });
    await makeJudge(judge.id);
    const judgeCookie = await sessionCookieFor(judge.id, null);
    const toJudging = await get("/judging", judgeCookie);
    expect(toJudging.status).toBe(302);
    expect(toJudging.headers.get("location")).toBe(`/account/two-factor?redirectTo=${encodeURIComponent("/judging")}`);

    // Someone who is neither may use the site without one.
    const member = await createUser({ twoFactor: false });
    expect((await get("/judging", await sessionCookieFor(member.id, null))).status).toBe(200);
  });

  it("sends an admin or a judge without a second factor from the password step straight to enrolment", async () => {
    const admin = await createAdmin({ twoFactor: false });
    const res = await post("/sign-in", { email: admin.user.email, password: PASSWORD, redirectTo: "/" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/account/two-factor?redirectTo=${encodeURIComponent("/")}`);
    const judge = await createUser({ twoFactor: false });
    await makeJudge(judge.id);
    const judged = await post("/sign-in", { email: judge.email, password: PASSWORD, redirectTo: "/judging" });
    expect(judged.headers.get("location")).toBe(`/account/two-factor?redirectTo=${encodeURIComponent("/judging")}`);
    // Anyone else goes where they were going.
    const member = await createUser({ twoFactor: false });
    const plain = await post("/sign-in", { email: member.email, password: PASSWORD, redirectTo: "/challenges" });
    expect(plain.headers.get("location")).toBe("/challenges");
  });

  it("cannot be turned off by a judge or an admin; can by anyone else, with a current code", async () => {
    const admin = await createAdmin();
    const refused = await post("/account/two-factor", { intent: "disable", code: await nextTotpCode(admin.user.id) }, admin.cookie);
    expect(refused.status).toBe(403);

    const user = await createUser();
    const cookie = await sessionCookieFor(user.id, null);
    const off = await post("/account/two-factor", { intent: "disable", code: await nextTotpCode(user.id) }, cookie);
    expect(off.status).toBe(302);
    expect(off.headers.get("location")).toBe("/account?notice=two-factor-off");
    const row = await db().selectFrom("users").select(["totp_key", "two_factor_enabled_at"]).where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ totp_key: null, two_factor_enabled_at: null });
  });

  it("throttles wrong codes on the account page too: a 429 page with Retry-After", async () => {
    const user = await createUser();
    const cookie = await sessionCookieFor(user.id, null);
    const right = await nextTotpCode(user.id);
    const wrongCode = right === "000000" ? "000001" : "000000";
    for (let i = 0; i < 5; i++) expect((await post("/account/two-factor", { intent: "regenerate", code: wrongCode }, cookie)).status).toBe(400);
    await expectThrottledPage(await post("/account/two-factor", { intent: "regenerate", code: right }, cookie), /Too many wrong security codes/);
  });

  it("makes new recovery codes only with a current code", async () => {
    const user = await createUser();
    const cookie = await sessionCookieFor(user.id, null);
    const old = await replaceRecoveryCodes(user.id);
    expect((await post("/account/two-factor", { intent: "regenerate", code: "12345" }, cookie)).status).toBe(400);
    const res = await post("/account/two-factor", { intent: "regenerate", code: await nextTotpCode(user.id) }, cookie);
    expect(res.status).toBe(200);
    const codes = [...(await res.text()).matchAll(/<code>([a-z2-7-]{19})<\/code>/g)].map((m) => m[1]);
    expect(codes).toHaveLength(10);
    expect(codes).not.toContain(old[0]);
  });
});

describe("signing in with a second factor", () => {
  it("keeps a session waiting for its code out of every protected page, then lets it in once", async () => {
    const admin = await createAdmin();
    await makeJudge(admin.user.id);
    const pending = await signInWithPassword(admin.user.email);

    for (const path of ["/admin", "/judging", "/account", "/my/overview", "/organisations"]) {
      const res = await get(path, pending);
      expect(res.status, path).toBe(302);
      expect(res.headers.get("location"), path).toBe(`/sign-in/two-factor?redirectTo=${encodeURIComponent(path)}`);
    }
    // It cannot act either.
    const act = await post("/admin/themes", { name: "Pending theme", description: "Should not exist" }, pending);
    expect(act.status).toBe(302);
    expect(act.headers.get("location")).toMatch(/^\/sign-in\/two-factor/);
    expect(await db().selectFrom("themes").select("id").where("name", "=", "Pending theme").executeTakeFirst()).toBeUndefined();
    // Public pages treat it as a visitor.
    const home = await (await get("/", pending)).text();
    expect(home).not.toContain("Sign out");
    expect((await get("/sign-in/two-factor", pending)).status).toBe(200);

    const code = await nextTotpCode(admin.user.id);
    const ok = await post("/sign-in/two-factor", { code, redirectTo: "/admin" }, pending);
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("/admin");
    expect((await get("/admin", pending)).status).toBe(200);
    expect((await get("/judging", pending)).status).toBe(200);

    // The same code on a second sign-in is a replay, and that sign-in stays locked out.
    const second = await signInWithPassword(admin.user.email);
    const replay = await post("/sign-in/two-factor", { code, redirectTo: "/admin" }, second);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("already been used");
    expect((await get("/admin", second)).status).toBe(302);

    const events = await auditActions(admin.user.id);
    expect(events.find((e) => e.action === "account.signed_in")?.detail).toEqual({ second_factor: "totp" });
    expect(events.find((e) => e.action === "account.two_factor_failed")?.detail).toEqual({ reason: "replay" });
  });

  it("accepts one code exactly once when it is submitted twice at the same moment", async () => {
    const judge = await createUser();
    await makeJudge(judge.id);
    const a = await signInWithPassword(judge.email, "/judging");
    const b = await signInWithPassword(judge.email, "/judging");
    const code = await nextTotpCode(judge.id);
    const results = await Promise.all([a, b].map((cookie) => post("/sign-in/two-factor", { code, redirectTo: "/judging" }, cookie)));
    expect(results.map((r) => r.status).sort()).toEqual([302, 400]);
    const winner = results[0]!.status === 302 ? a : b;
    const loser = winner === a ? b : a;
    expect((await get("/judging", winner)).status).toBe(200);
    expect((await get("/judging", loser)).status).toBe(302);
  });

  it("refuses a code from a step already used even if it is a different, older code", async () => {
    const user = await createUser();
    const pending = await signInWithPassword(user.email, "/account");
    const step = totpStep(Date.now());
    // The next step's code was accepted already (a fast clock); the current code is inside the window but
    // not after it: refused.
    await db().updateTable("users").set({ totp_last_step: (step + 1n).toString() }).where("id", "=", user.id).execute();
    const older = await post("/sign-in/two-factor", { code: totpCodeAt(TEST_TOTP_KEY, step) }, pending);
    expect(older.status).toBe(400);
    expect(await older.text()).toContain("already been used");
  });

  it("accepts each recovery code once", async () => {
    const admin = await createAdmin();
    const [code] = await replaceRecoveryCodes(admin.user.id);
    const first = await signInWithPassword(admin.user.email);
    const ok = await post("/sign-in/two-factor", { code: code!.toUpperCase(), redirectTo: "/admin" }, first);
    expect(ok.status).toBe(302);
    expect((await get("/admin", first)).status).toBe(200);

    const second = await signInWithPassword(admin.user.email);
    const again = await post("/sign-in/two-factor", { code: code!, redirectTo: "/admin" }, second);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("already been used");
    expect((await get("/admin", second)).status).toBe(302);

    const actions = (await auditActions(admin.user.id)).map((e) => e.action);
    expect(actions).toContain("account.recovery_code_used");
    expect(actions.filter((a) => a === "account.recovery_code_used")).toHaveLength(1);
    const used = await db().selectFrom("recovery_codes").select("used_at").where("user_id", "=", admin.user.id).where("used_at", "is not", null).execute();
    expect(used).toHaveLength(1);
  });

  it("throttles wrong codes: after five, even the right code gets 429 for a while", async () => {
    const user = await createUser();
    const pending = await signInWithPassword(user.email, "/account");
    const right = await nextTotpCode(user.id);
    const wrongCode = right === "000000" ? "000001" : "000000";
    for (let i = 0; i < 5; i++) expect((await post("/sign-in/two-factor", { code: wrongCode }, pending)).status).toBe(400);
    await expectThrottledPage(await post("/sign-in/two-factor", { code: right }, pending), /Too many wrong security codes/);
    expect((await get("/account", pending)).status).toBe(302);
    const failures = (await auditActions(user.id)).filter((e) => e.action === "account.two_factor_failed");
    expect(failures).toHaveLength(5);
    expect(failures[0]!.detail).toEqual({ reason: "wrong" });
  });

  it("lets a waiting sign-in be abandoned, and sends other visitors to the password step", async () => {
    const user = await createUser();
    const pending = await signInWithPassword(user.email, "/account");
    const out = await post("/sign-out", {}, pending);
    expect(out.status).toBe(302);
    expect((await get("/sign-in/two-factor", pending)).headers.get("location")).toMatch(/^\/sign-in\?redirectTo=/);
    expect((await get("/sign-in/two-factor")).headers.get("location")).toBe("/sign-in?redirectTo=%2F");
    expect((await post("/sign-in/two-factor", { code: "123456" })).headers.get("location")).toBe("/sign-in");
  });

  it("signs in users without a second factor in one step, as before", async () => {
    const user = await createUser({ twoFactor: false });
    const res = await post("/sign-in", { email: user.email, password: PASSWORD, redirectTo: "/account" });
    expect(res.headers.get("location")).toBe("/account");
    expect((await get("/account", cookieFrom(res))).status).toBe(200);
  });
});
