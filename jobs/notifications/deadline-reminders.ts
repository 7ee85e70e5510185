// The daily deadline reminder: members of a start-up whose proposal is still a draft, to a challenge
// that closes within three days, are reminded once. The dedupe key holds the closing date, so running
// the job again the same day (or the next) sends nothing new, and a deadline that moves earns one more.
import { londonDay } from "../../app/lib/dates";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import { messages, notifyAll } from "../../app/server/notifications.server";

export const REMINDER_DAYS = 3;

export async function sendDeadlineReminders(db: DB, withinDays = REMINDER_DAYS): Promise<number> {
  const drafts = await db.selectFrom("proposals")
    .innerJoin("challenges", "challenges.id", "proposals.challenge_id")
    .innerJoin("memberships", "memberships.org_id", "proposals.org_id")
    .select(["proposals.id", "proposals.title", "challenges.title as challenge_title", "challenges.closes_at", "memberships.user_id"])
    .where("proposals.status", "=", "draft")
    .where("challenges.status", "=", "published")
    .where("challenges.closes_at", ">", sql<Date>`now()`)
    .where("challenges.closes_at", "<=", sql<Date>`now() + make_interval(days => ${withinDays})`)
    .execute();
  return notifyAll(db, drafts.map((d) => ({
    userId: d.user_id,
    kind: "deadline_approaching" as const,
    ...messages.deadlineApproaching({ proposalId: d.id, proposalTitle: d.title, challengeTitle: d.challenge_title, closesAt: new Date(d.closes_at) }),
    dedupeKey: `deadline:${d.id}:${londonDate(new Date(d.closes_at))}`,
  })));
}

/** YYYY-MM-DD of the day in London. */
const londonDate = londonDay;
