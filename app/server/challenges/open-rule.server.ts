// The one rule for where a challenge stands in time, on the database's clock. While its stored status is
// merely "published", its dates decide whether it is upcoming, open or closed, so a challenge opens and
// closes exactly on time without waiting for a scheduled job, and every check (the browse page, a
// submission, an upload, the owner's pages, the programme figures) uses the same instant: now() of the
// transaction, never the app server's clock.
import { sql, type RawBuilder } from "kysely";
import type { EffectiveChallengeStatus } from "../../lib/challenge-status";

/** The status a person sees, for `challenges` (joined in the query); at `at` for a report, else now(). */
export function effectiveStatusAt(at?: Date): RawBuilder<EffectiveChallengeStatus> {
  const now = at ? sql`${at.toISOString()}::timestamptz` : sql`now()`;
  return sql<EffectiveChallengeStatus>`CASE WHEN challenges.status = 'published' THEN
  CASE WHEN ${now} < challenges.opens_at THEN 'upcoming' WHEN ${now} < challenges.closes_at THEN 'open' ELSE 'closed' END
  ELSE challenges.status::text END`;
}

export const effectiveStatusSql = effectiveStatusAt();

/** Open for proposals now: published, opened, not yet closed. */
export const isOpenSql = sql<boolean>`(${effectiveStatusSql} = 'open')`;

/** True once the challenge has closed (its proposals are no longer sealed; judging may start). */
export const pastDeadlineSql = sql<boolean>`(challenges.closes_at <= now())`;
