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
