// Every queue the system has, and the one way to put a job on it.
import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { bullPrefix, producerConnection } from "./connection";

export const QUEUES = {
  maintenance: "maintenance",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Payloads hold ids, never personal data. */
export interface JobPayloads {
  "expire-sessions": Record<string, never>;
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

export async function enqueue<K extends keyof JobPayloads>(name: QueueName, job: K, data: JobPayloads[K], opts: JobsOptions = {}) {
  return queue(name).add(job, data, { removeOnComplete: 1000, removeOnFail: 5000, attempts: 3, backoff: { type: "exponential", delay: 2000 }, ...opts });
}

export async function closeQueues() {
  await Promise.allSettled([...queues.values()].map((q) => q.close()));
  queues.clear();
  connection?.disconnect();
  connection = undefined;
}
