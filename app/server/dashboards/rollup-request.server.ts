// The one way a command asks for fresh programme figures. Commands call it after their change commits
// (a job cannot join a database transaction); the every-minute schedule is the safety net.
import { enqueue, QUEUES } from "../../../jobs/queues";

/**
 * Asks the worker to refresh the programme figures soon. The fixed job id collapses a burst of requests into
 * one waiting job; if Redis is away nothing happens, and the every-minute schedule catches up.
 */
export async function requestProgrammeRollup(): Promise<void> {
  try {
    await enqueue(QUEUES.dashboards, "programme-rollup", {}, { jobId: "programme-rollup", removeOnComplete: true, removeOnFail: true });
  } catch {
    // Redis unavailable: the schedule refreshes the figures within a minute of its return.
  }
}
