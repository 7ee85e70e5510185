// The worker's /metrics: a job's duration and a failure are counted under its queue and name, a job name
// nobody handles does not become a label value, and only the token holder may read it.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { randomUUID } from "node:crypto";
import { Queue, QueueEvents, Worker, type Job } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bullPrefix, workerConnection } from "../../jobs/connection";
import { observeJobs, serveJobMetrics } from "../../jobs/metrics";

const TOKEN = "worker-metrics-token-0123456789";
const QUEUE = `metrics-test-${process.pid}`;
let queue: Queue;
let events: QueueEvents;
let worker: Worker;
let server: Server;
let url: string;

beforeAll(async () => {
  queue = new Queue(QUEUE, { connection: workerConnection(), prefix: bullPrefix() });
  events = new QueueEvents(QUEUE, { connection: workerConnection(), prefix: bullPrefix() });
  worker = new Worker(QUEUE, async (job) => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (job.data.fail) throw new Error("told to fail");
  }, { connection: workerConnection(), prefix: bullPrefix() });
  worker.on("error", () => {});
  observeJobs(worker, new Set(["expire-sessions", "sweep-uploads"]));
  await events.waitUntilReady();
  server = await serveJobMetrics(0, TOKEN, "127.0.0.1");
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.close();
  await worker?.close();
  await events?.close();
  await queue?.obliterate({ force: true });
  await queue?.close();
});

async function metrics(): Promise<string> {
  const res = await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
}

/**
 * Runs a job and waits for the worker's own event for it: observeJobs's listener was registered first, so it
 * has counted the job by then. (QueueEvents can report the job finished before the worker's event fires.)
 */
async function run(name: string, fail: boolean) {
  const token = randomUUID();
  const seen = new Promise<void>((resolve) => {
    const done = (job?: Job) => {
      if (job?.data.token !== token) return;
      worker.off("completed", done);
      worker.off("failed", done);
      resolve();
    };
    worker.on("completed", done);
    worker.on("failed", done);
  });
  await queue.add(name, { fail, token }, { attempts: 1 });
  await seen;
}

function sample(text: string, line: RegExp): number {
  return Number(line.exec(text)?.[1] ?? 0);
}

describe("the worker's metrics", () => {
  it("count a completed job's duration and a failed job's failure under its queue and name", async () => {
    const completed = new RegExp(`^civic_job_duration_seconds_count\\{queue="${QUEUE}",job="expire-sessions",outcome="completed"\\} (\\d+)$`, "m");
    const failed = new RegExp(`^civic_job_failures_total\\{queue="${QUEUE}",job="sweep-uploads"\\} (\\d+)$`, "m");
    const before = await metrics();
    await run("expire-sessions", false);
    await run("sweep-uploads", true);
    await run("sweep-uploads", true);
    const after = await metrics();
    expect(sample(after, completed)).toBe(sample(before, completed) + 1);
    expect(sample(after, failed)).toBe(sample(before, failed) + 2);
    const sum = new RegExp(`^civic_job_duration_seconds_sum\\{queue="${QUEUE}",job="expire-sessions",outcome="completed"\\} ([\\d.e-]+)$`, "m");
    expect(sample(after, sum)).toBeGreaterThan(0.015);
  });

  it("count a job name no handler knows as 'other'", async () => {
    await run("made-up-job-name", false);
    const text = await metrics();
    expect(text).not.toContain("made-up-job-name");
    expect(text).toMatch(new RegExp(`civic_job_duration_seconds_count\\{queue="${QUEUE}",job="other",outcome="completed"\\} 1`));
  });

  it("answer only a scraper holding the token, and only at /metrics", async () => {
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    expect((await fetch(`${url}/metrics`, { headers: { Authorization: "Bearer wrong-token-of-some-length" } })).status).toBe(401);
    expect((await fetch(`${url}/other`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    const closed = await serveJobMetrics(0, undefined, "127.0.0.1");
    try {
      const port = (closed.address() as AddressInfo).port;
      expect((await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    } finally {
      closed.close();
    }
  });
});
