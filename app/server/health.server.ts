// Liveness and readiness for a load balancer and an orchestrator. Served by server.ts before Remix, so a
// probe costs its checks and nothing else (no route matching, no session, no logging).
//   /healthz  the load balancer's probe: 200 only when the database answers (kept as it was).
//   /livez    the process is up and its event loop turns: no dependency is asked, so a database outage
//             never makes an orchestrator restart every web process at once.
//   /readyz   may this process take traffic: the database, Redis and attachments' storage (the upload
//             directory, or the S3 bucket), each checked,
//             and a JSON body naming what is down (503) so the on-call person need not guess.
import type { Redis } from "ioredis";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import { storage as configuredStorage, type Storage } from "./attachments/storage.server";
import { connectedRedis, db } from "./connections.server";

/** No check waits longer than this: a probe that hangs is as bad as one that fails. */
export const CHECK_TIMEOUT_MS = 1_500;

export type CheckName = "database" | "redis" | "storage";
export type CheckResult = { ok: true } | { ok: false; error: string };

export async function healthAnswer(): Promise<{ status: 200 | 503; body: string }> {
  try {
    await sql`SELECT 1`.execute(db());
    return { status: 200, body: "ok" };
  } catch {
    return { status: 503, body: "database unavailable" };
  }
}

export async function checkDatabase(database: DB): Promise<CheckResult> {
  return settle(sql`SELECT 1`.execute(database));
}

export async function checkRedis(client: Redis): Promise<CheckResult> {
  return settle(client.ping());
}

/**
 * Attachments can be written: on local disk the upload directory exists (made if missing, as a write does)
 * and is writable; in S3 the bucket answers HEAD with these credentials.
 */
export async function checkStorage(store: Storage): Promise<CheckResult> {
  return settle(store.check());
}

export interface Readiness {
  status: 200 | 503;
  body: { status: "ready" | "not ready"; checks: Record<CheckName, "ok" | "down">; down: CheckName[] };
}

/** Each check's own error stays in the log, not the body: a probe's answer is public to whoever can reach it. */
export async function readiness(): Promise<Readiness & { errors: Partial<Record<CheckName, string>> }> {
  const [database, redis, storage] = await Promise.all([
    checkDatabase(db()),
    connectedRedis().then(checkRedis, (error: unknown) => ({ ok: false as const, error: String(error) })),
    Promise.resolve().then(() => checkStorage(configuredStorage())).catch( (error: unknown) => ({ ok: false as const, error: String(error) })),
  ]);
  return readinessOf({ database, redis, storage });
}

export function readinessOf(results: Record<CheckName, CheckResult>): Readiness & { errors: Partial<Record<CheckName, string>> } {
  const names = Object.keys(results) as CheckName[];
  const down = names.filter((name) => !results[name].ok);
  const checks = Object.fromEntries(names.map((name) => [name, results[name].ok ? "ok" : "down"])) as Record<CheckName, "ok" | "down">;
  const errors = Object.fromEntries(down.map((name) => [name, (results[name] as { error: string }).error]));
  return { status: down.length ? 503 : 200, body: { status: down.length ? "not ready" : "ready", checks, down }, errors };
}

async function settle(work: Promise<unknown>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  work.catch(() => {}); // if the timeout won, a late failure is not an unhandled rejection
  try {
    await Promise.race([work, timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
