// Slows down password guessing: failed sign-ins are counted per account and per client IP in Redis
// (shared by every web process), and once a limit is reached further attempts get 429 until it expires.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { connectedRedis, redis } from "./connections.server";
import { env } from "./env.server";
import { tooManyRequests } from "./http.server";

export const SIGN_IN_LIMITS = {
  perAccount: { points: 5, duration: 15 * 60 },
  perIp: { points: 50, duration: 15 * 60 },
  /** Wrong second-factor codes (TOTP or recovery), per user. */
  secondFactor: { points: 5, duration: 15 * 60 },
};

type Limiters = { account: RateLimiterRedis; ip: RateLimiterRedis; secondFactor: RateLimiterRedis };
let limiters: Limiters | undefined;

/**
 * While Redis is away, counts in this process's memory (insuranceLimiter): sign-in stays throttled and
 * works, not a 500, and answers at once: a command is not even tried while the connection is down
 * (rejectIfRedisNotReady), and one that Redis does not answer gives up quickly (see redis()).
 */
function redisLimiter(keyPrefix: string, limits: { points: number; duration: number }) {
  return new RateLimiterRedis({
    storeClient: redis(), keyPrefix, ...limits, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory({ keyPrefix, ...limits }),
  });
}

async function getLimiters(): Promise<Limiters> {
  // A new process counts in Redis from its first attempt, not in memory while it is still connecting.
  await connectedRedis();
  if (!limiters) {
    const prefix = `${env().REDIS_PREFIX}:signin`;
    limiters = {
      account: redisLimiter(`${prefix}:acct`, SIGN_IN_LIMITS.perAccount),
      ip: redisLimiter(`${prefix}:ip`, SIGN_IN_LIMITS.perIp),
      secondFactor: redisLimiter(`${prefix}:2fa`, SIGN_IN_LIMITS.secondFactor),
    };
  }
  return limiters;
}

/** Throws 429 when either this account or this IP has used up its failed attempts. */
export async function assertSignInAllowed(email: string, ip: string): Promise<void> {
  const { account, ip: byIp } = await getLimiters();
  const [a, i] = await Promise.all([account.get(email), byIp.get(ip)]);
  const blocked = [
    a && a.consumedPoints >= SIGN_IN_LIMITS.perAccount.points ? a : null,
    i && i.consumedPoints >= SIGN_IN_LIMITS.perIp.points ? i : null,
  ].filter((r): r is RateLimiterRes => r !== null);
  if (blocked.length > 0) {
    const wait = Math.max(...blocked.map((r) => r.msBeforeNext)) / 1000;
    tooManyRequests(wait, "Too many failed sign-in attempts. Wait a few minutes and try again.");
  }
}

export async function recordFailedSignIn(email: string, ip: string): Promise<void> {
  const { account, ip: byIp } = await getLimiters();
  // consume() rejects once the limit is passed; that is the signal we read in assertSignInAllowed.
  await Promise.allSettled([account.consume(email), byIp.consume(ip)]);
}

export async function clearFailedSignIns(email: string): Promise<void> {
  await (await getLimiters()).account.delete(email);
}

/** Throws 429 once this user has given 5 wrong second-factor codes in 15 minutes. */
export async function assertSecondFactorAllowed(userId: string): Promise<void> {
  const r = await (await getLimiters()).secondFactor.get(userId);
  if (r && r.consumedPoints >= SIGN_IN_LIMITS.secondFactor.points) {
    tooManyRequests(r.msBeforeNext / 1000, "Too many wrong security codes. Wait 15 minutes and try again.");
  }
}

export async function recordFailedSecondFactor(userId: string): Promise<void> {
  await (await getLimiters()).secondFactor.consume(userId).catch(() => undefined);
}

export async function clearFailedSecondFactors(userId: string): Promise<void> {
  await (await getLimiters()).secondFactor.delete(userId);
}

/** For tests that change REDIS_PREFIX between workers. */
export function resetSignInLimiters() {
  limiters = undefined;
}
