// Organisation API tokens (decision 038): made and revoked by an organisation's administrators, shown once,
// stored as the SHA-256 of the token only (like sessions), scoped read or write. A revoked token stays as a
// row (who revoked it, when) so the page and the audit trail can say so; it never authenticates again.
// Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("api_tokens")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("org_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull().check(sql`char_length(name) BETWEEN 1 AND 80`))
    .addColumn("scope", "text", (c) => c.notNull().check(sql`scope IN ('read', 'write')`))
    // Hex SHA-256 of the token: 64 characters, unique (a token names one row).
    .addColumn("token_hash", "text", (c) => c.notNull().unique().check(sql`token_hash ~ '^[0-9a-f]{64}$'`))
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_used_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .addColumn("revoked_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addCheckConstraint("api_tokens_revoked_by_needs_revoked_at", sql`revoked_by IS NULL OR revoked_at IS NOT NULL`)
    .execute();
  await db.schema.createIndex("api_tokens_org_idx").on("api_tokens").columns(["org_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("api_tokens").execute();
}
