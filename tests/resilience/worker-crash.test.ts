// A worker killed with SIGKILL in the middle of writing a run's results leaves nothing of them behind, and
// the run completes, once, on another worker process (BullMQ hands over a job whose lock has expired).
// A worker stopped with SIGTERM finishes the run it is writing before it exits.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { requestRun } from "../../app/server/job-runs.server";
import { createMember } from "../support/factories";
import { waitForRun } from "../support/jobs";
import { completions, killAll, startWorkerProcess, waitFor } from "../support/processes";
import { seedJudgingChallenge, someoneMidWrite, usePrivateRedis, workerEnv } from "./scenario";

let redis: Awaited<ReturnType<typeof usePrivateRedis>>;

beforeAll(async () => {
  redis = await usePrivateRedis();
});
afterAll(async () => {
  await killAll();
  await redis?.release();
});
afterEach(() => killAll("workers"));

async function results(challengeId: string) {
  const reviews = await db().selectFrom("reviews").select(["proposal_id", "judge_id", "run_id"]).where("challenge_id", "=", challengeId).execute();
  const judgeUserIds = (await db().selectFrom("judges").select("user_id").where("challenge_id", "=", challengeId).execute()).map((j) => j.user_id);
  const notices = await db().selectFrom("notifications").select("user_id")
    .where("kind", "=", "assignment_ready").where("user_id", "in", judgeUserIds).execute();
  const challenge = await db().selectFrom("challenges").select("status").where("id", "=", challengeId).executeTakeFirstOrThrow();
  const proposals = await db().selectFrom("proposals").select("status").where("challenge_id", "=", challengeId).execute();
  return { reviews, notices, challengeStatus: challenge.status, proposalStatuses: [...new Set(proposals.map((p) => p.status))] };
}

async function runStatus(runId: string) {
  return (await db().selectFrom("job_runs").select("status").where("id", "=", runId).executeTakeFirstOrThrow()).status;
}

describe("a worker process dies or is stopped in the middle of a run", () => {
  it("kill -9 mid-write: no partial results; the run completes on another worker, exactly once", async () => {
    const owner = await createMember("public_body");
    const s = await seedJudgingChallenge(owner.orgId, { proposals: 6, judges: 4, k: 2 });
    // The first worker pauses inside the transaction that writes the results (long enough to be caught there).
    const first = await startWorkerProcess(workerEnv(redis.url, { JOB_RUN_TEST_PAUSE_MS: "60000" }));
    const runId = await requestRun("assign-judges", s.challengeId, owner.user.id);

    await waitFor("the worker to be writing the run's results", async () => (await runStatus(runId)) === "running" && (await someoneMidWrite()), 30_000);
    first.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");

    // The killed worker's transaction was rolled back: nothing of the run is visible.
    const after = await results(s.challengeId);
    expect(after.reviews).toHaveLength(0);
    expect(after.notices).toHaveLength(0);
    expect(after.challengeStatus).toBe("published");
    expect(after.proposalStatuses).toEqual(["submitted"]);
    expect(await runStatus(runId)).toBe("running");

    // Another worker takes the stalled job over once its lock expires, and completes it.
    const second = await startWorkerProcess(workerEnv(redis.url));
    const run = await waitForRun(runId, 60_000);
    expect(run.status).toBe("completed");
    expect(run.result).toMatchObject({ assigned: s.expectedReviews });

    const done = await results(s.challengeId);
    expect(done.reviews).toHaveLength(s.expectedReviews);
    expect(new Set(done.reviews.map((r) => `${r.proposal_id}|${r.judge_id}`)).size).toBe(s.expectedReviews);
    expect(done.reviews.every((r) => r.run_id === runId)).toBe(true);
    // Each judge told once about their assignments, not once per attempt.
    const perJudge = new Map<string, number>();
    for (const n of done.notices) perJudge.set(n.user_id!, (perJudge.get(n.user_id!) ?? 0) + 1);
    expect([...perJudge.values()].every((n) => n === 1)).toBe(true);
    expect(perJudge.size).toBe(new Set(done.reviews.map((r) => r.judge_id)).size);
    expect(done.challengeStatus).toBe("judging");
    expect(done.proposalStatuses).toEqual(["under_review"]);

    await waitFor("the second worker to report the job completed", async () => completions(second, runId) === 1, 10_000);
    expect(completions(first, runId)).toBe(0);
    expect(await db().selectFrom("job_runs").select("id").where("challenge_id", "=", s.challengeId).execute()).toHaveLength(1);
  });

  it("SIGTERM mid-write: the worker finishes the run, then exits 0", async () => {
    const owner = await createMember("public_body");
    const s = await seedJudgingChallenge(owner.orgId, { proposals: 4, judges: 3, k: 2 });
    const worker = await startWorkerProcess(workerEnv(redis.url, { JOB_RUN_TEST_PAUSE_MS: "4000" }));
    const runId = await requestRun("assign-judges", s.challengeId, owner.user.id);

    await waitFor("the worker to be writing the run's results", async () => (await runStatus(runId)) === "running" && (await someoneMidWrite()), 30_000);
    const sentAt = Date.now();
    worker.kill("SIGTERM");
    // Still finishing: the signal did not end the process at once, and the results are not committed yet.
    await new Promise((r) => setTimeout(r, 500));
    expect(worker.proc.exitCode).toBeNull();
    expect(await runStatus(runId)).toBe("running");

    const exit = await worker.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.at.getTime() - sentAt).toBeGreaterThan(1000);
    // A process that has exited commits nothing more: what is there now is what it finished before exiting.
    expect(await runStatus(runId)).toBe("completed");
    const done = await results(s.challengeId);
    expect(done.reviews).toHaveLength(s.expectedReviews);
    expect(done.reviews.every((r) => r.run_id === runId)).toBe(true);
    expect(done.challengeStatus).toBe("judging");
    expect(completions(worker, runId)).toBe(1);
    expect(worker.output()).toContain("SIGTERM: finishing running jobs");
  });
});
