// Slows down password guessing: sign-in attempts are counted per account and per client IP in Redis
// (shared by every web process), and once a limit is reached further attempts get 429 until it expires.
// Every attempt takes its point *before* the password or code is checked (an atomic increment in Redis),
// so guesses sent all at once cannot all be checked while the count is still being read; a right answer
// gives its point back.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { connectedRedis, redis } from "./connections.server";
import { env } from "./env.server";
import { tooManyRequests } from "./http.server";

export const SIGN_IN_LIMITS = {
  perAccount: { points: 5, duration: 15 * 60 },
  perIp: { points: 50, duration: 15 * 60 },
  /** Second-factor codes (TOTP or recovery), per user. */
  secondFactor: { points: 5, duration: 15 * 60 },
  /** The current password asked again by a signed-in user (password change, account deletion), per user. */
  currentPassword: { points: 5, duration: 15 * 60 },
};

type Limiters = Record<"account" | "ip" | "secondFactor" | "currentPassword", RateLimiterRedis>;
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
      currentPassword: redisLimiter(`${prefix}:pw`, SIGN_IN_LIMITS.currentPassword),
    };
  }
  return limiters;
}

/**
 * Takes one point from each limiter for its key, all at once. If any has none left, throws 429 (with the
 * longest wait) and the caller checks nothing. consume() is an atomic increment, so of N parallel attempts
 * at most `points` get through.
 */
async function take(entries: [RateLimiterRedis, string][], message: string): Promise<void> {
  const results = await Promise.allSettled(entries.map(([limiter, key]) => limiter.consume(key)));
  const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
  if (refused.length === 0) return;
  const failure = refused.find((r) => !(r instanceof RateLimiterRes));
  if (failure) throw failure;
  tooManyRequests(Math.max(...(refused as RateLimiterRes[]).map((r) => r.msBeforeNext)) / 1000, message);
}

/** Counts a sign-in attempt before its password is checked: 429 once this account or this IP has none left. */
export async function countSignInAttempt(email: string, ip: string): Promise<void> {
  const { account, ip: byIp } = await getLimiters();
  await take([[account, email], [byIp, ip]], "Too many failed sign-in attempts. Wait a few minutes and try again.");
}

/** The password was right: the account's count is cleared and the IP gets this attempt's point back. */
export async function signInSucceeded(email: string, ip: string): Promise<void> {
  const { account, ip: byIp } = await getLimiters();
  await Promise.allSettled([account.delete(email), byIp.reward(ip, 1)]);
}

/** Counts a second-factor code (TOTP or recovery) before it is checked: 429 past 5 in 15 minutes. */
export async function countSecondFactorAttempt(userId: string): Promise<void> {
  await take([[(await getLimiters()).secondFactor, userId]], "Too many wrong security codes. Wait 15 minutes and try again.");
}

export async function secondFactorSucceeded(userId: string): Promise<void> {
  await Promise.allSettled([(await getLimiters()).secondFactor.delete(userId)]);
}

/** Counts a check of a signed-in user's current password before it is made: 429 past 5 in 15 minutes. */
export async function countCurrentPasswordCheck(userId: string): Promise<void> {
  await take([[(await getLimiters()).currentPassword, userId]], "Too many wrong passwords. Wait 15 minutes and try again.");
}

export async function currentPasswordSucceeded(userId: string): Promise<void> {
  await Promise.allSettled([(await getLimiters()).currentPassword.delete(userId)]);
}

/** For tests that change REDIS_PREFIX between workers. */
export function resetSignInLimiters() {
  limiters = undefined;
}
