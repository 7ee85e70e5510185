// Changes to an approved pilot plan: proposed by a member of the team with the list of changes, decided
// by the public body, and applied in the transaction that records the decision. Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("plan_change_requests")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("pilot_id", "uuid", (c) => c.notNull().references("pilots.id").onDelete("cascade"))
    .addColumn("proposed_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("proposed_by_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("reason", "text", (c) => c.notNull())
    // The changes, each with what it named when proposed (titles, dates), so the request reads the same later.
    .addColumn("changes", "jsonb", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending").check(sql`status IN ('pending', 'approved', 'declined')`))
    .addColumn("decided_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("decided_at", "timestamptz")
    .addColumn("decision_note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("plan_change_requests_pilot_idx").on("plan_change_requests").columns(["pilot_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("plan_change_requests").execute();
}
