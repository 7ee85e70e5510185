// /metrics, in Prometheus's text format (prom-client): requests by route pattern, method and status
// class, their durations, the queues' depths read at scrape time, and Node's own process figures.
// Only for a scraper holding METRICS_TOKEN (decision 036); without one configured the page does not exist.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { QUEUES, queue } from "../../jobs/queues";
import { methodLabel, statusClass } from "../rules/ops/metric-labels";

export const registry = new Registry();
let defaultsCollected = false;

const requests = new Counter({
  name: "civic_http_requests_total",
  help: "HTTP requests answered, by route pattern, method and status class.",
  labelNames: ["route", "method", "status"] as const,
  registers: [registry],
});

const durations = new Histogram({
  name: "civic_http_request_duration_seconds",
  help: "Time from the request's arrival to the last byte of its answer, by route pattern, method and status class.",
  labelNames: ["route", "method", "status"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

/** Queue states worth alerting on: work piling up, work stuck, work that failed every attempt. */
const QUEUE_STATES = ["waiting", "active", "delayed", "failed"] as const;
/** A scrape never waits longer than this for Redis: the depths are left out instead. */
const QUEUE_READ_TIMEOUT_MS = 1_000;

type QueueDepths = (readonly [string, Record<string, number>])[];
// Both queue families are collected in the same scrape (prom-client collects them together): one read serves both.
let reading: Promise<QueueDepths | undefined> | undefined;
function readQueueDepths(): Promise<QueueDepths | undefined> {
  reading ??= withTimeout(
    Promise.all(
      Object.values(QUEUES).map(async (name) => {
        const q = queue(name);
        await q.waitUntilReady();
        return [name, await q.getJobCounts(...QUEUE_STATES)] as const;
      }),
    ),
  )
    .catch(() => undefined)
    .finally(() => setImmediate(() => (reading = undefined)));
  return reading;
}

new Gauge({
  name: "civic_queue_jobs",
  help: "Jobs in each BullMQ queue by state, read from Redis at scrape time.",
  labelNames: ["queue", "state"] as const,
  registers: [registry],
  async collect() {
    this.reset();
    const depths = await readQueueDepths();
    for (const [name, byState] of depths ?? []) for (const state of QUEUE_STATES) this.set({ queue: name, state }, byState[state] ?? 0);
  },
});

new Gauge({
  name: "civic_queue_read_ok",
  help: "1 when this scrape read the queues' depths from Redis, 0 when Redis did not answer (the depths are then left out).",
  registers: [registry],
  async collect() {
    this.set((await readQueueDepths()) ? 1 : 0);
  },
});

/** Counts one answered request (called when its last byte is sent). */
export function recordRequest(route: string, method: string, status: number, seconds: number) {
  const labels = { route, method: methodLabel(method), status: statusClass(status) };
  requests.inc(labels);
  durations.observe(labels, seconds);
}

export async function metricsText(): Promise<{ contentType: string; body: string }> {
  if (!defaultsCollected) {
    collectDefaultMetrics({ register: registry, prefix: "civic_" });
    defaultsCollected = true;
  }
  return { contentType: registry.contentType, body: await registry.metrics() };
}

async function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  work.catch(() => {});
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("Redis did not answer in time")), QUEUE_READ_TIMEOUT_MS)))]);
  } finally {
    clearTimeout(timer);
  }
}
