// The audit trail: who did or saw what, when and from where. Append-only, enforced by the database
// itself (a trigger refuses UPDATE, DELETE and TRUNCATE), so neither a bug nor an admin with the app's
// credentials can rewrite history. No foreign keys: an event must outlive what it describes, and
// "ON DELETE SET NULL" would be an update. Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("audit_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // Who: a user id (resolved to a name when read, so an erased account shows as "Deleted user").
    .addColumn("actor_user_id", "uuid")
    .addColumn("actor_org_id", "uuid")
    // What: a dotted action name, the thing acted on, and the organisation that owns that thing.
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("subject_type", "text")
    .addColumn("subject_id", "text")
    .addColumn("subject_org_id", "uuid")
    // Where from: the client address and the request line (path only, never the query string).
    .addColumn("ip", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("method", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("path", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("detail", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex("audit_events_at_idx").on("audit_events").column("at").execute();
  await db.schema.createIndex("audit_events_actor_idx").on("audit_events").columns(["actor_user_id", "at"]).execute();
  await db.schema.createIndex("audit_events_subject_org_idx").on("audit_events").columns(["subject_org_id", "action", "at"]).execute();
  await db.schema.createIndex("audit_events_subject_idx").on("audit_events").columns(["subject_type", "subject_id"]).execute();

  await sql`
    CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`.execute(db);
  await sql`CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("audit_events").execute();
  await sql`DROP FUNCTION audit_events_append_only()`.execute(db);
}
