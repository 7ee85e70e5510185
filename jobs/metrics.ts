// The worker's own /metrics (prom-client): how long each job took and how many failed, by queue and job
// name. The worker is a process of its own, so it answers on a port of its own (WORKER_METRICS_PORT), with
// the same bearer token as the web's (decision 036). Queue depths are the web's to report: read from Redis.
import { createServer, type Server } from "node:http";
import type { Job, Worker } from "bullmq";
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";
import { metricsAccess } from "../app/server/metrics-access.server";

export const workerRegistry = new Registry();
collectDefaultMetrics({ register: workerRegistry, prefix: "civic_worker_" });

const durations = new Histogram({
  name: "civic_job_duration_seconds",
  help: "Time from a job's start to its end in this worker, by queue, job name and outcome (completed or failed).",
  labelNames: ["queue", "job", "outcome"] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
  registers: [workerRegistry],
});

const failures = new Counter({
  name: "civic_job_failures_total",
  help: "Job attempts that failed in this worker, by queue and job name (a retried job counts each attempt).",
  labelNames: ["queue", "job"] as const,
  registers: [workerRegistry],
});

/** Counts each job `worker` finishes. Only names in `known` become label values; any other is "other". */
export function observeJobs(worker: Worker, known: ReadonlySet<string>) {
  const labels = (job: Job) => ({ queue: worker.name, job: known.has(job.name) ? job.name : "other" });
  const seconds = (job: Job) => (job.processedOn && job.finishedOn ? (job.finishedOn - job.processedOn) / 1000 : undefined);
  worker.on("completed", (job) => {
    const s = seconds(job);
    if (s !== undefined) durations.observe({ ...labels(job), outcome: "completed" }, s);
  });
  worker.on("failed", (job) => {
    if (!job) return;
    failures.inc(labels(job));
    const s = seconds(job);
    if (s !== undefined) durations.observe({ ...labels(job), outcome: "failed" }, s);
  });
}

/** GET /metrics on `port` for a scraper holding `token`; nothing else is served. */
export function serveJobMetrics(port: number, token: string | undefined, host = "0.0.0.0"): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    const access = path === "/metrics" && req.method === "GET" ? metricsAccess(token, req.headers.authorization) : 404;
    if (access !== 200) {
      res.writeHead(access, { "Content-Type": "text/plain", "Cache-Control": "no-store", ...(access === 401 ? { "WWW-Authenticate": 'Bearer realm="metrics"' } : {}) });
      res.end(access === 401 ? "Unauthorised" : "Not found");
      return;
    }
    workerRegistry.metrics().then(
      (body) => {
        res.writeHead(200, { "Content-Type": workerRegistry.contentType, "Cache-Control": "no-store" });
        res.end(body);
      },
      () => {
        res.writeHead(500, { "Content-Type": "text/plain" });
        res.end("Metrics unavailable");
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}
