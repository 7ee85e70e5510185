// Waiting for a background run to finish, as the UI does: by reading job_runs.
import { db } from "../../app/server/connections.server";

export async function waitForRun(runId: string, timeoutMs = 20_000) {
  const started = Date.now();
  for (;;) {
    const run = await db().selectFrom("job_runs").selectAll().where("id", "=", runId).executeTakeFirstOrThrow();
    if (run.status === "completed" || run.status === "failed") return run;
    if (Date.now() - started > timeoutMs) throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function latestRunId(kind: string, challengeId: string) {
  const run = await db().selectFrom("job_runs").select("id").where("kind", "=", kind).where("challenge_id", "=", challengeId)
    .orderBy("created_at", "desc").limit(1).executeTakeFirstOrThrow();
  return run.id;
}

/**
 * After a page's "start" button: the newest run of this kind for the challenge, once it has finished. A
 * loaded machine (the whole suite on two cores) can take several seconds to reach the worker, so this
 * waits on the database for up to a minute and fails with the run's own message, not a missing table.
 */
export async function finishedRun(kind: string, challengeId: string, timeoutMs = 60_000) {
  const started = Date.now();
  for (;;) {
    const run = await db().selectFrom("job_runs").select(["id", "status", "message"]).where("kind", "=", kind)
      .where("challenge_id", "=", challengeId).orderBy("created_at", "desc").limit(1).executeTakeFirst();
    if (run && run.status !== "queued" && run.status !== "running") {
      if (run.status !== "completed") throw new Error(`${kind} run ${run.id} ${run.status}: ${run.message}`);
      return run;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`${kind} run for ${challengeId} still ${run?.status ?? "not requested"} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
