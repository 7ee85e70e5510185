// A declared conflict belongs to the judge (the person), not to one panel: over HTTP against the built server
// with the real worker, a judge who declares "I work for CoolPave" on one challenge and later joins another
// panel of the same owner is never assigned CoolPave's proposal there, by the job or by hand, and every panel's
// profile page lists the conflict.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { startWorker } from "../../jobs/worker";
import {
  addMember, closeChallenge, createChallenge, createJudge, createMember, createOrg, createProposal, createReview, createUser, sessionCookieFor,
} from "../support/factories";
import { decodeHtml, httpClient } from "../support/http-client";
import { latestRunId, waitForRun } from "../support/jobs";
import { startAppServer } from "../support/server";

let app: Awaited<ReturnType<typeof startAppServer>>;
let worker: Awaited<ReturnType<typeof startWorker>>;
let http: ReturnType<typeof httpClient>;
beforeAll(async () => {
  worker = await startWorker();
  app = await startAppServer();
  http = httpClient(app.url);
});
afterAll(async () => {
  await app?.close();
  await worker?.close();
});

type Member = Awaited<ReturnType<typeof createMember>>;

/** The owner invites `judge` to the panel through the judges page, and the judge accepts the link. */
async function joinPanel(owner: Member, challengeId: string, judge: { email: string; cookie: string }) {
  const invited = await http.post(`/my/challenges/${challengeId}/judges`, { email: judge.email }, owner.cookie);
  expect(invited.status).toBe(200);
  const token = /\/judge\/invitations\/([a-z2-7]{32})/.exec(await invited.text())?.[1];
  expect(token).toBeDefined();
  const accepted = await http.post(`/judge/invitations/${token}`, {}, judge.cookie);
  expect(accepted.status).toBe(302);
  expect(accepted.headers.get("location")).toBe(`/judging/${challengeId}/profile?notice=judge-joined`);
}

async function declare(challengeId: string, cookie: string, orgId: string, relation = "works_for") {
  const res = await http.post(`/judging/${challengeId}/profile`, { intent: "conflict", orgId, relation, note: "" }, cookie);
  expect(res.status).toBe(302);
}

async function assign(owner: Member, challengeId: string) {
  expect((await http.post(`/my/challenges/${challengeId}/assignments`, { intent: "assign" }, owner.cookie)).status).toBe(302);
  const run = await waitForRun(await latestRunId("assign-judges", challengeId));
  expect(run.status).toBe("completed");
  return run.result as { shortfalls: { proposalId: string }[] };
}

async function judgeIdOf(userId: string, challengeId: string) {
  return (await db().selectFrom("judges").select("id").where("user_id", "=", userId).where("challenge_id", "=", challengeId).executeTakeFirstOrThrow()).id;
}

const liveReviews = (judgeId: string) =>
  db().selectFrom("reviews").select(["id", "proposal_id", "status"]).where("judge_id", "=", judgeId).where("status", "!=", "recused").execute();

/** One owner, two challenges (A and B); CoolPave and another start-up apply to B; a judge with room for both. */
async function scenario(name: string) {
  const owner = await createMember("public_body");
  const a = await createChallenge(owner.orgId, { title: `Challenge A ${name}` });
  const b = await createChallenge(owner.orgId, { title: `Challenge B ${name}` });
  await db().updateTable("challenges").set({ reviews_per_proposal: 1 }).where("id", "=", b.id).execute();
  const coolpave = await createOrg("startup", { name: `CoolPave ${name}` });
  const other = await createOrg("startup");
  const conflicted = await createProposal(b.id, coolpave.id, { status: "submitted", title: `Cooler pavements ${name}` });
  const fine = await createProposal(b.id, other.id, { status: "submitted", title: `Other idea ${name}` });
  const user = await createUser();
  const judge = { ...user, cookie: await sessionCookieFor(user.id, null) };
  await joinPanel(owner, a.id, judge);
  await db().updateTable("judges").set({ capacity: 5 }).where("user_id", "=", user.id).execute();
  return { owner, a: a.id, b: b.id, coolpave, conflicted: conflicted.id, fine: fine.id, judge };
}

async function expectProfileListsConflict(challengeId: string, cookie: string, orgName: string) {
  const html = decodeHtml(await (await http.get(`/judging/${challengeId}/profile`, cookie)).text());
  expect(html).toContain(orgName);
  expect(html).not.toContain("You have not declared any conflicts");
  const data = await (await http.data(`/judging/${challengeId}/profile`, "routes/judging.$challengeId.profile", cookie)).json() as { conflicts: { name: string }[] };
  expect(data.conflicts.map((c) => c.name)).toContain(orgName);
}

describe("a conflict declared on one panel", () => {
  it("holds on a panel joined later: the assignment job never gives the judge that organisation's proposal, and the page lists it", async () => {
    const s = await scenario("later");
    await declare(s.a, s.judge.cookie, s.coolpave.id);
    await joinPanel(s.owner, s.b, s.judge);
    await db().updateTable("judges").set({ capacity: 5 }).where("user_id", "=", s.judge.id).execute();
    await closeChallenge(s.b);
    const result = await assign(s.owner, s.b);
    const judgeB = await judgeIdOf(s.judge.id, s.b);
    const mine = await liveReviews(judgeB);
    expect(mine.map((r) => r.proposal_id)).toEqual([s.fine]);
    // The only judge is conflicted, so the proposal is reported as short of judges rather than given to them.
    expect(result.shortfalls.map((x) => x.proposalId)).toEqual([s.conflicted]);
    // Nor can the owner hand it over.
    const other = await createUser();
    const otherJudge = await createJudge({ challenge_id: s.b, user_id: other.id, capacity: 5 });
    const review = await createReview({ challenge_id: s.b, proposal_id: s.conflicted, judge_id: otherJudge.id, manual: true });
    const moved = await http.post(`/my/challenges/${s.b}/assignments`, { intent: "move", reviewId: review.id, toJudgeId: judgeB }, s.owner.cookie);
    expect(moved.status).toBe(400);
    expect(decodeHtml(await moved.text())).toMatch(/conflict of interest/);
    // Panel B's profile page lists the conflict, and the owner's panel counts it.
    await expectProfileListsConflict(s.b, s.judge.cookie, s.coolpave.name);
    const panel = await (await http.data(`/my/challenges/${s.b}/judges`, "routes/my.challenges.$id.judges", s.owner.cookie)).json() as { panel: { id: string; conflicts: number }[] };
    expect(panel.panel.find((j) => j.id === judgeB)?.conflicts).toBe(1);
  });

  it("made after assignment on another panel withdraws that panel's assignment of the organisation's proposal", async () => {
    const s = await scenario("after");
    await joinPanel(s.owner, s.b, s.judge);
    await db().updateTable("judges").set({ capacity: 5 }).where("user_id", "=", s.judge.id).execute();
    await closeChallenge(s.b);
    await assign(s.owner, s.b);
    const judgeB = await judgeIdOf(s.judge.id, s.b);
    const before = await liveReviews(judgeB);
    const target = before.find((r) => r.proposal_id === s.conflicted)!;
    expect(target).toBeDefined();
    expect((await http.get(`/judging/reviews/${target.id}`, s.judge.cookie)).status).toBe(200);

    await declare(s.a, s.judge.cookie, s.coolpave.id, "advises");
    expect((await liveReviews(judgeB)).map((r) => r.proposal_id)).toEqual([s.fine]);
    expect((await http.get(`/judging/reviews/${target.id}`, s.judge.cookie)).status).toBe(404);
    await assign(s.owner, s.b);
    expect((await liveReviews(judgeB)).map((r) => r.proposal_id)).toEqual([s.fine]);
    await expectProfileListsConflict(s.b, s.judge.cookie, s.coolpave.name);
  });

  it("is one conflict: removed on any panel, it is gone from every panel", async () => {
    const s = await scenario("removed");
    await declare(s.a, s.judge.cookie, s.coolpave.id);
    await joinPanel(s.owner, s.b, s.judge);
    const data = await (await http.data(`/judging/${s.b}/profile`, "routes/judging.$challengeId.profile", s.judge.cookie)).json() as { conflicts: { id: string }[] };
    expect(data.conflicts).toHaveLength(1);
    expect((await http.post(`/judging/${s.b}/profile`, { intent: "remove-conflict", conflictId: data.conflicts[0]!.id }, s.judge.cookie)).status).toBe(302);
    for (const c of [s.a, s.b]) {
      const html = decodeHtml(await (await http.get(`/judging/${c}/profile`, s.judge.cookie)).text());
      expect(html).toContain("You have not declared any conflicts");
    }
  });

  it("declared again on another panel stays one conflict, with the latest answer", async () => {
    const s = await scenario("twice");
    await declare(s.a, s.judge.cookie, s.coolpave.id, "advises");
    await joinPanel(s.owner, s.b, s.judge);
    await declare(s.b, s.judge.cookie, s.coolpave.id, "holds_stake");
    const rows = await db().selectFrom("judge_conflicts").select("relation").where("user_id", "=", s.judge.id).execute();
    expect(rows).toEqual([{ relation: "holds_stake" }]);
  });

  it("a judge who has left an applicant organisation stays conflicted with it", async () => {
    const s = await scenario("former");
    const colleague = await createUser();
    await addMember(colleague.id, s.coolpave.id, "owner");
    await addMember(s.judge.id, s.coolpave.id, "member");
    expect((await http.post(`/organisations/${s.coolpave.id}/members`, { intent: "leave" }, s.judge.cookie)).status).toBe(302);
    await joinPanel(s.owner, s.b, s.judge);
    await db().updateTable("judges").set({ capacity: 5 }).where("user_id", "=", s.judge.id).execute();
    await expectProfileListsConflict(s.b, s.judge.cookie, s.coolpave.name);
    await closeChallenge(s.b);
    await assign(s.owner, s.b);
    expect((await liveReviews(await judgeIdOf(s.judge.id, s.b))).map((r) => r.proposal_id)).toEqual([s.fine]);
  });
});
