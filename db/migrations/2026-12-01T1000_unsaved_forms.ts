// A form posted after its session ended (signed out in another tab, expired, revoked) is kept for an hour,
// so that after signing in again the user is back on it with what they typed; nothing in it is saved until
// they send it again. Keyed by the SHA-256 of a random token held in a cookie of that browser only, as
// sessions are. Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("unsaved_forms")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("path", "text", (c) => c.notNull())
    .addColumn("form_values", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("unsaved_forms_expires_at").on("unsaved_forms").column("expires_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("unsaved_forms").execute();
}
