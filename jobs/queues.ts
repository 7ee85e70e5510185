// Every queue the system has, and the one way to put a job on it.
import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { bullPrefix, producerConnection } from "./connection";

export const QUEUES = {
  maintenance: "maintenance",
  judging: "judging",
  notifications: "notifications",
  pairing: "pairing",
  dashboards: "dashboards",
  webhooks: "webhooks",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Payloads hold ids, never personal data. */
export interface JobPayloads {
  "expire-sessions": Record<string, never>;
  "sweep-uploads": Record<string, never>;
  "dispatch-runs": Record<string, never>;
  "assign-judges": { runId: string };
  "score-proposals": { runId: string };
  "deliver-notifications": Record<string, never>;
  "pair-teams": { runId: string };
  "deadline-reminders": Record<string, never>;
  "daily-digest": Record<string, never>;
  "programme-rollup": Record<string, never>;
  "deliver-webhooks": Record<string, never>;
}

/** Which queue runs each kind of job_runs row. */
export const RUN_QUEUES: Record<"assign-judges" | "score-proposals" | "pair-teams", QueueName> = {
  "pair-teams": QUEUES.pairing,
  "assign-judges": QUEUES.judging,
  "score-proposals": QUEUES.judging,
};
export type RunKind = keyof typeof RUN_QUEUES;

/** Puts a run on its queue. The job id is the run id, so enqueueing twice runs it once. */
export function enqueueRun(kind: RunKind, runId: string) {
  return enqueue(RUN_QUEUES[kind], kind, { runId }, { jobId: runId });
}

const queues = new Map<QueueName, Queue>();
let connection: Redis | undefined;

export function queue(name: QueueName): Queue {
  let q = queues.get(name);
  if (!q) {
    connection ??= producerConnection();
    q = new Queue(name, { connection, prefix: bullPrefix() });
    q.on("error", () => {
      // Surfaced to the caller of add(); a queue-level error must not crash the process.
    });
    queues.set(name, q);
  }
  return q;
}

/** How long a producer waits for Redis before giving up; every caller has an outbox or a schedule to catch up. */
const ENQUEUE_TIMEOUT_MS = 3_000;

export async function enqueue<K extends keyof JobPayloads>(name: QueueName, job: K, data: JobPayloads[K], opts: JobsOptions = {}) {
  const q = queue(name);
  // A Queue first used while Redis is away waits for it forever (BullMQ waits for "ready"), and so would the
  // request that enqueues: fail at once while it is reconnecting, and never wait longer than the timeout.
  await whenReady(connection!);
  const adding = q.add(job, data, { removeOnComplete: 1000, removeOnFail: 5000, attempts: 3, backoff: { type: "exponential", delay: 2000 }, ...opts });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("Redis did not answer in time")), ENQUEUE_TIMEOUT_MS);
  });
  adding.catch(() => {}); // if the timeout won, a late failure is not an unhandled rejection
  try {
    return await Promise.race([adding, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function whenReady(c: Redis): Promise<void> {
  if (c.status === "ready") return Promise.resolve();
  if (!["wait", "connecting", "connect"].includes(c.status)) return Promise.reject(new Error(`Redis is unavailable (${c.status})`));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      c.off("ready", onReady);
      reject(new Error("Redis did not answer in time"));
    }, ENQUEUE_TIMEOUT_MS);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    c.once("ready", onReady);
  });
}

export async function closeQueues() {
  await Promise.allSettled([...queues.values()].map((q) => q.close()));
  queues.clear();
  connection?.disconnect();
  connection = undefined;
}
