// The audit trail through the real server: sign-ins (good and bad), refusals, changes, views of proposals by
// judges and sponsors, exports; the client address comes from the socket, not from a header the client
// sends; the table refuses updates and deletes; admins search it; an applicant sees who opened their
// proposals (judges only as "Judge N") and nobody else's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRefusalAfterAnswer, settleAuditWrites } from "../../app/server/audit.server";
import { db } from "../../app/server/connections.server";
import {
  closeChallenge, createAdmin, createChallenge, createJudge, createMember, createProposal, createReview, createSponsorship, createUser, PASSWORD,
  sessionCookieFor,
} from "../support/factories";
import { ownerSql } from "../support/owner-db";
import { startAppServer } from "../support/server";

let app: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(async () => {
  await app?.close();
});

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
function get(path: string, cookie?: string, headers: Record<string, string> = {}) {
  return fetch(`${app.url}${path}`, { headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers }, redirect: "manual" });
}
function post(path: string, fields: Record<string, string>, cookie?: string, headers: Record<string, string> = {}) {
  return fetch(`${app.url}${path}`, {
    method: "POST", body: new URLSearchParams(fields).toString(), redirect: "manual",
    headers: { ...FORM, Origin: app.url, ...(cookie ? { Cookie: cookie } : {}), ...headers },
  });
}

/** Refusals are written once the response has gone; give the write a moment. */
async function eventsWhere(filter: (q: ReturnType<typeof base>) => ReturnType<typeof base>, atLeast = 1) {
  for (let i = 0; i < 50; i++) {
    const rows = await filter(base()).execute();
    if (rows.length >= atLeast) return rows;
    await new Promise((r) => setTimeout(r, 50));
  }
  return filter(base()).execute();
}
function base() {
  return db().selectFrom("audit_events").selectAll().orderBy("id");
}

describe("the trail is append-only", () => {
  it("refuses UPDATE, DELETE and TRUNCATE, even for the database owner (the app's own role may not try: database-role.test.ts)", async () => {
    await db().insertInto("audit_events").values({ action: "data.exported", ip: "192.0.2.1" }).execute();
    const owner = ownerSql();
    try {
      await expect(owner`UPDATE audit_events SET ip = '0.0.0.0'`).rejects.toThrow(/append-only/);
      await expect(owner`DELETE FROM audit_events`).rejects.toThrow(/append-only/);
      await expect(owner`TRUNCATE audit_events`).rejects.toThrow(/append-only/);
    } finally {
      await owner.end();
    }
    const still = await db().selectFrom("audit_events").select("ip").where("ip", "=", "192.0.2.1").execute();
    expect(still).toHaveLength(1);
  });
});

describe("signing in", () => {
  it("records a sign-in with the socket's address, ignoring a forged address header", async () => {
    const user = await createUser({ email: "audit.signin@example.org", twoFactor: false });
    const res = await post("/sign-in", { email: user.email, password: PASSWORD, redirectTo: "/" }, undefined, { "x-civic-client-ip": "6.6.6.6" });
    expect(res.status).toBe(302);
    const [event] = await eventsWhere((q) => q.where("action", "=", "account.signed_in").where("actor_user_id", "=", user.id));
    expect(event).toMatchObject({ ip: "127.0.0.1", method: "POST", path: "/sign-in" });
  });

  it("records a sign-out, and the session it ended no longer signs anyone in", async () => {
    const user = await createUser({ email: "audit.signout@example.org", twoFactor: false });
    const signedIn = await post("/sign-in", { email: user.email, password: PASSWORD, redirectTo: "/" });
    const cookie = signedIn.headers.get("set-cookie")!.split(";")[0]!;
    expect((await get("/account", cookie)).status).toBe(200);
    expect((await post("/sign-out", {}, cookie)).status).toBe(302);
    const [event] = await eventsWhere((q) => q.where("action", "=", "account.signed_out").where("actor_user_id", "=", user.id));
    expect(event).toMatchObject({ method: "POST", path: "/sign-out" });
    expect((await get("/account", cookie)).status).toBe(302);
  });

  it("records a failed sign-in against the account tried, and an unknown address without storing it", async () => {
    const user = await createUser({ email: "audit.fail@example.org" });
    expect((await post("/sign-in", { email: user.email, password: "wrong wrong wrong", redirectTo: "/" })).status).toBe(400);
    expect((await post("/sign-in", { email: "nobody.here@example.org", password: "wrong wrong wrong", redirectTo: "/" })).status).toBe(400);
    const failed = await eventsWhere((q) => q.where("action", "=", "account.sign_in_failed"), 2);
    const known = failed.find((e) => e.subject_id === user.id);
    expect(known).toMatchObject({ actor_user_id: null, subject_type: "user", ip: "127.0.0.1", detail: { reason: "wrong password" } });
    const unknown = failed.find((e) => (e.detail as { reason: string }).reason === "unknown account");
    expect(unknown?.subject_id).toBeNull();
    expect(JSON.stringify(failed)).not.toContain("nobody.here");
  });
});

describe("refusals", () => {
  it("records a 403 from a page, with who asked", async () => {
    const startup = await createMember("startup");
    const res = await get("/admin/audit", startup.cookie);
    expect(res.status).toBe(403);
    const [event] = await eventsWhere((q) => q.where("action", "=", "access.refused").where("actor_user_id", "=", startup.user.id));
    expect(event).toMatchObject({ method: "GET", path: "/admin/audit", actor_org_id: startup.orgId, ip: "127.0.0.1" });
  });

  it("records refusals after their answers, and shutting down waits for those still being written", async () => {
    const startup = await createMember("startup");
    const answer = await get("/admin/audit", startup.cookie);
    expect(answer.status).toBe(403);
    // As server.ts does after each 403, from twelve addresses (each under its per-minute limit), then what
    // the web process and each test file do before closing the database.
    const cookie = startup.cookie;
    for (let i = 0; i < 12; i++) auditRefusalAfterAnswer({ cookie, ip: `198.51.100.${100 + i}`, method: "POST", path: "/admin/settled" });
    await settleAuditWrites();
    const events = await eventsWhere((q) => q.where("action", "=", "access.refused").where("path", "=", "/admin/settled"));
    expect(events).toHaveLength(12);
    expect(new Set(events.map((e) => e.actor_user_id))).toEqual(new Set([startup.user.id]));
  });

  it("records a cross-site POST refused by the CSRF check", async () => {
    const res = await post("/sign-out", {}, undefined, { Origin: "https://evil.example" });
    expect(res.status).toBe(403);
    const events = await eventsWhere((q) => q.where("action", "=", "access.refused").where("path", "=", "/sign-out"));
    expect(events[0]).toMatchObject({ method: "POST", actor_user_id: null });
  });
});

describe("changes, views and exports", () => {
  it("records a challenge's publication, views by a judge, the owner and a sponsor, and a data export", async () => {
    const owner = await createMember("public_body", { name: "Olivia Owner" });
    const startup = await createMember("startup");
    const challenge = await createChallenge(owner.orgId, { status: "draft" });
    await db().updateTable("organisations").set({ verified_at: new Date() }).where("id", "=", owner.orgId).execute();
    const published = await post(`/my/challenges/${challenge.id}`, { intent: "publish", confirm: "yes" }, owner.cookie);
    expect(published.status).toBe(302);
    const proposal = await createProposal(challenge.id, startup.orgId, { status: "draft" });
    await db().updateTable("proposals").set({ status: "submitted", submitted_at: new Date() }).where("id", "=", proposal.id).execute();

    // A judge with an assigned review opens the proposal.
    const judgeUser = await createUser({ name: "Jude Judge" });
    const judge = await createJudge({ challenge_id: challenge.id, user_id: judgeUser.id, capacity: 3 });
    const review = await createReview({ challenge_id: challenge.id, proposal_id: proposal.id, judge_id: judge.id });
    await closeChallenge(challenge.id);
    const judgeCookie = await sessionCookieFor(judgeUser.id, null);
    expect((await get(`/judging/reviews/${review.id}`, judgeCookie)).status).toBe(200);
    expect((await get(`/judging/reviews/${review.id}`, judgeCookie)).status).toBe(200);

    // A second judge opens it after the first: "Judge 2", however the rows shown are limited.
    const secondJudgeUser = await createUser({ name: "Jo Second" });
    const secondJudge = await createJudge({ challenge_id: challenge.id, user_id: secondJudgeUser.id, capacity: 3 });
    const secondReview = await createReview({ challenge_id: challenge.id, proposal_id: proposal.id, judge_id: secondJudge.id });
    expect((await get(`/judging/reviews/${secondReview.id}`, await sessionCookieFor(secondJudgeUser.id, null))).status).toBe(200);

    // The challenge owner opens it too.
    expect((await get(`/my/challenges/${challenge.id}/proposals/${proposal.id}`, owner.cookie)).status).toBe(200);

    // An accepted sponsor reads the shortlist it is on.
    await db().updateTable("proposals").set({ status: "shortlisted" }).where("id", "=", proposal.id).execute();
    const sponsor = await createMember("corporate", { name: "Sam Sponsor" });
    const sponsorship = await createSponsorship({ challenge_id: challenge.id, org_id: sponsor.orgId });
    expect((await get(`/my/sponsorships/${sponsorship.id}`, sponsor.cookie)).status).toBe(200);

    const views = await eventsWhere((q) => q.where("action", "=", "proposal.viewed").where("subject_id", "=", proposal.id), 5);
    expect(views.map((v) => [v.actor_user_id, (v.detail as { as: string }).as])).toEqual([
      [judgeUser.id, "judge"], [judgeUser.id, "judge"], [secondJudgeUser.id, "judge"], [owner.user.id, "challenge owner"], [sponsor.user.id, "sponsor"],
    ]);
    expect(views.every((v) => v.subject_org_id === startup.orgId)).toBe(true);

    const publishedEvent = await eventsWhere((q) => q.where("action", "=", "challenge.published").where("subject_id", "=", challenge.id));
    expect(publishedEvent[0]).toMatchObject({ actor_user_id: owner.user.id, subject_org_id: owner.orgId });

    // The applicant sees who opened it: the judge as "Judge 1", once numbered however often they looked.
    const page = await (await get("/my/proposals/views", startup.cookie)).text();
    expect(page.match(/<td class="govuk-table__cell">Judge 1</g)).toHaveLength(2);
    expect(page.match(/<td class="govuk-table__cell">Judge 2</g)).toHaveLength(1);
    expect(page).not.toContain('<td class="govuk-table__cell">Judge 3');
    expect(page).not.toContain(judgeUser.name);
    expect(page).not.toContain(secondJudgeUser.name);
    const newestFirst = [...page.matchAll(/<td class="govuk-table__cell">(Judge \d|[A-Z][a-z]+ [A-Z][a-z]+)</g)].map((m) => m[1]);
    expect(newestFirst).toEqual([sponsor.user.name, owner.user.name, "Judge 2", "Judge 1", "Judge 1"]);
    expect(page).toContain(owner.user.name);
    expect(page).toContain(sponsor.user.name);

    // Another start-up sees none of it.
    const other = await createMember("startup");
    const otherPage = await (await get("/my/proposals/views", other.cookie)).text();
    expect(otherPage).not.toContain(proposal.title);
    expect(otherPage).toContain("Nobody outside your organisation");

    // Exporting one's data is recorded.
    expect((await get("/account/export", startup.cookie)).status).toBe(200);
    await eventsWhere((q) => q.where("action", "=", "account.exported").where("actor_user_id", "=", startup.user.id));
  });

  it("records a proposal's submission by its applicant", async () => {
    const owner = await createMember("public_body");
    const startup = await createMember("startup");
    const challenge = await createChallenge(owner.orgId, { questions: [] });
    const proposal = await createProposal(challenge.id, startup.orgId);
    const res = await post(`/my/proposals/${proposal.id}`, {
      intent: "submit", title: "An audited proposal", summary: "A summary long enough to be submitted.",
      approach: "How we would do it, described in more than fifty characters of text.",
      expectedImpact: "What changes, for whom", team: "Who we are", requestedGbp: "1000", trl: "5",
    }, startup.cookie);
    expect(res.status).toBe(302);
    const [event] = await eventsWhere((q) => q.where("action", "=", "proposal.submitted").where("subject_id", "=", proposal.id));
    expect(event).toMatchObject({ actor_user_id: startup.user.id, subject_org_id: startup.orgId });
  });
});

describe("the admin search", () => {
  it("finds events by action, person and date, and is for admins only", async () => {
    const admin = await createAdmin();
    const target = await createUser({ name: "Searchable Person", email: "searchable.person@example.org", twoFactor: false });
    await post("/sign-in", { email: target.email, password: "not the password", redirectTo: "/" });
    await post("/sign-in", { email: target.email, password: PASSWORD, redirectTo: "/" });
    await eventsWhere((q) => q.where("subject_id", "=", target.id));

    const byAction = await (await post("/admin/audit", { action: "account.sign_in_failed", who: "", page: "1" }, admin.cookie)).text();
    const cell = (label: string) => `<td class="govuk-table__cell app-break">${label}`;
    expect(byAction).toContain(cell("Failed sign-in"));
    expect(byAction).not.toContain(cell("Signed in"));

    const byWho = await (await post("/admin/audit", { who: "searchable.person", page: "1" }, admin.cookie)).text();
    expect(byWho).toContain(cell("Signed in"));
    expect(byWho).toContain("searchable.person@example.org");

    const future = await (await post("/admin/audit", { from: "2999-01-01", page: "1" }, admin.cookie)).text();
    expect(future).toContain("No events match");

    const bad = await post("/admin/audit", { from: "yesterday", to: "", page: "1" }, admin.cookie);
    expect(bad.status).toBe(400);
    const badPage = await bad.text();
    expect(badPage).toContain("govuk-error-summary");
    expect(badPage).toContain("Enter a date in the format YYYY-MM-DD");

    const startup = await createMember("startup");
    expect((await post("/admin/audit", { who: "searchable" }, startup.cookie)).status).toBe(403);
    expect((await get("/admin/audit")).status).toBe(302);
  });
});
