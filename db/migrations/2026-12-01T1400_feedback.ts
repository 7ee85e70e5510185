// Answers to the feedback form linked from the phase banner on every page (decision 014). Anonymous by
// design: no user, organisation, e-mail or client address column, and the day it came rather than the
// moment, so that a row cannot be matched to a signed-in user's audit events by its time. The page it
// came from is a local path without its query string, with ids replaced (`/my/proposals/:id`).
// Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("feedback")
    // Newest first is by this number: the day alone does not order one day's answers.
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("rating", "text", (c) =>
      c.notNull().check(sql`rating IN ('very-satisfied', 'satisfied', 'neither', 'dissatisfied', 'very-dissatisfied')`))
    .addColumn("improvement", "text", (c) => c.notNull().defaultTo("").check(sql`char_length(improvement) <= 1200`))
    .addColumn("page", "text", (c) => c.check(sql`page IS NULL OR (page LIKE '/%' AND page NOT LIKE '//%' AND char_length(page) <= 200)`))
    .addColumn("received_on", "date", (c) => c.notNull().defaultTo(sql`current_date`))
    .execute();
  await db.schema.createIndex("feedback_received_on_idx").on("feedback").column("received_on").execute();
  await sql`COMMENT ON TABLE feedback IS 'Anonymous answers to the service feedback form: no personal data (decision 014)'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("feedback").execute();
}
