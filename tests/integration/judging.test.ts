// Judging end to end through loaders, actions and the real worker: invitations, conflicts, the
// assignment job, blind review, recusal, the scoring job, shortlisting and feedback.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as invitation from "../../app/routes/judge.invitations.$token";
import * as judgingHome from "../../app/routes/judging._index";
import * as profile from "../../app/routes/judging.$challengeId.profile";
import * as reviewPage from "../../app/routes/judging.reviews.$reviewId";
import * as assignments from "../../app/routes/my.challenges.$id.assignments";
import * as judges from "../../app/routes/my.challenges.$id.judges";
import * as results from "../../app/routes/my.challenges.$id.results";
import * as proposalPage from "../../app/routes/my.proposals.$id";
import { db } from "../../app/server/connections.server";
import { startWorker } from "../../jobs/worker";
import {
  addMember, closeChallenge, createChallenge, createJudge, createMember, createOrg, createProposal, createUser, sessionCookieFor,
} from "../support/factories";
import { latestRunId, waitForRun } from "../support/jobs";
import { call, getRequest, postRequest } from "../support/requests";
import { startAppServer } from "../support/server";

// Strings that identify one applicant; none may reach a judge of the blind challenge.
const PLANTED = ["Zephyrine Analytics", "Ottoline Quackenbush", "ottoline@zephyrine.example", "zephyrine.example", "Crew of Ottoline"];

let worker: Awaited<ReturnType<typeof startWorker>>;
let app: Awaited<ReturnType<typeof startAppServer>>;
const s = {} as {
  owner: Awaited<ReturnType<typeof createMember>>;
  challengeId: string;
  startups: Awaited<ReturnType<typeof createMember>>[];
  proposals: string[];
  judges: { userId: string; judgeId: string; cookie: string }[];
};

async function addJudge(challengeId: string, capacity: number, expertise = "", themes: string[] = []) {
  const user = await createUser();
  const judge = await createJudge({ challenge_id: challengeId, user_id: user.id, capacity, expertise, themes });
  return { userId: user.id, judgeId: judge.id, cookie: await sessionCookieFor(user.id, null) };
}

async function runJob(route: typeof assignments | typeof results, intent: "assign" | "score", kind: string) {
  const res = await call(route.action, postRequest(`/my/challenges/${s.challengeId}/x`, { intent }, s.owner.cookie), { id: s.challengeId });
  expect(res.status).toBe(302);
  return waitForRun(await latestRunId(kind, s.challengeId));
}

async function reviewRows() {
  return db().selectFrom("reviews").select(["id", "proposal_id", "judge_id", "status"]).where("challenge_id", "=", s.challengeId)
    .orderBy("proposal_id").orderBy("judge_id").execute();
}

beforeAll(async () => {
  worker = await startWorker();
  app = await startAppServer();
  s.owner = await createMember("public_body");
  s.challengeId = (await createChallenge(s.owner.orgId, { blind: true, title: "Blind air quality challenge" })).id;
  await db().updateTable("challenges").set({ reviews_per_proposal: 2 }).where("id", "=", s.challengeId).execute();
  // Three applicants; the first is the one whose identity is planted everywhere.
  const zephyrine = await createOrg("startup", { name: "Zephyrine Analytics" });
  await db().updateTable("organisations").set({ website: "https://www.zephyrine.example" }).where("id", "=", zephyrine.id).execute();
  const founder = await createUser({ name: "Ottoline Quackenbush", email: "ottoline@zephyrine.example" });
  await addMember(founder.id, zephyrine.id, "owner");
  s.startups = [
    { user: founder, orgId: zephyrine.id, cookie: await sessionCookieFor(founder.id, zephyrine.id) },
    await createMember("startup"),
    await createMember("startup"),
  ];
  s.proposals = [];
  for (const [i, st] of s.startups.entries()) {
    const p = await createProposal(s.challengeId, st.orgId, { status: "submitted", title: i === 0 ? "Zephyrine Analytics air sensors" : `Proposal ${i}` });
    s.proposals.push(p.id);
  }
  await db().updateTable("proposals").set({
    summary: "Built by Zephyrine Analytics, led by Ottoline Quackenbush (ottoline@zephyrine.example). See zephyrine.example.",
    team: "Crew of Ottoline",
  }).where("id", "=", s.proposals[0]!).execute();
  s.judges = [
    await addJudge(s.challengeId, 3, "air quality sensors and pollution monitoring", ["climate"]),
    await addJudge(s.challengeId, 3, "community health"),
    await addJudge(s.challengeId, 1, "finance"),
  ];
  await closeChallenge(s.challengeId);
});

afterAll(async () => {
  await app?.close();
  await worker?.close();
});

describe("judge invitations", () => {
  it("the owner invites by email; the link joins the panel once and only once", async () => {
    const res = await call(judges.action, postRequest(`/my/challenges/${s.challengeId}/judges`, { email: "new.judge@example.org" }, s.owner.cookie), { id: s.challengeId });
    expect(res.status).toBe(200);
    const link = (res.body as { invited: { link: string } }).invited.link;
    const token = link.split("/").pop()!;
    const stored = await db().selectFrom("judge_invitations").select(["token_hash", "email"]).where("challenge_id", "=", s.challengeId).executeTakeFirstOrThrow();
    expect(stored.email).toBe("new.judge@example.org");
    expect(stored.token_hash).not.toBe(token);

    const invitee = await createUser();
    const cookie = await sessionCookieFor(invitee.id, null);
    const page = await call(invitation.loader, getRequest(`/judge/invitations/${token}`), { token });
    expect(page.body).toMatchObject({ state: "open", signedIn: false });
    const accepted = await call(invitation.action, postRequest(`/judge/invitations/${token}`, {}, cookie), { token });
    expect(accepted.status).toBe(302);
    const judge = await db().selectFrom("judges").select("id").where("user_id", "=", invitee.id).where("challenge_id", "=", s.challengeId).executeTakeFirst();
    expect(judge).toBeDefined();
    const other = await createUser();
    const again = await call(invitation.action, postRequest(`/judge/invitations/${token}`, {}, await sessionCookieFor(other.id, null)), { token });
    expect(again.status).toBe(400);
    // This judge leaves again so the panel below stays as designed.
    await db().deleteFrom("judges").where("id", "=", judge!.id).execute();
  });

  it("an expired or unknown link does not join", async () => {
    const res = await call(judges.action, postRequest(`/my/challenges/${s.challengeId}/judges`, { email: "late@example.org" }, s.owner.cookie), { id: s.challengeId });
    const token = (res.body as { invited: { link: string } }).invited.link.split("/").pop()!;
    await db().updateTable("judge_invitations").set({ expires_at: new Date(Date.now() - 1000) }).where("email", "=", "late@example.org").execute();
    const user = await createUser();
    const cookie = await sessionCookieFor(user.id, null);
    expect((await call(invitation.action, postRequest(`/judge/invitations/${token}`, {}, cookie), { token })).status).toBe(400);
    expect((await call(invitation.loader, getRequest("/judge/invitations/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), { token: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" })).status).toBe(404);
  });

  it("only the owning public body (or an admin) manages the panel", async () => {
    const otherBody = await createMember("public_body");
    const startup = await createMember("startup");
    expect((await call(judges.loader, getRequest(`/my/challenges/${s.challengeId}/judges`, otherBody.cookie), { id: s.challengeId })).status).toBe(404);
    expect((await call(judges.loader, getRequest(`/my/challenges/${s.challengeId}/judges`, startup.cookie), { id: s.challengeId })).status).toBe(403);
    expect((await call(assignments.action, postRequest(`/my/challenges/${s.challengeId}/assignments`, { intent: "assign" }, otherBody.cookie), { id: s.challengeId })).status).toBe(404);
    expect((await call(judges.action, postRequest(`/my/challenges/${s.challengeId}/judges`, { email: "" }, s.owner.cookie), { id: s.challengeId })).status).toBe(400);
  });
});

describe("conflicts and the assignment job", () => {
  it("two clicks start one run", async () => {
    const a = await call(assignments.action, postRequest(`/my/challenges/${s.challengeId}/assignments`, { intent: "assign" }, s.owner.cookie), { id: s.challengeId });
    const b = await call(assignments.action, postRequest(`/my/challenges/${s.challengeId}/assignments`, { intent: "assign" }, s.owner.cookie), { id: s.challengeId });
    expect([a.status, b.status]).toEqual([302, 302]);
    const runs = await db().selectFrom("job_runs").select(["id"]).where("challenge_id", "=", s.challengeId).where("kind", "=", "assign-judges").execute();
    expect(runs).toHaveLength(1);
    const run = await waitForRun(runs[0]!.id);
    expect(run).toMatchObject({ status: "completed", progress: 100 });
  });

  it("never assigns a conflicted judge, respects capacity, and reports shortfalls", async () => {
    // Judge 0 works for applicant 1 (membership); judge 1 declares a conflict with applicant 2.
    await addMember(s.judges[0]!.userId, s.startups[1]!.orgId);
    const declared = await call(profile.action, postRequest(`/judging/${s.challengeId}/profile`, { intent: "conflict", orgId: s.startups[2]!.orgId, relation: "advises" }, s.judges[1]!.cookie), { challengeId: s.challengeId });
    expect(declared.status).toBe(302);
    const run = await runJob(assignments, "assign", "assign-judges");
    expect(run.status).toBe("completed");
    const rows = await reviewRows();
    const has = (p: number, j: number) => rows.some((r) => r.proposal_id === s.proposals[p] && r.judge_id === s.judges[j]!.judgeId);
    expect(has(1, 0)).toBe(false);
    expect(has(2, 1)).toBe(false);
    for (const j of s.judges) {
      const capacity = (await db().selectFrom("judges").select("capacity").where("id", "=", j.judgeId).executeTakeFirstOrThrow()).capacity;
      expect(rows.filter((r) => r.judge_id === j.judgeId).length).toBeLessThanOrEqual(capacity);
    }
    // 3 proposals × 2 = 6 wanted; capacities 3 + 3 + 1 = 7 but conflicts leave proposal 1 and 2 one judge each from 0/1 plus judge 2 (capacity 1).
    const result = run.result as { assigned: number; shortfalls: { proposalId: string; missing: number }[] };
    const missing = result.shortfalls.reduce((t, x) => t + x.missing, 0);
    expect(rows.length + missing).toBe(6);
    for (const sf of result.shortfalls) {
      expect(rows.filter((r) => r.proposal_id === sf.proposalId).length).toBe(2 - sf.missing);
    }
    const page = await call(assignments.loader, getRequest(`/my/challenges/${s.challengeId}/assignments`, s.owner.cookie), { id: s.challengeId });
    expect(page.body).toMatchObject({ run: { status: "completed" } });
    // The challenge and its proposals have moved into judging.
    expect((await db().selectFrom("challenges").select("status").where("id", "=", s.challengeId).executeTakeFirstOrThrow()).status).toBe("judging");
  });

  it("a second run of the same job leaves the same rows, not duplicates", async () => {
    const before = (await reviewRows()).map((r) => `${r.proposal_id}|${r.judge_id}`);
    await runJob(assignments, "assign", "assign-judges");
    const after = (await reviewRows()).map((r) => `${r.proposal_id}|${r.judge_id}`);
    expect(after).toEqual(before);
    expect(new Set(after).size).toBe(after.length);
  });

  it("a hand move refuses a conflicted judge and a judge at capacity", async () => {
    const rows = await reviewRows();
    const onProposal1 = rows.find((r) => r.proposal_id === s.proposals[1] && r.status === "assigned");
    expect(onProposal1).toBeDefined();
    const toConflicted = await call(assignments.action, postRequest(`/my/challenges/${s.challengeId}/assignments`, { intent: "move", reviewId: onProposal1!.id, toJudgeId: s.judges[0]!.judgeId }, s.owner.cookie), { id: s.challengeId });
    expect(toConflicted.status).toBe(400);
    expect(toConflicted.text).toMatch(/conflict of interest|already has this proposal/);
    expect((await db().selectFrom("reviews").select("judge_id").where("id", "=", onProposal1!.id).executeTakeFirstOrThrow()).judge_id).toBe(onProposal1!.judge_id);
  });
});

describe("what a judge sees", () => {
  async function myReviews(j: number) {
    return db().selectFrom("reviews").select(["id", "proposal_id", "status"]).where("judge_id", "=", s.judges[j]!.judgeId).execute();
  }

  it("only their own assignments: another judge's review is not found", async () => {
    const mine = await myReviews(0);
    const theirs = await myReviews(1);
    expect(mine.length).toBeGreaterThan(0);
    expect((await call(reviewPage.loader, getRequest(`/judging/reviews/${mine[0]!.id}`, s.judges[0]!.cookie), { reviewId: mine[0]!.id })).status).toBe(200);
    const res = await call(reviewPage.loader, getRequest(`/judging/reviews/${theirs[0]!.id}`, s.judges[0]!.cookie), { reviewId: theirs[0]!.id });
    expect(res.status).toBe(404);
    const write = await call(reviewPage.action, postRequest(`/judging/reviews/${theirs[0]!.id}`, { intent: "save" }, s.judges[0]!.cookie), { reviewId: theirs[0]!.id });
    expect(write.status).toBe(404);
  });

  it("a blind challenge's judge pages and data hold none of the applicant's identifying strings", async () => {
    const holder = (await db().selectFrom("reviews").select(["id", "judge_id"]).where("proposal_id", "=", s.proposals[0]!).where("status", "!=", "recused").execute())[0]!;
    const judge = s.judges.find((j) => j.judgeId === holder.judge_id)!;
    const outputs = [
      (await call(reviewPage.loader, getRequest(`/judging/reviews/${holder.id}`, judge.cookie), { reviewId: holder.id })).text,
      (await call(judgingHome.loader, getRequest("/judging", judge.cookie))).text,
      await (await fetch(`${app.url}/judging/reviews/${holder.id}`, { headers: { Cookie: judge.cookie } })).text(),
      await (await fetch(`${app.url}/judging/reviews/${holder.id}?_data=routes/judging.reviews.$reviewId`, { headers: { Cookie: judge.cookie } })).text(),
      await (await fetch(`${app.url}/judging`, { headers: { Cookie: judge.cookie } })).text(),
    ];
    expect(outputs[0]).toContain("[applicant]");
    for (const out of outputs) for (const planted of PLANTED) expect(out.toLowerCase()).not.toContain(planted.toLowerCase());
  });

  it("a judge who declares a conflict afterwards loses access to that proposal", async () => {
    const target = (await myReviews(1)).find((r) => r.proposal_id === s.proposals[0]);
    if (!target) return expect.fail("judge 1 should review proposal 0");
    await call(profile.action, postRequest(`/judging/${s.challengeId}/profile`, { intent: "conflict", orgId: s.startups[0]!.orgId, relation: "holds_stake" }, s.judges[1]!.cookie), { challengeId: s.challengeId });
    expect((await call(reviewPage.loader, getRequest(`/judging/reviews/${target.id}`, s.judges[1]!.cookie), { reviewId: target.id })).status).toBe(404);
    // Re-running offers the proposal to someone else, never to the conflicted judge.
    await runJob(assignments, "assign", "assign-judges");
    const rows = await reviewRows();
    expect(rows.some((r) => r.proposal_id === s.proposals[0] && r.judge_id === s.judges[1]!.judgeId && r.status !== "recused")).toBe(false);
  });
});

describe("reviewing", () => {
  async function criteria() {
    return db().selectFrom("rubric_criteria").select(["id"]).where("challenge_id", "=", s.challengeId).orderBy("position").execute();
  }

  it("saves a draft, refuses an incomplete submission with field messages, then submits", async () => {
    const j = s.judges[0]!;
    const review = (await db().selectFrom("reviews").select("id").where("judge_id", "=", j.judgeId).where("status", "=", "assigned").executeTakeFirstOrThrow());
    const [c1, c2] = await criteria();
    const draft = await call(reviewPage.action, postRequest(`/judging/reviews/${review.id}`, { intent: "save", [`scores.${c1!.id}.score`]: "4", comment: "Promising" }, j.cookie), { reviewId: review.id });
    expect(draft.status).toBe(302);
    expect((await db().selectFrom("reviews").select("status").where("id", "=", review.id).executeTakeFirstOrThrow()).status).toBe("in_progress");
    const incomplete = await call(reviewPage.action, postRequest(`/judging/reviews/${review.id}`, { intent: "submit", [`scores.${c1!.id}.score`]: "4" }, j.cookie), { reviewId: review.id });
    expect(incomplete.status).toBe(400);
    expect(Object.keys((incomplete.body as { errors: { fields: object } }).errors.fields)).toEqual([`scores.${c2!.id}.score`]);
    const bad = await call(reviewPage.action, postRequest(`/judging/reviews/${review.id}`, { intent: "submit", [`scores.${c1!.id}.score`]: "7" }, j.cookie), { reviewId: review.id });
    expect(bad.status).toBe(400);
    const done = await call(reviewPage.action, postRequest(`/judging/reviews/${review.id}`, { intent: "submit", [`scores.${c1!.id}.score`]: "4", [`scores.${c2!.id}.score`]: "3", [`scores.${c2!.id}.comment`]: "Tight budget", comment: "Good plan" }, j.cookie), { reviewId: review.id });
    expect(done.status).toBe(302);
    const locked = await call(reviewPage.action, postRequest(`/judging/reviews/${review.id}`, { intent: "save", [`scores.${c1!.id}.score`]: "0" }, j.cookie), { reviewId: review.id });
    expect(locked.status).toBe(400);
    expect((await db().selectFrom("review_scores").select("score").where("review_id", "=", review.id).where("criterion_id", "=", c1!.id).executeTakeFirstOrThrow()).score).toBe(4);
  });

  it("a judge recuses; the pair is recorded as a conflict and never assigned again", async () => {
    const j = s.judges[2]!;
    const review = await db().selectFrom("reviews").select(["id", "proposal_id"]).where("judge_id", "=", j.judgeId).where("status", "=", "assigned").executeTakeFirst();
    if (!review) return; // the small judge may have had nothing left to do
    const res = await call(reviewPage.action, postRequest(`/judging/reviews/${review.id}`, { intent: "recuse", reason: "Former colleague" }, j.cookie), { reviewId: review.id });
    expect(res.status).toBe(302);
    expect((await db().selectFrom("judge_conflicts").select("relation").where("judge_id", "=", j.judgeId).where("proposal_id", "=", review.proposal_id).executeTakeFirstOrThrow()).relation).toBe("recused");
    await runJob(assignments, "assign", "assign-judges");
    const again = await db().selectFrom("reviews").select("status").where("judge_id", "=", j.judgeId).where("proposal_id", "=", review.proposal_id).execute();
    expect(again.map((r) => r.status)).toEqual(["recused"]);
  });
});

describe("scoring, shortlisting and feedback", () => {
  async function submitAll() {
    const cs = await db().selectFrom("rubric_criteria").select("id").where("challenge_id", "=", s.challengeId).orderBy("position").execute();
    for (const [i, j] of s.judges.entries()) {
      const open = await db().selectFrom("reviews").select(["id", "proposal_id"]).where("judge_id", "=", j.judgeId).where("status", "in", ["assigned", "in_progress"]).execute();
      for (const r of open) {
        const base = s.proposals.indexOf(r.proposal_id) + 1 + (i === 1 ? -1 : 0); // judge 1 is harsh
        const form: Record<string, string> = { intent: "submit", comment: `Overall view ${r.proposal_id.slice(0, 4)}` };
        for (const c of cs) {
          form[`scores.${c.id}.score`] = String(Math.max(0, Math.min(5, base)));
          form[`scores.${c.id}.comment`] = "Criterion remark";
        }
        expect((await call(reviewPage.action, postRequest(`/judging/reviews/${r.id}`, form, j.cookie), { reviewId: r.id })).status).toBe(302);
      }
    }
  }

  it("scores every reviewed proposal in one run; a second run leaves the same rows", async () => {
    await submitAll();
    const first = await runJob(results, "score", "score-proposals");
    expect(first.status).toBe("completed");
    const rows = await db().selectFrom("proposal_scores").selectAll().where("challenge_id", "=", s.challengeId).orderBy("rank").execute();
    const reviewed = new Set((await db().selectFrom("reviews").select("proposal_id").where("challenge_id", "=", s.challengeId).where("status", "=", "submitted").execute()).map((r) => r.proposal_id));
    expect(rows.map((r) => r.proposal_id).sort()).toEqual([...reviewed].sort());
    expect(rows.map((r) => r.rank)).toEqual(rows.map((_, i) => i + 1));
    for (const r of rows) {
      expect(r.calibrated).toBeGreaterThanOrEqual(0);
      expect(r.calibrated).toBeLessThanOrEqual(5);
      expect(r.uncertainty).toBeGreaterThan(0);
      expect(r.run_id).toBe(first.id);
    }
    const second = await runJob(results, "score", "score-proposals");
    const again = await db().selectFrom("proposal_scores").select(["proposal_id", "rank", "calibrated"]).where("challenge_id", "=", s.challengeId).orderBy("rank").execute();
    expect(again).toEqual(rows.map((r) => ({ proposal_id: r.proposal_id, rank: r.rank, calibrated: r.calibrated })));
    expect(second.id).not.toBe(first.id);
  });

  it("the owner sees a ranked table sortable by raw or calibrated score", async () => {
    const byCal = await call(results.loader, getRequest(`/my/challenges/${s.challengeId}/results`, s.owner.cookie), { id: s.challengeId });
    const cal = (byCal.body as { ranked: { calibrated: number; raw: number }[] }).ranked;
    expect(cal.map((r) => r.calibrated)).toEqual([...cal.map((r) => r.calibrated)].sort((a, b) => b - a));
    const byRaw = await call(results.loader, getRequest(`/my/challenges/${s.challengeId}/results?sort=raw`, s.owner.cookie), { id: s.challengeId });
    const raw = (byRaw.body as { ranked: { raw: number }[] }).ranked;
    expect(raw.map((r) => r.raw)).toEqual([...raw.map((r) => r.raw)].sort((a, b) => b - a));
  });

  it("shortlists, releases feedback, and the start-up reads scores and comments without judges' names", async () => {
    const ranked = (await db().selectFrom("proposal_scores").select("proposal_id").where("challenge_id", "=", s.challengeId).orderBy("rank").execute()).map((r) => r.proposal_id);
    const startupIndex = s.proposals.indexOf(ranked[0]!);
    const st = s.startups[startupIndex]!;
    const before = await call(proposalPage.loader, getRequest(`/my/proposals/${ranked[0]}`, st.cookie), { id: ranked[0]! });
    expect((before.body as { feedback: unknown }).feedback).toBeNull();

    expect((await call(results.action, postRequest(`/my/challenges/${s.challengeId}/results`, { intent: "shortlist", shortlist: [ranked[0]!] }, s.owner.cookie), { id: s.challengeId })).status).toBe(302);
    const statuses = await db().selectFrom("proposals").select(["id", "status"]).where("id", "in", ranked).execute();
    for (const p of statuses) expect(p.status).toBe(p.id === ranked[0] ? "shortlisted" : "not_shortlisted");
    expect((await call(results.action, postRequest(`/my/challenges/${s.challengeId}/results`, { intent: "release", confirm: "yes" }, s.owner.cookie), { id: s.challengeId })).status).toBe(302);

    const after = await call(proposalPage.loader, getRequest(`/my/proposals/${ranked[0]}`, st.cookie), { id: ranked[0]! });
    const feedback = (after.body as { feedback: { calibrated: number; rank: number; criteria: { comments: string[] }[]; overall: { reviewer: string }[] } }).feedback;
    expect(feedback.rank).toBe(1);
    const comments = feedback.criteria.flatMap((c) => c.comments);
    expect(comments.length).toBeGreaterThan(0);
    for (const c of comments) expect(["Criterion remark", "Tight budget"]).toContain(c);
    expect(feedback.overall[0]!.reviewer).toBe("Reviewer 1");
    const judgeUsers = await db().selectFrom("users").innerJoin("judges", "judges.user_id", "users.id").select(["users.name", "users.email", "judges.id"]).where("judges.challenge_id", "=", s.challengeId).execute();
    for (const u of judgeUsers) {
      expect(after.text).not.toContain(u.name);
      expect(after.text).not.toContain(u.email);
      expect(after.text).not.toContain(u.id);
    }
    // Another start-up cannot read it.
    expect((await call(proposalPage.loader, getRequest(`/my/proposals/${ranked[0]}`, s.startups[(startupIndex + 1) % 3]!.cookie), { id: ranked[0]! })).status).toBe(404);
  });
});
