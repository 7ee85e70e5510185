// Slows down password guessing without letting a guesser lock the owner out. Sign-in attempts are counted
// in Redis (shared by every web process) per account *and client address* (5 / 15 min: a guesser's address
// is held back, the owner elsewhere is not), per address (50 / 15 min, across accounts), and per account
// (100 / day, across addresses: slows guessing spread over many addresses; addresses the owner has signed in
// from in the last 30 days are exempt from it). Past a limit the answer is 429 until it expires.
// Every attempt takes its point *before* the password or code is checked (an atomic increment in Redis),
// so guesses sent all at once cannot all be checked while the count is still being read; a right answer
// gives its point back. The choice is written up in docs/security.md.
import { RateLimiterRes } from "rate-limiter-flexible";
import { connectedRedis, redis } from "./connections.server";
import { env } from "./env.server";
import { tooManyRequests } from "./http.server";
import { countedTwice, type Limiter } from "./rate-limits.server";

export const SIGN_IN_LIMITS = {
  /** One account from one client address. */
  perAccountAndIp: { points: 5, duration: 15 * 60 },
  /** One client address, whichever accounts it tries. */
  perIp: { points: 50, duration: 15 * 60 },
  /** One account from every address together: a day's guesses from many addresses. */
  perAccount: { points: 100, duration: 24 * 60 * 60 },
  /** Second-factor codes (TOTP or recovery), per user. */
  secondFactor: { points: 5, duration: 15 * 60 },
  /** The current password asked again by a signed-in user (password change, account deletion), per user. */
  currentPassword: { points: 5, duration: 15 * 60 },
};

/** An address the owner signed in from within this long is not held back by the account's daily limit. */
const KNOWN_ADDRESS_SECONDS = 30 * 24 * 60 * 60;

type Limiters = Record<"accountAndIp" | "ip" | "account" | "secondFactor" | "currentPassword", Limiter>;
let limiters: Limiters | undefined;

async function getLimiters(): Promise<Limiters> {
  // A new process counts in Redis from its first attempt, not in memory while it is still connecting.
  await connectedRedis();
  if (!limiters) {
    const prefix = `${env().REDIS_PREFIX}:signin`;
    limiters = {
      accountAndIp: countedTwice(`${prefix}:acctip`, SIGN_IN_LIMITS.perAccountAndIp),
      ip: countedTwice(`${prefix}:ip`, SIGN_IN_LIMITS.perIp),
      // The account's daily count is held in memory for 15 minutes only: a key a day for every email tried
      // would be too many to keep; the counts in front of it (per address, and per account and address)
      // bound what gets through meanwhile.
      account: countedTwice(`${prefix}:acct`, SIGN_IN_LIMITS.perAccount, { ...SIGN_IN_LIMITS.perAccount, duration: 15 * 60 }),
      secondFactor: countedTwice(`${prefix}:2fa`, SIGN_IN_LIMITS.secondFactor),
      currentPassword: countedTwice(`${prefix}:pw`, SIGN_IN_LIMITS.currentPassword),
    };
  }
  return limiters;
}

/**
 * Takes one point from each limiter for its key, all at once. If any has none left, throws 429 (with the
 * longest wait) and the caller checks nothing. consume() is an atomic increment, so of N parallel attempts
 * at most `points` get through. `excused` may let a refused attempt through after all.
 */
async function take(entries: [Limiter, string][], message: string, excused?: () => Promise<boolean>): Promise<void> {
  const results = await Promise.allSettled(entries.map(([limiter, key]) => limiter.consume(key)));
  const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
  if (refused.length === 0) return;
  const failure = refused.find((r) => !(r instanceof RateLimiterRes));
  if (failure) throw failure;
  if (excused && (await excused())) return;
  tooManyRequests(Math.max(...(refused as RateLimiterRes[]).map((r) => r.msBeforeNext)) / 1000, message);
}

const SIGN_IN_MESSAGE = "Too many failed sign-in attempts. Wait a few minutes and try again.";
/** The client address first: it never holds "|", so the key cannot be read two ways. */
const pairKey = (email: string, ip: string) => `${ip}|${email}`;
const knownKey = (email: string, ip: string) => `${env().REDIS_PREFIX}:signin:known:${pairKey(email, ip)}`;

/** Whether the owner signed in from this address lately; "no" when Redis cannot say. */
async function isKnownAddress(email: string, ip: string): Promise<boolean> {
  return (await redis().exists(knownKey(email, ip)).catch(() => 0)) === 1;
}

/**
 * Counts a sign-in attempt before its password is checked: 429 once this account from this address, or this
 * address, has no attempts left, or the account has had its day's attempts from everywhere (unless the owner
 * has signed in from this address before). The account's daily count is only taken by attempts that pass the
 * first two, so one address hammering an account cannot use up the day for everyone.
 */
export async function countSignInAttempt(email: string, ip: string): Promise<void> {
  const { accountAndIp, ip: byIp, account } = await getLimiters();
  await take([[accountAndIp, pairKey(email, ip)], [byIp, ip]], SIGN_IN_MESSAGE);
  await take([[account, email]], SIGN_IN_MESSAGE, () => isKnownAddress(email, ip));
}

/**
 * The password was right: this address's count for the account is cleared, the address and the account get
 * this attempt's point back, and the address is remembered as the owner's.
 */
export async function signInSucceeded(email: string, ip: string): Promise<void> {
  const { accountAndIp, ip: byIp, account } = await getLimiters();
  await Promise.allSettled([
    accountAndIp.delete(pairKey(email, ip)), byIp.reward(ip, 1), account.reward(email, 1),
    redis().set(knownKey(email, ip), "1", "EX", KNOWN_ADDRESS_SECONDS),
  ]);
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
