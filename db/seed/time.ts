// Time passing, and nothing else. The demo's history took months, the seed takes seconds: a challenge is
// published and its proposals submitted while it is open, as the commands require, and only then are its
// dates moved to when that happened. Every UPDATE here sets a date or a time and never a status, a score
// or anything else the rules decide; nothing moves into the future.
import { sql } from "kysely";
import { db } from "../../app/server/connections.server";

const daysAgo = (days: number) => sql<Date>`now() - make_interval(days => ${days})`;

/**
 * The challenge opened `opensIn` days from today and closed `closesIn` days from today (both negative: in
 * the past). It was published a week before it opened, and its proposals were submitted in the days
 * before it closed.
 */
export async function moveChallengeDates(challengeId: string, opensIn: number, closesIn: number): Promise<void> {
  if (opensIn >= closesIn || closesIn >= 0) throw new Error("demo seed: a closed challenge opened and closed in the past, in that order");
  await db().updateTable("challenges")
    .set({ opens_at: daysAgo(-opensIn), closes_at: daysAgo(-closesIn), published_at: daysAgo(-opensIn + 7) })
    .where("id", "=", challengeId).where("published_at", "is not", null).execute();
  // Spread over the nine days before the deadline in the order they were submitted, so the seed stays
  // deterministic (the assignment reads proposals in submission order).
  await sql`UPDATE proposals SET submitted_at = ${daysAgo(-closesIn)} - make_interval(days => (1 + (8 - (o.n - 1) % 9))::int)
    FROM (SELECT id, row_number() OVER (ORDER BY submitted_at, created_at) AS n FROM proposals
      WHERE challenge_id = ${challengeId} AND submitted_at IS NOT NULL) o
    WHERE proposals.id = o.id`.execute(db());
}

/** A published challenge that is still open or upcoming: published a week before it opened (or a week ago). */
export async function movePublicationDate(challengeId: string): Promise<void> {
  await db().updateTable("challenges").set({ published_at: sql`least(now(), opens_at) - interval '7 days'` })
    .where("id", "=", challengeId).where("published_at", "is not", null).execute();
}

/**
 * After a closed challenge has been judged (and perhaps paired): reviews were submitted in the fortnight
 * after the deadline, feedback released three weeks after it and the pairing published five weeks after it,
 * each at the latest now.
 */
export async function moveJudgingDates(challengeId: string): Promise<void> {
  const closes = sql<Date>`(SELECT closes_at FROM challenges WHERE id = ${challengeId})`;
  await sql`UPDATE reviews SET submitted_at = least(now(), ${closes} + make_interval(days => (3 + o.n % 11)::int))
    FROM (SELECT id, row_number() OVER (ORDER BY submitted_at, created_at) AS n FROM reviews
      WHERE challenge_id = ${challengeId} AND submitted_at IS NOT NULL) o
    WHERE reviews.id = o.id`.execute(db());
  await db().updateTable("challenges")
    .set({
      feedback_released_at: sql`CASE WHEN feedback_released_at IS NULL THEN NULL ELSE least(now(), closes_at + interval '21 days') END`,
      pairing_published_at: sql`CASE WHEN pairing_published_at IS NULL THEN NULL ELSE least(now(), closes_at + interval '35 days') END`,
    })
    .where("id", "=", challengeId).execute();
}

/** A pilot whose plan was approved before it started: approved a week before its start date (at the latest now). */
export async function movePilotApproval(pilotId: string): Promise<void> {
  await db().updateTable("pilots").set({ approved_at: sql`least(now(), starts_on - interval '7 days')` })
    .where("id", "=", pilotId).where("approved_at", "is not", null).execute();
}
