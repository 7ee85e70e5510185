// Two-stage calls (issue 16, item 1; decision 032); named to run after the other migrations of the day. A two-stage challenge takes short expressions of interest
// until `eoi_closes_at`; the owner then invites some to stage two, whose full proposals are due at the
// challenge's closing date (so judging, scoring and pairing run on stage two's submissions, as for any call).
// A proposal's expression of interest is sent at `eoi_submitted_at`; `stage_two` is the owner's decision, with
// the message those not invited receive. Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("challenges")
    .addColumn("eoi_closes_at", "timestamptz")
    .addColumn("stage_two_decided_at", "timestamptz")
    .addColumn("stage_two_message", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await sql`ALTER TABLE challenges ADD CONSTRAINT challenges_eoi_ck CHECK (eoi_closes_at IS NULL OR (eoi_closes_at > opens_at AND eoi_closes_at < closes_at))`.execute(db);
  await db.schema.alterTable("proposals")
    .addColumn("eoi_submitted_at", "timestamptz")
    .addColumn("stage_two", "text", (c) => c.check(sql`stage_two IN ('invited', 'not_invited')`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("proposals").dropColumn("stage_two").dropColumn("eoi_submitted_at").execute();
  await db.schema.alterTable("challenges").dropConstraint("challenges_eoi_ck").execute();
  await db.schema.alterTable("challenges").dropColumn("stage_two_message").dropColumn("stage_two_decided_at").dropColumn("eoi_closes_at").execute();
}
