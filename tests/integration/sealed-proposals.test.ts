// Before the closing date the challenge owner sees counts only (decision 003): over HTTP against the built
// server, every route under /my/challenges/:id of the build (each page and its `?_data=` request), the owner's
// other pages, their personal-data export and their mail hold no submitted proposal's title, applicant
// organisation or applicant member's name, whatever judging, sponsorship or pairing rows already exist.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import {
  addMember, createAdmin, createChallenge, createJudge, createMember, createOrg, createPairing, createProposal, createReview, createSponsorship,
  createUser, sessionCookieFor,
} from "../support/factories";
import { decodeHtml, httpClient } from "../support/http-client";
import { concretePath, loadBuild, manifestRoutes, type Programme, type WalkRoute } from "../support/route-walk";
import { startAppServer } from "../support/server";

let app: Awaited<ReturnType<typeof startAppServer>>;
let http: ReturnType<typeof httpClient>;
let routes: WalkRoute[];
const s = {} as {
  owner: Awaited<ReturnType<typeof createMember>>;
  adminCookie: string;
  challengeId: string;
  proposalIds: string[];
  planted: string[];
};

beforeAll(async () => {
  app = await startAppServer();
  http = httpClient(app.url);
  routes = manifestRoutes(await loadBuild()).filter((r) => r.hasLoader);
  s.owner = await createMember("public_body");
  s.adminCookie = (await createAdmin()).cookie;
  s.challengeId = (await createChallenge(s.owner.orgId, { title: "Open challenge with sealed proposals" })).id;
  s.proposalIds = [];
  s.planted = [];
  // Three applicants, each with a named member; their proposals submitted, one withdrawn and one draft too.
  for (const [i, status] of (["submitted", "submitted", "withdrawn", "draft"] as const).entries()) {
    const org = await createOrg("startup", { name: `Quillfeather Ventures ${i}` });
    const person = await createUser({ name: `Marisol Vantongeren ${i}` });
    await addMember(person.id, org.id, "owner");
    const p = await createProposal(s.challengeId, org.id, { status, title: `Sealed idea number ${i} for the owner` });
    await db().updateTable("proposals").set({ created_by: person.id }).where("id", "=", p.id).execute();
    s.proposalIds.push(p.id);
    s.planted.push(org.name, person.name, p.title);
  }
  // Rows that exist before the deadline in odd histories (the deadline moved after judging began):
  // a judge with an assignment and a conflict, a score, a pairing. None may reveal an applicant.
  const judgeUser = await createUser();
  const judge = await createJudge({ challenge_id: s.challengeId, user_id: judgeUser.id, capacity: 3 });
  const firstOrg = (await db().selectFrom("proposals").select("org_id").where("id", "=", s.proposalIds[0]!).executeTakeFirstOrThrow()).org_id;
  await db().insertInto("judge_conflicts").values({ judge_id: judge.id, org_id: firstOrg, relation: "advises" }).execute();
  await createReview({ challenge_id: s.challengeId, proposal_id: s.proposalIds[1]!, judge_id: judge.id, manual: true });
  const run = await db().insertInto("job_runs").values({
    kind: "assign-judges", challenge_id: s.challengeId, status: "completed", progress: 100,
    result: sql`cast(${JSON.stringify({ assigned: 1, proposals: 2, judges: 1, shortfalls: s.proposalIds.slice(0, 2).map((proposalId) => ({ proposalId, needed: 3, assigned: 0, missing: 3 })) })}::text as jsonb)`,
  }).returning("id").executeTakeFirstOrThrow();
  await db().insertInto("proposal_scores").values({
    challenge_id: s.challengeId, proposal_id: s.proposalIds[0]!, run_id: run.id, raw: 3, calibrated: 3, uncertainty: 0.5, rank: 1,
    review_count: 1, disagreement: false, passes_thresholds: true, criterion_means: sql`'{}'::jsonb`,
  }).execute();
  const corporate = await createMember("corporate");
  const sponsorship = await createSponsorship({ challenge_id: s.challengeId, org_id: corporate.orgId });
  await createPairing({
    challenge_id: s.challengeId, proposal_id: s.proposalIds[0]!, sponsorship_id: sponsorship.id, fit: 0.5,
  });
});

afterAll(async () => {
  await app?.close();
});

function expectNoApplicant(where: string, text: string) {
  const plain = decodeHtml(text).toLowerCase();
  for (const planted of s.planted) expect(plain, `${where} shows “${planted}”`).not.toContain(planted.toLowerCase());
  // Nor the applicants' organisations in a shortened form.
  expect(plain, where).not.toContain("quillfeather");
  expect(plain, where).not.toContain("vantongeren");
}

/** Every URL of the owner's routes for this challenge, one per proposal where the route names one. */
function ownerPaths(): { path: string; routeId: string }[] {
  const programme = { closedChallengeId: s.challengeId, proposalId: "" } as Programme;
  return routes.filter((r) => r.path.startsWith("/my/challenges/:id")).flatMap((r) =>
    (r.path.includes(":proposalId") ? s.proposalIds : [""]).map((proposalId) => ({
      path: concretePath(r.path, { ...programme, proposalId })!, routeId: r.id,
    })));
}

describe("before the closing date", () => {
  it("covers the owner's routes of the build", () => {
    const paths = ownerPaths().map((p) => p.path);
    expect(paths.length).toBeGreaterThanOrEqual(8 + s.proposalIds.length);
    expect(paths).toContain(`/my/challenges/${s.challengeId}/assignments`);
  });

  for (const who of ["owner", "admin"] as const) {
    it(`no page or data request of the challenge names an applicant or a proposal, for the ${who}`, async () => {
      const cookie = who === "owner" ? s.owner.cookie : s.adminCookie;
      let answered = 0;
      for (const { path, routeId } of ownerPaths()) {
        const page = await http.get(path, cookie);
        expect(page.status, path).toBeLessThan(500);
        expectNoApplicant(`${path} (${page.status})`, await page.text());
        const data = await http.data(path, routeId, cookie);
        expect(data.status, `${path} data`).toBeLessThan(500);
        expectNoApplicant(`${path} data (${data.status})`, await data.text());
        if (page.status === 200) answered++;
      }
      // The pages themselves still answer: the owner sees them, with counts.
      expect(answered).toBeGreaterThanOrEqual(who === "owner" ? 8 : 6);
    });
  }

  it("the owner's pages say how many proposals there are, and no more", async () => {
    for (const tail of ["", "/assignments", "/dashboard"]) {
      const html = decodeHtml(await (await http.get(`/my/challenges/${s.challengeId}${tail}`, s.owner.cookie)).text());
      expect(html, tail).toMatch(/2 proposals (have been )?submitted/);
    }
  });

  it("nor do the owner's other pages, export or mail", async () => {
    for (const path of ["/my/challenges", "/my/overview", `/challenges/${s.challengeId}`, "/dashboard", "/judging", "/account/export", "/organisations"]) {
      const res = await http.get(path, s.owner.cookie);
      expect(res.status, path).toBe(200);
      expectNoApplicant(path, await res.text());
    }
    const mail = await db().selectFrom("notifications").select(["subject", "body"]).where("user_id", "=", s.owner.user.id).execute();
    expectNoApplicant("the owner's notifications", JSON.stringify(mail));
  });
});

describe("after the closing date", () => {
  it("the owner reads the submitted proposals and who sent them", async () => {
    await db().updateTable("challenges").set({ opens_at: sql`now() - interval '30 days'`, closes_at: sql`now() - interval '1 minute'` })
      .where("id", "=", s.challengeId).execute();
    const html = decodeHtml(await (await http.get(`/my/challenges/${s.challengeId}`, s.owner.cookie)).text());
    expect(html).toContain("Sealed idea number 0 for the owner");
    expect(html).toContain("Quillfeather Ventures 1");
    expect(html).not.toContain("Sealed idea number 3 for the owner"); // a draft, never
    const assignments = decodeHtml(await (await http.get(`/my/challenges/${s.challengeId}/assignments`, s.owner.cookie)).text());
    expect(assignments).toContain("Sealed idea number 1 for the owner");
  });
});

// A member of the owner's organisation acting for it is the owner too: the same session rules apply.
it("a colleague of the owner sees the same", async () => {
  const colleague = await createUser();
  await addMember(colleague.id, s.owner.orgId, "member");
  const cookie = await sessionCookieFor(colleague.id, s.owner.orgId);
  const fresh = (await createChallenge(s.owner.orgId, { title: "Second open challenge" })).id;
  const org = await createOrg("startup", { name: "Brindlewick Systems" });
  await createProposal(fresh, org.id, { status: "submitted", title: "Brindlewick sealed proposal" });
  for (const tail of ["", "/assignments", "/results", "/pairing"]) {
    const text = decodeHtml(await (await http.get(`/my/challenges/${fresh}${tail}`, cookie)).text());
    expect(text, tail).not.toContain("Brindlewick");
  }
});
