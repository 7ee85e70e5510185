// A review deadline per challenge (issue 16, item 8): the day by which its judges should have submitted their
// reviews. Judges with reviews still open are reminded as it nears; it joins the challenge's calendar. Null
// until the owner sets one. Frozen in time.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("challenges").addColumn("reviews_due_at", "timestamptz").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("challenges").dropColumn("reviews_due_at").execute();
}
