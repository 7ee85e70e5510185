// The outbox dispatcher: any run still "queued" in PostgreSQL is (re-)enqueued in BullMQ. A web
// process that could not reach Redis when the run was requested loses nothing: this picks it up.
import { sql } from "kysely";
import type { DB } from "../db/client";
import { enqueueRun, queue, RUN_QUEUES, type RunKind } from "./queues";

export async function dispatchQueuedRuns(db: DB, olderThanSeconds = 5): Promise<number> {
  const runs = await db.selectFrom("job_runs").select(["id", "kind"])
    .where("status", "=", "queued")
    .where("created_at", "<", sql<Date>`now() - make_interval(secs => ${olderThanSeconds})`)
    .orderBy("created_at").limit(500).execute();
  let sent = 0;
  for (const run of runs) {
    if (!(run.kind in RUN_QUEUES)) continue;
    await enqueueRun(run.kind as RunKind, run.id);
    sent++;
  }
  return sent + (await requeueLostRuns(db));
}

/**
 * A run "running" in PostgreSQL always has its BullMQ job (active, or waiting again after its worker
 * stalled) until the run's outcome is committed. If Redis has lost that job (a restart without
 * persistence, a fail-over) while the worker died, the run would stay "running" for ever: put it back in
 * the outbox and enqueue it again. Its results are written in one transaction with its completion, so a
 * second attempt cannot double them.
 */
export async function requeueLostRuns(db: DB, olderThanSeconds = 60): Promise<number> {
  const running = await db.selectFrom("job_runs").select(["id", "kind"])
    .where("status", "=", "running")
    .where("started_at", "<", sql<Date>`now() - make_interval(secs => ${olderThanSeconds})`)
    .orderBy("started_at").limit(100).execute();
  let sent = 0;
  for (const run of running) {
    if (!(run.kind in RUN_QUEUES)) continue;
    const kind = run.kind as RunKind;
    if (await queue(RUN_QUEUES[kind]).getJob(run.id)) continue;
    const requeued = await db.updateTable("job_runs").set({ status: "queued", message: "Requeued: its job was lost" })
      .where("id", "=", run.id).where("status", "=", "running").executeTakeFirst();
    if (requeued.numUpdatedRows === 0n) continue;
    await enqueueRun(kind, run.id);
    sent++;
  }
  return sent;
}
