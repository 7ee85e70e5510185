// Requesting a background job from a page: one row in job_runs (the outbox), then a best-effort enqueue.
// If Redis is away the row stays "queued" and the worker's dispatcher enqueues it later.
import { enqueueRun, type RunKind } from "../../jobs/queues";
import { audit, type AuditEvent } from "./audit.server";
import { db } from "./connections.server";

export interface RunView {
  id: string;
  status: "queued" | "running" | "completed" | "failed";
  progress: number;
  message: string;
  result: unknown;
  created_at: Date;
  finished_at: Date | null;
}

/**
 * Starts a run, or returns the one already queued or running for this challenge (two clicks, one job).
 * A null challenge means the whole round (used by pairing). A page's request names its audit event, which
 * commits with the new run (a click that joins a running one changes nothing, so records nothing).
 */
export async function requestRun(kind: RunKind, challengeId: string | null, userId: string, audited?: { request: Request; event: AuditEvent }): Promise<string> {
  const inserted = await db().transaction().execute(async (tx) => {
    const row = await tx.insertInto("job_runs")
      .values({ kind, challenge_id: challengeId, requested_by: userId })
      .onConflict((oc) =>
        challengeId === null
          ? oc.column("kind").where("challenge_id", "is", null).where("status", "in", ["queued", "running"]).doNothing()
          : oc.columns(["kind", "challenge_id"]).where("status", "in", ["queued", "running"]).doNothing())
      .returning("id").executeTakeFirst();
    if (row && audited) await audit(tx, audited.request, audited.event);
    return row;
  });
  if (!inserted) {
    const active = await db().selectFrom("job_runs").select("id").where("kind", "=", kind)
      .where("challenge_id", challengeId === null ? "is" : "=", challengeId)
      .where("status", "in", ["queued", "running"]).executeTakeFirstOrThrow();
    return active.id;
  }
  try {
    await enqueueRun(kind, inserted.id);
  } catch {
    // Redis unavailable: the dispatcher will enqueue this run when it is back.
  }
  return inserted.id;
}

export function latestRun(kind: RunKind, challengeId: string | null): Promise<RunView | undefined> {
  return db().selectFrom("job_runs")
    .select(["id", "status", "progress", "message", "result", "created_at", "finished_at"])
    .where("kind", "=", kind).where("challenge_id", challengeId === null ? "is" : "=", challengeId)
    .orderBy("created_at", "desc").limit(1).executeTakeFirst() as Promise<RunView | undefined>;
}

export { isActive } from "../lib/run-status";

