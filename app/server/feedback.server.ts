// The service feedback form: anonymous answers (decision 014), throttled per client address across every
// web process (in Redis under a keyed hash of the address, never the address itself), kept two years,
// read by the programme office at /admin/feedback.
import { createHmac, hkdfSync } from "node:crypto";
import { sql } from "kysely";
import { RateLimiterRes } from "rate-limiter-flexible";
import { FEEDBACK_KEPT_MONTHS, RATINGS, type Rating } from "../lib/feedback";
import { db } from "./connections.server";
import { env } from "./env.server";
import { tooManyRequests } from "./http.server";
import { sharedLimiter } from "./rate-limits.server";

/** Answers one client address may send in an hour, whichever web process takes them. */
export const FEEDBACK_LIMIT = { points: 10, duration: 60 * 60 };

const limiter = sharedLimiter("feedback", FEEDBACK_LIMIT);

/**
 * The count's key for an address: an HMAC under a key derived from this deployment's secret, so what Redis
 * holds for the hour cannot be turned back into the address (a plain hash of an IPv4 address can, by trying
 * all four billion) and every web process names the same address the same way.
 */
export function feedbackCountKey(clientIp: string): string {
  const key = Buffer.from(hkdfSync("sha256", Buffer.from(env().TOTP_ENCRYPTION_KEY, "base64"), "", "civic feedback throttle", 32));
  return createHmac("sha256", key).update(clientIp || "unknown").digest("base64url");
}

/** Takes one of this address's answers for the hour, or throws 429. */
export async function countFeedback(clientIp: string): Promise<void> {
  try {
    await (await limiter()).consume(feedbackCountKey(clientIp));
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    tooManyRequests(error.msBeforeNext / 1000, "You have sent a lot of feedback in the last hour. Thank you: try again later.");
  }
}

export async function saveFeedback(answer: { rating: Rating; improvement: string; page: string | null }): Promise<void> {
  await db().transaction().execute(async (tx) => {
    // Older answers go as new ones come: no job needed, and nothing is kept past its time.
    await tx.deleteFrom("feedback").where("received_on", "<", sql<Date>`current_date - make_interval(months => ${FEEDBACK_KEPT_MONTHS})`).execute();
    await tx.insertInto("feedback").values(answer).execute();
  });
}

/** Every rating with how many answers gave it (zeros included), and the total. */
export async function feedbackCounts(): Promise<{ counts: { rating: Rating; count: number }[]; total: number }> {
  const rows = await db().selectFrom("feedback").select(["rating", sql<string>`count(*)`.as("n")]).groupBy("rating").execute();
  const by = new Map(rows.map((r) => [r.rating, Number(r.n)]));
  const counts = RATINGS.map((r) => ({ rating: r.value, count: by.get(r.value) ?? 0 }));
  return { counts, total: counts.reduce((n, c) => n + c.count, 0) };
}

export const FEEDBACK_PAGE_SIZE = 50;

/** One page of answers, newest first. */
export async function listFeedback(page: number) {
  return db().selectFrom("feedback").select(["id", "rating", "improvement", "page", "received_on"])
    .orderBy("id", "desc").limit(FEEDBACK_PAGE_SIZE).offset((page - 1) * FEEDBACK_PAGE_SIZE).execute();
}
