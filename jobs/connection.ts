// Redis connections for BullMQ. Workers block on Redis and must wait through outages
// (maxRetriesPerRequest: null); producers in the web process fail fast instead of hanging a request.
import { Redis, type RedisOptions } from "ioredis";

export function redisUrl(): string {
  return process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
}

/** Queue names are namespaced by REDIS_PREFIX so test workers and environments never share jobs. */
export function bullPrefix(): string {
  return `${process.env.REDIS_PREFIX ?? "civic"}:bull`;
}

export function workerConnection(): Redis {
  return new Redis(redisUrl(), { maxRetriesPerRequest: null } satisfies RedisOptions);
}

export function producerConnection(): Redis {
  return new Redis(redisUrl(), { maxRetriesPerRequest: 1, enableOfflineQueue: false } satisfies RedisOptions);
}
