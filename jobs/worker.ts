// The job worker process: runs every queue's jobs and registers the schedules. Shuts down on SIGTERM
// after the running jobs finish (BullMQ's worker.close waits for them).
import { Worker, type Job } from "bullmq";
import { pino } from "pino";
import { createDb, DEFAULT_DATABASE_URL } from "../db/client";
import { summariseRefusals } from "../app/server/audit-refusals.server";
import { bullPrefix, workerConnection } from "./connection";
import { dispatchQueuedRuns } from "./dispatch-runs";
import { assignJudges } from "./judging/assign-judges";
import { scoreProposals } from "./judging/score-proposals";
import { rollUpProgramme } from "../app/server/dashboards/rollup.server";
import { pairTeams } from "./pairing/pair-teams";
import { expireSessions } from "./maintenance/expire-sessions";
import { sweepUploads } from "./maintenance/sweep-uploads";
import { sendDeadlineReminders } from "./notifications/deadline-reminders";
import { sendReviewReminders } from "./notifications/review-reminders";
import { sendDailyDigests } from "./notifications/daily-digest";
import { deliverQueued, transportFromEnv } from "./notifications/send";
import { closeQueues, queue, QUEUES } from "./queues";
import { deliverDueWebhooks } from "./webhooks/deliver";
import { env } from "../app/server/env.server";
import { observeJobs, serveJobMetrics } from "./metrics";
import { executeRun } from "./runs";

const HOUSEKEEPING = new Set(["dispatch-runs", "deliver-notifications", "programme-rollup", "expire-sessions", "sweep-uploads", "summarise-refusals", "deliver-webhooks"]);

const logger = pino({ level: process.env.LOG_LEVEL ?? "info", base: { process: "worker" } });

// A run whose worker dies (kill -9, lost machine) is handed to another worker once its lock expires and a
// stalled-job check sees it: within about lockDuration + 2 × stalledInterval. BullMQ's defaults (30 s each)
// suit production; the resilience tests shorten them with these variables.
const runLocks = {
  lockDuration: Number(process.env.JOB_LOCK_MS) || 30_000,
  stalledInterval: Number(process.env.JOB_STALLED_CHECK_MS) || 30_000,
};
// How often the worker checks that its schedules are still in Redis. A Redis that comes back empty (no
// persistence, a fail-over) has lost them, and without "dispatch-runs" nothing requested during the
// outage would ever be enqueued.
const SCHEDULE_CHECK_MS = 10_000;

export async function startWorker() {
  const db = createDb(process.env.DATABASE_URL || DEFAULT_DATABASE_URL, { max: 5 });
  // No SMTP_URL: notices are kept as "stored" and read on the admin page.
  const mail = transportFromEnv();
  const handlers: Record<string, (job: Job) => Promise<unknown>> = {
    "expire-sessions": async () => ({ deleted: await expireSessions(db) }),
    "sweep-uploads": async () => ({ removed: await sweepUploads(db) }),
    "summarise-refusals": async () => ({ summaries: await summariseRefusals(db) }),
    "dispatch-runs": async () => ({ dispatched: await dispatchQueuedRuns(db) }),
    "assign-judges": (job) => executeRun(db, job, (ctx) => assignJudges(db, ctx)),
    "score-proposals": (job) => executeRun(db, job, (ctx) => scoreProposals(db, ctx)),
    "pair-teams": (job) => executeRun(db, job, async (ctx) => void (await pairTeams(db, ctx))),
    "deliver-notifications": () => deliverQueued(db, mail),
    // The daily reminders: applicants' drafts near a deadline, and judges' reviews near theirs.
    "daily-digest": async () => ({ digests: await sendDailyDigests(db) }),
    "deadline-reminders": async () => ({ notified: await sendDeadlineReminders(db), reviewReminders: await sendReviewReminders(db) }),
    // Webhooks (decision 039): the outbox's due deliveries, signed, to addresses checked after resolving them.
    "deliver-webhooks": () => deliverDueWebhooks(db, { rule: { allowLoopback: env().WEBHOOKS_ALLOW_LOOPBACK === "true" }, encryptionKey: env().TOTP_ENCRYPTION_KEY }),
    "programme-rollup": async () => ({ computedAt: (await rollUpProgramme(db)).computedAt }),
  };
  const processor = async (job: Job) => {
    const handler = handlers[job.name];
    if (!handler) throw new Error(`no handler for job ${job.name}`);
    return handler(job);
  };
  const workers = [
    new Worker(QUEUES.maintenance, processor, { connection: workerConnection(), prefix: bullPrefix(), concurrency: 2 }),
    // Judging jobs are CPU-bound (affinity, solver, calibration): one at a time per worker process.
    new Worker(QUEUES.judging, processor, { connection: workerConnection(), prefix: bullPrefix(), concurrency: 1, ...runLocks }),
    new Worker(QUEUES.pairing, processor, { connection: workerConnection(), prefix: bullPrefix(), concurrency: 1, ...runLocks }),
    // One delivery at a time per process; SKIP LOCKED keeps several processes from sending a notice twice.
    new Worker(QUEUES.notifications, processor, { connection: workerConnection(), prefix: bullPrefix(), concurrency: 1 }),
    // Webhooks apart from e-mail, so a slow receiver never holds up a notice; SKIP LOCKED and the lease keep
    // several processes from sending a delivery twice.
    new Worker(QUEUES.webhooks, processor, { connection: workerConnection(), prefix: bullPrefix(), concurrency: 1 }),
    // The dashboard roll-up reads the whole programme; one at a time is plenty.
    new Worker(QUEUES.dashboards, processor, { connection: workerConnection(), prefix: bullPrefix(), concurrency: 1 }),
  ];
  const jobNames = new Set(Object.keys(handlers));
  for (const worker of workers) {
    observeJobs(worker, jobNames);
    worker.on("error", (err) => logger.error({ err }, "worker error"));
    worker.on("failed", (job, err) => logger.warn({ job: job?.name, id: job?.id, err: err.message }, "job failed"));
    // Scheduled housekeeping runs every few seconds: log it at debug so real work stands out.
    worker.on("completed", (job) => (HOUSEKEEPING.has(job.name) ? logger.debug : logger.info).call(logger, { job: job.name, id: job.id }, "job completed"));
  }

  // Job durations and failures for Prometheus, when a port is given (decision 036).
  const metricsPort = Number(process.env.WORKER_METRICS_PORT) || 0;
  const metricsServer = metricsPort ? await serveJobMetrics(metricsPort, process.env.METRICS_TOKEN) : undefined;

  await registerSchedules();
  const scheduleCheck = setInterval(() => {
    queue(QUEUES.maintenance).getJobScheduler("dispatch-runs")
      .then(async (found) => {
        if (found) return;
        logger.warn("schedules missing from Redis (it restarted empty): registering them again");
        await registerSchedules();
      })
      .catch(() => {
        // Redis is away: checked again next time.
      });
  }, SCHEDULE_CHECK_MS);

  return {
    workers,
    async close() {
      clearInterval(scheduleCheck);
      metricsServer?.close();
      await Promise.all(workers.map((w) => w.close()));
      await closeQueues();
      mail?.close?.();
      await db.destroy();
    },
  };
}

/** Registers every schedule; upserting an existing one changes nothing. */
async function registerSchedules() {
  const maintenance = queue(QUEUES.maintenance);
  await maintenance.upsertJobScheduler("expire-sessions-hourly", { every: 60 * 60 * 1000 }, { name: "expire-sessions", data: {} });
  await maintenance.upsertJobScheduler("sweep-uploads-hourly", { every: 60 * 60 * 1000 }, { name: "sweep-uploads", data: {} });
  await maintenance.upsertJobScheduler("summarise-refusals-every-minute", { every: 60_000 }, { name: "summarise-refusals", data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } });
  await maintenance.upsertJobScheduler("dispatch-runs", { every: 5_000 }, { name: "dispatch-runs", data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } });
  const notifications = queue(QUEUES.notifications);
  await notifications.upsertJobScheduler("deliver-notifications", { every: 10_000 }, { name: "deliver-notifications", data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } });
  // Before the working day, after the night's events: one email for each person who chose the digest.
  await notifications.upsertJobScheduler("daily-digest", { pattern: "0 7 * * *", tz: "Europe/London" }, { name: "daily-digest", data: {} });
  await notifications.upsertJobScheduler("deadline-reminders-daily", { pattern: "0 9 * * *", tz: "Europe/London" }, { name: "deadline-reminders", data: {} });
  await queue(QUEUES.webhooks).upsertJobScheduler("deliver-webhooks", { every: 5_000 }, { name: "deliver-webhooks", data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } });
  const dashboards = queue(QUEUES.dashboards);
  await dashboards.upsertJobScheduler("programme-rollup-every-minute", { every: 60_000 }, { name: "programme-rollup", data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } });
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const running = await startWorker();
  logger.info("worker started");
  const shutdown = async (signal: string) => {
    logger.info(`${signal}: finishing running jobs`);
    await running.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}
