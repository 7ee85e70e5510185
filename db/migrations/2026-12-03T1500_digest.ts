// The daily digest (issue 16, item 8; decision 030): a user chooses immediate emails or one a day. A notice
// for someone on the digest is "held" when recorded, and the daily job gathers each person's held notices into
// one email and marks them "digested". Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users")
    .addColumn("email_frequency", "text", (c) => c.notNull().defaultTo("immediate").check(sql`email_frequency IN ('immediate', 'daily')`))
    .execute();
  await sql`ALTER TABLE notifications DROP CONSTRAINT IF EXISTS notifications_status_check`.execute(db);
  await sql`ALTER TABLE notifications ADD CONSTRAINT notifications_status_check CHECK (status IN ('queued', 'sent', 'stored', 'failed', 'held', 'digested'))`.execute(db);
  await db.schema.createIndex("notifications_held_idx").on("notifications").columns(["user_id", "created_at"]).where(sql.ref("status"), "=", "held").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("notifications_held_idx").execute();
  await sql`UPDATE notifications SET status = 'queued' WHERE status = 'held'`.execute(db);
  await sql`UPDATE notifications SET status = 'stored' WHERE status = 'digested'`.execute(db);
  await sql`ALTER TABLE notifications DROP CONSTRAINT notifications_status_check`.execute(db);
  await sql`ALTER TABLE notifications ADD CONSTRAINT notifications_status_check CHECK (status IN ('queued', 'sent', 'stored', 'failed'))`.execute(db);
  await db.schema.alterTable("users").dropColumn("email_frequency").execute();
}
