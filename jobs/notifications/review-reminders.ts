// The daily review reminder: each judge with reviews not yet submitted, on a challenge whose review deadline
// falls within three days, is told how many are due and when, once per deadline (a moved deadline earns one
// more). How many, never which: the challenge may be blind.
import { sql } from "kysely";
import { formatDateTime, londonDay } from "../../app/lib/dates";
import { counted } from "../../app/lib/words";
import type { DB } from "../../db/client";
import { appUrl, notifyAll } from "../../app/server/notifications.server";

export const REVIEW_REMINDER_DAYS = 3;

export async function sendReviewReminders(db: DB, withinDays = REVIEW_REMINDER_DAYS): Promise<number> {
  const due = await db.selectFrom("reviews")
    .innerJoin("judges", "judges.id", "reviews.judge_id")
    .innerJoin("challenges", "challenges.id", "reviews.challenge_id")
    .select(["judges.id as judge_id", "judges.user_id", "challenges.title", "challenges.reviews_due_at", sql<string>`count(*)`.as("n")])
    .where("reviews.status", "in", ["assigned", "in_progress"])
    .where("challenges.feedback_released_at", "is", null)
    .where("challenges.reviews_due_at", ">", sql<Date>`now()`)
    .where("challenges.reviews_due_at", "<=", sql<Date>`now() + make_interval(days => ${withinDays})`)
    .groupBy(["judges.id", "judges.user_id", "challenges.title", "challenges.reviews_due_at"])
    .execute();
  return notifyAll(db, due.map((d) => ({
    userId: d.user_id,
    kind: "review_due" as const,
    subject: `Reviews due ${formatDateTime(d.reviews_due_at)}: ${d.title}`,
    body: `You have ${counted(Number(d.n), "review")} to finish for "${d.title}". They are due by ${formatDateTime(d.reviews_due_at)} (UK time):\n${appUrl("/judging")}`,
    dedupeKey: `review-due:${d.judge_id}:${londonDay(new Date(d.reviews_due_at!))}`,
  })));
}
