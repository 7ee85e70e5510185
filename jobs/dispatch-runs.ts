// The outbox dispatcher: any run still "queued" in PostgreSQL is (re-)enqueued in BullMQ. A web
// process that could not reach Redis when the run was requested loses nothing: this picks it up.
import { sql } from "kysely";
import type { DB } from "../db/client";
import { enqueueRun, RUN_QUEUES, type RunKind } from "./queues";

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
  return sent;
}
