// Process-wide clients for PostgreSQL and Redis, created on first use. Kept on globalThis so that
// `remix dev` reloads do not open a new pool on every change.
import { Redis } from "ioredis";
import { createDb, type DB } from "../../db/client";
import { env } from "./env.server";
import { countQuery } from "./request-scope.server";

type Connections = { db?: DB; redis?: Redis; redisFirstAttempt?: Promise<void> };
const g = globalThis as typeof globalThis & { __civicConnections?: Connections };
const conns: Connections = (g.__civicConnections ??= {});

/** No command to the web process's Redis waits longer than this, even on a Redis that holds the connection open and never answers. */
export const REDIS_COMMAND_TIMEOUT_MS = 250;

export function db(): DB {
  return (conns.db ??= createDb(env().DATABASE_URL, { onQuery: countQuery }));
}

/**
 * Redis for the web process's own commands (the sign-in throttle; BullMQ has its own connections, in
 * jobs/connection.ts). Commands fail at once while Redis is away, instead of queueing until it is back
 * (no offline queue), and within REDIS_COMMAND_TIMEOUT_MS when it does not answer: callers fall back.
 */
export function redis(): Redis {
  if (!conns.redis) {
    const client = new Redis(env().REDIS_URL, {
      enableOfflineQueue: false,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
    });
    client.on("error", () => {
      // ioredis reconnects by itself; callers see the failed command.
    });
    conns.redisFirstAttempt = new Promise((resolve) => {
      client.once("ready", resolve);
      client.once("close", resolve);
    });
    conns.redis = client;
  }
  return conns.redis;
}

/**
 * redis(), once its first connection attempt has ended (connected, or failed) or after `timeoutMs`.
 * Without the offline queue a fresh process's first commands would fail only because the connection was
 * still being made; later calls do not wait.
 */
export async function connectedRedis(timeoutMs = 500): Promise<Redis> {
  const client = redis();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([conns.redisFirstAttempt, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
  return client;
}

export async function closeConnections() {
  const { db: d, redis: r } = conns;
  conns.db = undefined;
  conns.redis = undefined;
  conns.redisFirstAttempt = undefined;
  await Promise.allSettled([d?.destroy(), r?.quit()]);
}
