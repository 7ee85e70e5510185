// The service feedback form: anonymous answers (decision 014), throttled per client address in this
// process's memory only, kept two years, read by the programme office at /admin/feedback.
import { sql } from "kysely";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { FEEDBACK_KEPT_MONTHS, RATINGS, type Rating } from "../lib/feedback";
import { db } from "./connections.server";
import { tooManyRequests } from "./http.server";

/** Answers one client address may send in an hour, per web process; the address is never stored. */
export const FEEDBACK_LIMIT = { points: 10, duration: 60 * 60 };

const limiter = new RateLimiterMemory({ keyPrefix: "feedback", ...FEEDBACK_LIMIT });

/** Takes one of this address's answers for the hour, or throws 429. */
export async function countFeedback(clientIp: string): Promise<void> {
  try {
    await limiter.consume(clientIp || "unknown");
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
