// A run for a whole round (no single challenge) is also one-at-a-time per kind. Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE UNIQUE INDEX job_runs_one_active_round_uq ON job_runs (kind) WHERE challenge_id IS NULL AND status IN ('queued', 'running')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS job_runs_one_active_round_uq`.execute(db);
}
