// The data-sharing register (decision 034): each pilot's team declares the datasets the pilot uses or
// receives; the pilot's public body approves each version. An entry is the dataset; a version is what was
// declared about it at one time. The newest approved version is the public one; a change after approval is
// a new pending version, so the approved one stays public until the new one is approved. Versions are
// never deleted: they are the entry's history. Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("data_register_entries")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("pilot_id", "uuid", (c) => c.notNull().references("pilots.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("data_register_entries_pilot_idx").on("data_register_entries").columns(["pilot_id", "created_at"]).execute();

  await db.schema
    .createTable("data_register_versions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("entry_id", "uuid", (c) => c.notNull().references("data_register_entries.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull().check(sql`version >= 1`))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending").check(sql`status IN ('pending', 'approved')`))
    .addColumn("dataset", "text", (c) => c.notNull().check(sql`char_length(dataset) BETWEEN 1 AND 200`))
    .addColumn("owner_organisation", "text", (c) => c.notNull().check(sql`char_length(owner_organisation) BETWEEN 1 AND 200`))
    .addColumn("description", "text", (c) => c.notNull().check(sql`char_length(description) BETWEEN 1 AND 2000`))
    .addColumn("personal_data", "boolean", (c) => c.notNull())
    .addColumn("purpose", "text", (c) => c.notNull().check(sql`char_length(purpose) BETWEEN 1 AND 1000`))
    // UK GDPR Article 6(1); null only for a dataset without personal data.
    .addColumn("legal_basis", "text", (c) => c.check(sql`legal_basis IN ('consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', 'legitimate_interests')`))
    .addColumn("retention", "text", (c) => c.notNull().check(sql`char_length(retention) BETWEEN 1 AND 500`))
    .addColumn("dpia_done", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("dpia_on", "date")
    .addColumn("access", "text", (c) => c.notNull().check(sql`char_length(access) BETWEEN 1 AND 1000`))
    // Who declared it: the organisation is public, the person is not (decision 008: set null when they leave).
    .addColumn("declared_by_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("declared_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("declared_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("approved_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("approved_at", "timestamptz")
    .addUniqueConstraint("data_register_versions_entry_version", ["entry_id", "version"])
    .addCheckConstraint("data_register_versions_dpia_dated", sql`dpia_done = (dpia_on IS NOT NULL)`)
    .addCheckConstraint("data_register_versions_basis", sql`NOT personal_data OR legal_basis IS NOT NULL`)
    .addCheckConstraint("data_register_versions_approved", sql`(status = 'approved') = (approved_at IS NOT NULL)`)
    .execute();
  // At most one version waits for approval per entry.
  await db.schema.createIndex("data_register_versions_one_pending").on("data_register_versions").column("entry_id").unique()
    .where(sql.ref("status"), "=", "pending").execute();
  await db.schema.createIndex("data_register_versions_declared_by_idx").on("data_register_versions").column("declared_by").execute();
  await db.schema.createIndex("data_register_versions_approved_by_idx").on("data_register_versions").column("approved_by").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("data_register_versions").execute();
  await db.schema.dropTable("data_register_entries").execute();
}
