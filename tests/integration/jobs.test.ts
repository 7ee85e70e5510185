// The worker process's job loop against real Redis and PostgreSQL.
import { QueueEvents } from "bullmq";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { bullPrefix, workerConnection } from "../../jobs/connection";
import { enqueue, queue, QUEUES } from "../../jobs/queues";
import { startWorker } from "../../jobs/worker";
import { createUser, sessionCookieFor } from "../support/factories";

let worker: Awaited<ReturnType<typeof startWorker>>;
let events: QueueEvents;

beforeAll(async () => {
  worker = await startWorker();
  events = new QueueEvents(QUEUES.maintenance, { connection: workerConnection(), prefix: bullPrefix() });
  await events.waitUntilReady();
});
afterAll(async () => {
  await events?.close();
  await worker?.close();
});

it("expire-sessions deletes expired sessions and keeps live ones", async () => {
  const user = await createUser();
  await sessionCookieFor(user.id, null);
  await sessionCookieFor(user.id, null);
  await db().updateTable("sessions").set({ expires_at: new Date(Date.now() - 1000) })
    .where("id", "=", (await db().selectFrom("sessions").select("id").limit(1).executeTakeFirstOrThrow()).id).execute();
  const job = await enqueue(QUEUES.maintenance, "expire-sessions", {});
  const result = await job.waitUntilFinished(events, 10_000);
  expect(result).toEqual({ deleted: 1 });
  expect(await db().selectFrom("sessions").select("id").where("user_id", "=", user.id).execute()).toHaveLength(1);
});

it("registers the hourly schedule once, however often the worker starts", async () => {
  const again = await startWorker();
  await again.close();
  const schedulers = await queue(QUEUES.maintenance).getJobSchedulers();
  expect(schedulers.filter((s) => s.key === "expire-sessions-hourly")).toHaveLength(1);
});
