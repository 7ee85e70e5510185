// Rate limits that hold across every web process (decision 020): counted in Redis, which they all share,
// and in this process's memory as well, so that a limit still holds here while Redis is away. Used by the
// sign-in throttle, the feedback form and the keeping of unsaved forms.
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { connectedRedis, redis } from "./connections.server";
import { env } from "./env.server";

/** What callers need of a limiter. */
export type Limiter = Pick<RateLimiterRedis, "consume" | "reward" | "delete">;
export type Limits = { points: number; duration: number };

/**
 * Counts in Redis (shared by every web process) and, every time, in this process's memory as well; an
 * attempt goes through only if neither count is used up. When Redis cannot answer — away (not even tried:
 * rejectIfRedisNotReady), or not answering within the command timeout (see redis()) — this process's own
 * count decides alone. That count has seen every attempt made here, so a limited action keeps working
 * while Redis is away, still limited, and whoever floods the server until Redis's replies come late gets
 * no attempts that nobody counted (an insurance limiter that only starts counting on the first failure
 * would give them a fresh allowance).
 */
class CountedTwice implements Limiter {
  constructor(private readonly shared: RateLimiterRedis, private readonly local: RateLimiterMemory) {}

  async consume(key: string | number, points?: number) {
    const [shared, local] = await Promise.allSettled([this.shared.consume(key, points), this.local.consume(key, points)]);
    // Either count refusing refuses. This process's count has seen every attempt made here, so within one
    // process the limit holds exactly even when some of Redis's replies come late and others do not (Redis
    // alone, with late replies falling back, let 101 of 150 through a limit of 100 under load); Redis's
    // count holds it across processes whenever it answers.
    if (local.status === "rejected") throw local.reason;
    if (shared.status === "rejected" && shared.reason instanceof RateLimiterRes) throw shared.reason;
    return shared.status === "fulfilled" ? shared.value : local.value;
  }

  async reward(key: string | number, points?: number) {
    const [shared, local] = await Promise.allSettled([this.shared.reward(key, points), this.local.reward(key, points)]);
    if (shared.status === "fulfilled") return shared.value;
    if (local.status === "fulfilled") return local.value;
    throw local.reason;
  }

  async delete(key: string | number) {
    const [shared, local] = await Promise.allSettled([this.shared.delete(key), this.local.delete(key)]);
    return shared.status === "fulfilled" ? shared.value : local.status === "fulfilled" && local.value;
  }
}

/** A limiter counted twice under this key prefix; `local` (this process's count) defaults to the same limits. */
export function countedTwice(keyPrefix: string, limits: Limits, local: Limits = limits): Limiter {
  return new CountedTwice(
    new RateLimiterRedis({ storeClient: redis(), keyPrefix, ...limits, rejectIfRedisNotReady: true }),
    new RateLimiterMemory({ keyPrefix, ...local }),
  );
}

/**
 * A limiter counted twice under `REDIS_PREFIX:name`, made on first use (the configuration is read then)
 * and again for a new Redis client (tests point the app at another Redis).
 */
export function sharedLimiter(name: string, limits: Limits): () => Promise<Limiter> {
  const made = new WeakMap<Redis, Limiter>();
  return async () => {
    // A new process counts in Redis from its first attempt, not in memory while it is still connecting.
    const client = await connectedRedis();
    let limiter = made.get(client);
    if (!limiter) made.set(client, (limiter = countedTwice(`${env().REDIS_PREFIX}:${name}`, limits)));
    return limiter;
  };
}
