// Refusals in the audit trail, bounded. Every 403 is counted per client address and minute
// (audit_refusal_tallies); the first REFUSALS_RECORDED_PER_MINUTE of each are recorded in full as
// `access.refused`, and the rest of that minute as one `access.refused_summary` row with their count,
// written once the minute is over (the worker's `summarise-refusals`, every minute). 1,000 refused POSTs
// in a minute from one address are then 21 rows, not 1,000, and the counts still add up: recorded rows +
// the summaries' `unrecorded` = refusals. Paths are cut to AUDIT_PATH_MAX characters everywhere in the trail.
import { sql } from "kysely";
import type { DB } from "../../db/client";

export const REFUSALS_RECORDED_PER_MINUTE = 20;
/** Our paths are far shorter; a longer one is someone's noise, and is cut. */
export const AUDIT_PATH_MAX = 200;

export function auditPath(path: string): string {
  return path.slice(0, AUDIT_PATH_MAX);
}

interface Refusal {
  actorUserId: string | null;
  actorOrgId: string | null;
  ip: string;
  method: string;
  path: string;
}

/** Counts one refusal and, when it is among the first of its address's minute, records it in full: one statement. */
export async function recordRefusal(executor: DB, r: Refusal): Promise<void> {
  await sql`
    WITH tally AS (
      INSERT INTO audit_refusal_tallies (ip, minute, refused) VALUES (${r.ip}, date_trunc('minute', now()), 1)
      ON CONFLICT (ip, minute) DO UPDATE SET refused = audit_refusal_tallies.refused + 1
      RETURNING refused
    )
    INSERT INTO audit_events (actor_user_id, actor_org_id, action, ip, method, path)
    SELECT ${r.actorUserId}::uuid, ${r.actorOrgId}::uuid, 'access.refused', ${r.ip}, ${r.method}, ${auditPath(r.path)}
    FROM tally WHERE tally.refused <= ${REFUSALS_RECORDED_PER_MINUTE}`.execute(executor);
}

/**
 * One summary row per address and minute begun before `before` (by default: the minutes that are over)
 * for the refusals past the recorded ones that no summary covers yet. Returns how many rows it wrote.
 * Run again, it writes nothing new; a minute summarised early gets a second row for what came after.
 */
export async function summariseRefusals(executor: DB, before: Date = new Date()): Promise<number> {
  const n = REFUSALS_RECORDED_PER_MINUTE;
  return executor.transaction().execute(async (tx) => {
    const written = await sql<{ id: string }>`
      WITH due AS (
        SELECT ip, minute, refused, summarised FROM audit_refusal_tallies
        WHERE minute < date_trunc('minute', ${before.toISOString()}::timestamptz) AND refused - ${n} > summarised
        FOR UPDATE
      ), marked AS (
        UPDATE audit_refusal_tallies t SET summarised = due.refused - ${n} FROM due
        WHERE t.ip = due.ip AND t.minute = due.minute
        RETURNING t.ip, t.minute, due.refused, due.refused - ${n} - due.summarised AS unrecorded
      )
      INSERT INTO audit_events (action, ip, detail)
      SELECT 'access.refused_summary', ip,
        jsonb_build_object('minute', minute, 'refusedInMinute', refused, 'recordedInMinute', ${n}::int, 'unrecorded', unrecorded)
      FROM marked RETURNING id`.execute(tx);
    // A day on, a tally has nothing left to say.
    await sql`DELETE FROM audit_refusal_tallies WHERE minute < now() - interval '1 day' AND refused - ${n} <= summarised`.execute(tx);
    return written.rows.length;
  });
}

/** Refusals counted for an address (every minute still tallied). */
export async function countedRefusals(executor: DB, ip: string): Promise<number> {
  const row = await executor.selectFrom("audit_refusal_tallies").select(sql<number>`coalesce(sum(refused), 0)::int`.as("n"))
    .where("ip", "=", ip).executeTakeFirstOrThrow();
  return row.n;
}
