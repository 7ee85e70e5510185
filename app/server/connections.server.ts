// Process-wide clients for PostgreSQL and Redis, created on first use. Kept on globalThis so that
// `remix dev` reloads do not open a new pool on every change.
import { Redis } from "ioredis";
import { createDb, type DB } from "../../db/client";
import { env } from "./env.server";

type Connections = { db?: DB; redis?: Redis };
const g = globalThis as typeof globalThis & { __civicConnections?: Connections };
const conns: Connections = (g.__civicConnections ??= {});

export function db(): DB {
  return (conns.db ??= createDb(env().DATABASE_URL));
}

/** Redis for the web process: commands fail fast instead of queueing while Redis is away. */
export function redis(): Redis {
  if (!conns.redis) {
    const client = new Redis(env().REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: false });
    client.on("error", () => {
      // ioredis reconnects by itself; callers see the failed command.
    });
    conns.redis = client;
  }
  return conns.redis;
}

export async function closeConnections() {
  const { db: d, redis: r } = conns;
  conns.db = undefined;
  conns.redis = undefined;
  await Promise.allSettled([d?.destroy(), r?.quit()]);
}
