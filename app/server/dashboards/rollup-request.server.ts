// The one way a command asks for fresh programme figures. Commands call it after their change commits
// (a job cannot join a database transaction); the every-minute schedule is the safety net.
import { enqueue, QUEUES } from "../../../jobs/queues";

/**
 * How long a request waits before its roll-up runs, so that a burst of changes (a deadline day's
 * submissions) is counted once: the roll-up reads the whole programme (about a quarter of a second at city
 * scale), and run after every submission it would keep a core busy exactly when the site needs it.
 */
export const ROLLUP_DELAY_MS = 2_000;

/**
 * Asks the worker to refresh the programme figures within ROLLUP_DELAY_MS. One deduplication id collapses
 * the requests made while a roll-up waits into it; a request made while one is running keeps one more to
 * run after it (BullMQ's keepLastIfActive), so a change committed during a roll-up is never left out of the
 * figures. If Redis is away nothing happens, and the every-minute schedule catches up.
 */
export async function requestProgrammeRollup(): Promise<void> {
  try {
    await enqueue(QUEUES.dashboards, "programme-rollup", {}, {
      delay: ROLLUP_DELAY_MS,
      deduplication: { id: "programme-rollup", keepLastIfActive: true },
      removeOnComplete: true,
      removeOnFail: true,
    });
  } catch {
    // Redis unavailable: the schedule refreshes the figures within a minute of its return.
  }
}
