// The job worker process: runs every queue's jobs and registers the schedules. Shuts down on SIGTERM
// after the running jobs finish (BullMQ's worker.close waits for them).
import { Worker, type Job } from "bullmq";
import { pino } from "pino";
import { createDb } from "../db/client";
import { bullPrefix, workerConnection } from "./connection";
import { expireSessions } from "./maintenance/expire-sessions";
import { closeQueues, queue, QUEUES } from "./queues";

const logger = pino({ level: process.env.LOG_LEVEL ?? "info", base: { process: "worker" } });

export async function startWorker() {
  const db = createDb(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/civic_challenge", { max: 5 });
  const handlers: Record<string, (job: Job) => Promise<unknown>> = {
    "expire-sessions": async () => ({ deleted: await expireSessions(db) }),
  };
  const worker = new Worker(
    QUEUES.maintenance,
    async (job) => {
      const handler = handlers[job.name];
      if (!handler) throw new Error(`no handler for job ${job.name}`);
      return handler(job);
    },
    { connection: workerConnection(), prefix: bullPrefix(), concurrency: 2 },
  );
  worker.on("error", (err) => logger.error({ err }, "worker error"));
  worker.on("failed", (job, err) => logger.warn({ job: job?.name, id: job?.id, err: err.message }, "job failed"));
  worker.on("completed", (job) => logger.info({ job: job.name, id: job.id }, "job completed"));

  await queue(QUEUES.maintenance).upsertJobScheduler("expire-sessions-hourly", { every: 60 * 60 * 1000 }, { name: "expire-sessions", data: {} });

  return {
    worker,
    async close() {
      await worker.close();
      await closeQueues();
      await db.destroy();
    },
  };
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
