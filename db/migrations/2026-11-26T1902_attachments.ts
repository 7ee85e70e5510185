// Attachments: files a start-up attaches to a proposal, and evidence a pilot's team attaches to a milestone.
// The bytes live in the upload directory under `storage_name`, a name the server generates; the user's
// file name is kept only to be shown back (and never to the judges of a blind review). Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("attachments")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("proposal_id", "uuid", (c) => c.references("proposals.id").onDelete("cascade"))
    .addColumn("milestone_id", "uuid", (c) => c.references("milestones.id").onDelete("cascade"))
    // The organisation the file belongs to (the uploader's): it stays when the person's account goes.
    .addColumn("org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("uploaded_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("original_name", "text", (c) => c.notNull())
    .addColumn("storage_name", "text", (c) => c.notNull().unique())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull().check(sql`size_bytes >= 0`))
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("attachments_one_owner", sql`num_nonnulls(proposal_id, milestone_id) = 1`)
    .execute();
  await db.schema.createIndex("attachments_proposal_idx").on("attachments").columns(["proposal_id", "created_at"]).where(sql.ref("proposal_id"), "is not", null).execute();
  await db.schema.createIndex("attachments_milestone_idx").on("attachments").columns(["milestone_id", "created_at"]).where(sql.ref("milestone_id"), "is not", null).execute();
  await db.schema.createIndex("attachments_uploaded_by_idx").on("attachments").column("uploaded_by").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("attachments").execute();
}
