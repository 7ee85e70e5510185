// Redis stops for 30 seconds while people keep using the site: start-ups submit proposals (receipts go to
// the notifications outbox), judges submit reviews, owners start "Assign judges" and "Score proposals" (rows
// in the job_runs outbox). The web answers every request without a server error; when Redis comes back —
// empty, as a crashed in-memory Redis does — every job requested runs exactly once and every notice is
// delivered once. The app runs in this process against the private Redis; the worker is its own process.
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { createMember, createChallenge, PASSWORD } from "../support/factories";
import { waitForRun } from "../support/jobs";
import { startAppServer } from "../support/server";
import { completions, killAll, startWorkerProcess, waitFor, type Child } from "../support/processes";
import { seedJudgingChallenge, usePrivateRedis, workerEnv } from "./scenario";
import { completeProposalForm } from "../support/proposal-form";

const OUTAGE_MS = 30_000;

let redis: Awaited<ReturnType<typeof usePrivateRedis>>;
let app: Awaited<ReturnType<typeof startAppServer>>;
let worker: Child;

beforeAll(async () => {
  redis = await usePrivateRedis();
  app = await startAppServer();
  worker = await startWorkerProcess(workerEnv(redis.url));
});
afterAll(async () => {
  await killAll();
  await app?.close();
  await redis?.release();
});

interface Answer {
  what: string;
  status: number;
  location: string | null;
  ms: number;
}
const answers: Answer[] = [];

async function send(what: string, path: string, cookie?: string, form?: Record<string, string>): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(`${app.url}${path}`, {
    method: form ? "POST" : "GET",
    redirect: "manual",
    // A request that hangs while Redis is away is as much a failure as an error page.
    signal: AbortSignal.timeout(15_000),
    headers: {
      Origin: app.url,
      ...(cookie ? { Cookie: cookie } : {}),
      ...(form ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
    },
    body: form ? new URLSearchParams(form) : undefined,
  });
  await res.arrayBuffer();
  const answer = { what, status: res.status, location: res.headers.get("location"), ms: Math.round(performance.now() - started) };
  answers.push(answer);
  if (process.env.RESILIENCE_DEBUG) console.log(answer); // RESILIENCE_DEBUG=1 prints every answer
  return answer;
}

it("a 30-second Redis outage loses no job and no notice; afterwards each runs exactly once", async () => {
  // --- The programme before the outage --------------------------------------------------------------
  const owner = await createMember("public_body");
  const scored = await seedJudgingChallenge(owner.orgId, { proposals: 4, judges: 3, k: 2 });
  const toAssign: Awaited<ReturnType<typeof seedJudgingChallenge>>[] = [];
  for (let i = 0; i < 4; i++) toAssign.push(await seedJudgingChallenge(owner.orgId, { proposals: 4, judges: 3, k: 2 }));
  const open = await createChallenge(owner.orgId);
  const question = await db().selectFrom("eligibility_questions").select("id").where("challenge_id", "=", open.id).executeTakeFirstOrThrow();
  const startups: Awaited<ReturnType<typeof createMember>>[] = [];
  for (let i = 0; i < 8; i++) startups.push(await createMember("startup"));

  // Everything works with Redis up: the first challenge's judges are assigned through the page.
  expect((await send("assign (before)", `/my/challenges/${scored.challengeId}/assignments`, owner.cookie, { intent: "assign" })).status).toBe(302);
  const assignRun = await db().selectFrom("job_runs").select("id").where("challenge_id", "=", scored.challengeId).executeTakeFirstOrThrow();
  expect((await waitForRun(assignRun.id, 30_000)).status).toBe("completed");
  const reviews = await db().selectFrom("reviews").innerJoin("judges", "judges.id", "reviews.judge_id")
    .select(["reviews.id", "judges.user_id"]).where("reviews.challenge_id", "=", scored.challengeId).execute();
  expect(reviews).toHaveLength(scored.expectedReviews);
  const criteria = await db().selectFrom("rubric_criteria").select("id").where("challenge_id", "=", scored.challengeId).execute();
  answers.length = 0;

  // --- Redis goes away; people keep working ---------------------------------------------------------
  await redis.stop();
  const outageStarted = Date.now();
  const actions: (() => Promise<void>)[] = [];
  const expectStatus = (a: Answer, status: number) => expect(a, a.what).toMatchObject({ status });

  // Start-ups start and submit proposals (each submission records a receipt in the notifications outbox).
  for (const [i, st] of startups.entries()) {
    actions.push(async () => {
      const applied = await send(`apply ${i}`, `/challenges/${open.id}/apply`, st.cookie, {});
      expectStatus(applied, 302);
      const proposalId = /\/my\/proposals\/([0-9a-f-]+)/.exec(applied.location ?? "")?.[1];
      expectStatus(await send(`submit ${i}`, `/my/proposals/${proposalId}`, st.cookie, completeProposalForm(question.id)), 302);
    });
  }
  // Judges submit their reviews of the first challenge.
  for (const [i, r] of reviews.entries()) {
    const judge = scored.judges.find((j) => j.userId === r.user_id)!;
    const form: Record<string, string> = { intent: "submit", comment: "Clear and feasible." };
    for (const c of criteria) form[`scores.${c.id}.score`] = String((i + criteria.indexOf(c)) % 6);
    actions.push(async () => expectStatus(await send(`review ${i}`, `/judging/reviews/${r.id}`, judge.cookie, form), 302));
  }
  // Owners start "Assign judges" on other challenges, some twice (a double click).
  for (const [i, c] of toAssign.entries()) {
    actions.push(async () => expectStatus(await send(`assign ${i}`, `/my/challenges/${c.challengeId}/assignments`, owner.cookie, { intent: "assign" }), 302));
    if (i % 2 === 0) actions.push(async () => expectStatus(await send(`assign ${i} again`, `/my/challenges/${c.challengeId}/assignments`, owner.cookie, { intent: "assign" }), 302));
  }
  // Once every review is in, the owner scores the first challenge (twice, too).
  for (const again of ["", " again"]) {
    actions.push(async () => expectStatus(await send(`score${again}`, `/my/challenges/${scored.challengeId}/results`, owner.cookie, { intent: "score" }), 302));
  }
  // Sign-in is throttled through Redis: it must still work, and still refuse a wrong password.
  actions.push(async () => expectStatus(await send("sign in", "/sign-in", undefined, { email: startups[0]!.user.email, password: PASSWORD, redirectTo: "/" }), 302));
  actions.push(async () => expectStatus(await send("wrong password", "/sign-in", undefined, { email: startups[1]!.user.email, password: "not the password" }), 400));
  actions.push(async () => expectStatus(await send("my proposals", "/my/proposals", startups[0]!.cookie), 200));

  // Spread over the whole outage, one after another as a queue of users would arrive.
  const gap = OUTAGE_MS / actions.length;
  for (const [i, action] of actions.entries()) {
    const due = outageStarted + i * gap;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    await action();
  }
  // Keep browsing until the 30 seconds are up.
  while (Date.now() - outageStarted < OUTAGE_MS) {
    expectStatus(await send("browse", "/challenges", startups[2]!.cookie), 200);
    await new Promise((r) => setTimeout(r, 500));
  }
  expect(answers.filter((a) => a.status >= 500)).toEqual([]);
  const during = await db().selectFrom("job_runs").select(["id", "kind", "challenge_id", "status"]).where("created_at", ">=", new Date(outageStarted)).execute();
  expect(during).toHaveLength(toAssign.length + 1);
  expect(during.every((r) => r.status === "queued")).toBe(true);
  expect(await db().selectFrom("notifications").select("id").where("kind", "=", "proposal_submitted").where("status", "=", "queued").execute())
    .toHaveLength(startups.length);

  // --- Redis returns, empty -------------------------------------------------------------------------
  await redis.start();
  for (const run of during) expect((await waitForRun(run.id, 90_000)).status, `${run.kind} ${run.challenge_id}`).toBe("completed");
  await waitFor("every notice to be delivered", async () =>
    (await db().selectFrom("notifications").select("id").where("status", "=", "queued").execute()).length === 0, 60_000, 250);

  // The new Redis held none of the worker's schedules (the outbox dispatcher among them): it registered them again.
  expect(worker.output()).toContain("schedules missing from Redis");

  // Every run exactly once: one row per request (double clicks included), one completed job each.
  const runs = await db().selectFrom("job_runs").select(["id", "kind", "challenge_id", "status"]).execute();
  expect(runs).toHaveLength(1 + toAssign.length + 1);
  expect(runs.every((r) => r.status === "completed")).toBe(true);
  await waitFor("the worker's completion logs", async () => during.every((r) => completions(worker, r.id) >= 1), 10_000);
  for (const r of runs) expect(completions(worker, r.id), `${r.kind} ${r.challenge_id}`).toBe(1);

  // Their results exactly once.
  for (const c of [scored, ...toAssign]) {
    const rows = await db().selectFrom("reviews").select(["proposal_id", "judge_id"]).where("challenge_id", "=", c.challengeId).execute();
    expect(rows).toHaveLength(c.expectedReviews);
    expect(new Set(rows.map((r) => `${r.proposal_id}|${r.judge_id}`)).size).toBe(c.expectedReviews);
  }
  const scoreRun = runs.find((r) => r.kind === "score-proposals")!;
  const scores = await db().selectFrom("proposal_scores").select(["proposal_id", "run_id", "review_count"]).where("challenge_id", "=", scored.challengeId).execute();
  expect(scores).toHaveLength(scored.proposals.length);
  expect(scores.every((s) => s.run_id === scoreRun.id && s.review_count === 2)).toBe(true);

  // Every notice once: a receipt per submitted proposal, one "assignments ready" per judge per challenge.
  const notices = await db().selectFrom("notifications").select(["kind", "user_id", "status"]).execute();
  expect(notices.every((n) => n.status === "stored")).toBe(true);
  const receipts = notices.filter((n) => n.kind === "proposal_submitted");
  expect(receipts).toHaveLength(startups.length);
  expect(new Set(receipts.map((n) => n.user_id))).toEqual(new Set(startups.map((s) => s.user.id)));
  const assigned = notices.filter((n) => n.kind === "assignment_ready");
  const judgeUsers = [scored, ...toAssign].flatMap((c) => c.judges.map((j) => j.userId));
  expect(assigned).toHaveLength(judgeUsers.length);
  expect(new Set(assigned.map((n) => n.user_id))).toEqual(new Set(judgeUsers));
  expect(await db().selectFrom("proposals").select("id").where("challenge_id", "=", open.id).where("status", "=", "submitted").execute())
    .toHaveLength(startups.length);
});
