// Refusals (403s) counted per client address and minute, so the audit trail records the first few of each
// minute in full and the rest as one summary row with their count, instead of a row each: a flood of
// refused requests must not drown the trail. Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("audit_refusal_tallies")
    .addColumn("ip", "text", (c) => c.notNull())
    .addColumn("minute", "timestamptz", (c) => c.notNull())
    // Every refusal from this address in this minute.
    .addColumn("refused", "integer", (c) => c.notNull().defaultTo(0))
    // How many of those past the recorded ones a summary row already stands for.
    .addColumn("summarised", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("audit_refusal_tallies_pkey", ["ip", "minute"])
    .execute();
  await db.schema.createIndex("audit_refusal_tallies_minute_idx").on("audit_refusal_tallies").column("minute").execute();
  await sql`COMMENT ON TABLE audit_refusal_tallies IS 'Refusals per address and minute; the overflow of audit_events'' access.refused rows'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("audit_refusal_tallies").execute();
}
