// Job runs: every background job is a row in job_runs (its progress, result and status for the UI) and a
// BullMQ job whose id is the run id. The row is written first, in the same transaction as the request,
// so the worker's dispatcher can enqueue any run that never reached Redis.
import type { Job } from "bullmq";
import { sql } from "kysely";
import type { DB } from "../db/client";
import type { Database } from "../db/schema";
import type { Transaction } from "kysely";

export type Tx = Transaction<Database>;

export interface RunContext {
  runId: string;
  /** The run's challenge; "" for a run over a whole round of challenges. */
  challengeId: string;
  progress(percent: number, message: string): Promise<void>;
  /**
   * Writes the run's results; `write` and the completion of the run commit together. The result shown to
   * the page is given, or made from what `write` returns (what only the transaction knows).
   */
  complete<T>(write: (tx: Tx) => Promise<T>, result: unknown | ((written: T) => unknown)): Promise<void>;
}

// Test-only (tests/resilience): pause this long inside the completing transaction, after the results are
// written and before the run is marked completed, so a test can kill or stop a worker mid-write. Unset: 0.
const PAUSE_IN_COMPLETE_MS = Number(process.env.JOB_RUN_TEST_PAUSE_MS) || 0;

export async function executeRun(db: DB, job: Job<{ runId: string }>, work: (ctx: RunContext) => Promise<void>) {
  const runId = job.data.runId;
  const run = await db.selectFrom("job_runs").select(["status", "challenge_id", "result"]).where("id", "=", runId).executeTakeFirst();
  if (!run) return { skipped: "unknown run" };
  // A retry of a run whose results already committed repeats nothing.
  if (run.status === "completed") return run.result;
  await db.updateTable("job_runs").set({ status: "running", started_at: sql`coalesce(started_at, now())`, message: "Started" })
    .where("id", "=", runId).execute();
  let result: unknown;
  const ctx: RunContext = {
    runId,
    challengeId: run.challenge_id ?? "",
    async progress(percent, message) {
      await job.updateProgress(percent);
      await db.updateTable("job_runs").set({ progress: Math.round(percent), message }).where("id", "=", runId).execute();
    },
    async complete(write, given) {
      await db.transaction().execute(async (tx) => {
        const written = await write(tx);
        const r = typeof given === "function" ? (given as (w: typeof written) => unknown)(written) : given;
        result = r;
        if (PAUSE_IN_COMPLETE_MS) await new Promise((r) => setTimeout(r, PAUSE_IN_COMPLETE_MS));
        await tx.updateTable("job_runs")
          .set({ status: "completed", progress: 100, message: "Finished", result: sql`cast(${JSON.stringify(r)}::text as jsonb)`, finished_at: sql`now()` })
          .where("id", "=", runId).execute();
      });
    },
  };
  try {
    await work(ctx);
    return result;
  } catch (error) {
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await db.updateTable("job_runs")
      .set(finalAttempt
        ? { status: "failed", message: error instanceof Error ? error.message : String(error), finished_at: sql`now()` }
        : { status: "queued", message: "Retrying after an error" })
      .where("id", "=", runId).execute();
    throw error;
  }
}
