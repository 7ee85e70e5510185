// The worker process's job loop against real Redis and PostgreSQL.
import { QueueEvents, type Job } from "bullmq";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { bullPrefix, workerConnection } from "../../jobs/connection";
import { enqueue, queue, QUEUES } from "../../jobs/queues";
import { dispatchQueuedRuns, requeueLostRuns } from "../../jobs/dispatch-runs";
import { executeRun, type RunContext } from "../../jobs/runs";
import { startWorker } from "../../jobs/worker";
import { createChallenge, createMember, createUser, sessionCookieFor } from "../support/factories";

let worker: Awaited<ReturnType<typeof startWorker>>;
let events: QueueEvents;

beforeAll(async () => {
  worker = await startWorker();
  events = new QueueEvents(QUEUES.maintenance, { connection: workerConnection(), prefix: bullPrefix() });
  await events.waitUntilReady();
});
afterAll(async () => {
  await events?.close();
  await worker?.close();
});

it("expire-sessions deletes expired sessions and keeps live ones", async () => {
  const user = await createUser();
  await sessionCookieFor(user.id, null);
  await sessionCookieFor(user.id, null);
  await db().updateTable("sessions").set({ expires_at: new Date(Date.now() - 1000) })
    .where("id", "=", (await db().selectFrom("sessions").select("id").limit(1).executeTakeFirstOrThrow()).id).execute();
  const job = await enqueue(QUEUES.maintenance, "expire-sessions", {});
  const result = await job.waitUntilFinished(events, 10_000);
  expect(result).toEqual({ deleted: 1 });
  expect(await db().selectFrom("sessions").select("id").where("user_id", "=", user.id).execute()).toHaveLength(1);
});

it("registers the hourly schedule once, however often the worker starts", async () => {
  const again = await startWorker();
  await again.close();
  const schedulers = await queue(QUEUES.maintenance).getJobSchedulers();
  expect(schedulers.filter((s) => s.key === "expire-sessions-hourly")).toHaveLength(1);
});

describe("job runs", () => {
  async function newRun(kind = "assign-judges") {
    const owner = await createMember("public_body");
    const c = await createChallenge(owner.orgId);
    const run = await db().insertInto("job_runs").values({ kind, challenge_id: c.id }).returning("id").executeTakeFirstOrThrow();
    return { runId: run.id, challengeId: c.id };
  }
  const fakeJob = (runId: string, progress: number[] = [], attemptsMade = 0) =>
    ({ data: { runId }, attemptsMade, opts: { attempts: 3 }, updateProgress: async (p: number) => void progress.push(p) }) as unknown as Job<{ runId: string }>;

  it("reports progress, and writes its results and its completion in one transaction", async () => {
    const { runId, challengeId } = await newRun();
    const progress: number[] = [];
    await executeRun(db(), fakeJob(runId, progress), async (ctx) => {
      await ctx.progress(50, "Half way");
      await ctx.complete(async (tx) => {
        await tx.updateTable("challenges").set({ title: "Written by the run" }).where("id", "=", challengeId).execute();
      }, { ok: true });
    });
    expect(progress).toEqual([50]);
    const run = await db().selectFrom("job_runs").selectAll().where("id", "=", runId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: "completed", progress: 100, result: { ok: true } });
  });

  it("a failure while writing leaves no partial results, and the run is retried", async () => {
    const { runId, challengeId } = await newRun();
    await expect(executeRun(db(), fakeJob(runId), async (ctx) => {
      await ctx.complete(async (tx) => {
        await tx.updateTable("challenges").set({ title: "Half-written" }).where("id", "=", challengeId).execute();
        throw new Error("crash mid-write");
      }, {});
    })).rejects.toThrow("crash mid-write");
    expect((await db().selectFrom("challenges").select("title").where("id", "=", challengeId).executeTakeFirstOrThrow()).title).not.toBe("Half-written");
    expect((await db().selectFrom("job_runs").select("status").where("id", "=", runId).executeTakeFirstOrThrow()).status).toBe("queued");
  });

  it("a retry of a completed run repeats nothing", async () => {
    const { runId } = await newRun();
    let calls = 0;
    const work = async (ctx: RunContext) => {
      calls++;
      await ctx.complete(async () => {}, { n: calls });
    };
    await executeRun(db(), fakeJob(runId), work);
    const again = await executeRun(db(), fakeJob(runId, [], 1), work);
    expect(calls).toBe(1);
    expect(again).toEqual({ n: 1 });
  });

  it("a run whose enqueue never reached Redis is dispatched from the outbox", async () => {
    const { runId } = await newRun("score-proposals");
    await db().updateTable("job_runs").set({ created_at: sql`now() - interval '1 minute'` } as never).where("id", "=", runId).execute();
    const sent = await dispatchQueuedRuns(db());
    expect(sent).toBeGreaterThanOrEqual(1);
    const job = await queue(QUEUES.judging).getJob(runId);
    expect(job?.name).toBe("score-proposals");
    // Dispatching again does not create a second job: the job id is the run id.
    await dispatchQueuedRuns(db());
    const jobs = await queue(QUEUES.judging).getJobs(["waiting", "active", "completed", "delayed", "failed"]);
    expect(jobs.filter((j) => j.id === runId)).toHaveLength(1);
  });

  it("a run left running after Redis lost its job (and its worker died) is put back and enqueued once", async () => {
    const { runId } = await newRun("score-proposals");
    await db().updateTable("job_runs").set({ status: "running", started_at: sql`now() - interval '5 minutes'` } as never)
      .where("id", "=", runId).execute();
    expect(await queue(QUEUES.judging).getJob(runId)).toBeUndefined();
    expect(await requeueLostRuns(db())).toBe(1);
    expect((await queue(QUEUES.judging).getJob(runId))?.name).toBe("score-proposals");
    // The job exists again: a second pass leaves it alone.
    expect(await requeueLostRuns(db())).toBe(0);
  });

  it("a run that is still running with its job in Redis is left alone", async () => {
    const { runId } = await newRun("score-proposals");
    await queue(QUEUES.judging).add("score-proposals", { runId }, { jobId: runId, delay: 60_000 });
    await db().updateTable("job_runs").set({ status: "running", started_at: sql`now() - interval '5 minutes'` } as never)
      .where("id", "=", runId).execute();
    expect(await requeueLostRuns(db())).toBe(0);
    expect((await db().selectFrom("job_runs").select("status").where("id", "=", runId).executeTakeFirstOrThrow()).status).toBe("running");
  });
});
