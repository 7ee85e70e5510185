// Webhooks (decision 039): an organisation's administrators register https endpoints for some events;
// each event writes one delivery row per subscribed, enabled endpoint of each organisation entitled to it,
// in the transaction of the change itself (a transactional outbox). The worker sends them, signed, and
// retries with back-off. (endpoint_id, event_id) is unique, so an event enqueued twice is delivered once.
// The signing secret is kept encrypted (AES-256-GCM): it must be readable to sign, and is shown only once.
// Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("webhook_endpoints")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("org_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("url", "text", (c) => c.notNull().check(sql`char_length(url) BETWEEN 1 AND 2000`))
    .addColumn("events", sql`text[]`, (c) => c.notNull().check(sql`cardinality(events) >= 1`))
    // iv (12 bytes) ‖ ciphertext ‖ tag (16 bytes) of the secret's bytes.
    .addColumn("secret_encrypted", "bytea", (c) => c.notNull())
    .addColumn("enabled", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("webhook_endpoints_org_idx").on("webhook_endpoints").columns(["org_id", "created_at"]).execute();

  await db.schema
    .createTable("webhook_deliveries")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("endpoint_id", "uuid", (c) => c.notNull().references("webhook_endpoints.id").onDelete("cascade"))
    .addColumn("event", "text", (c) => c.notNull().check(sql`char_length(event) BETWEEN 1 AND 60`))
    // The event's own identity (the Webhook-Id header): the same for every attempt and every resend.
    .addColumn("event_id", "text", (c) => c.notNull().check(sql`event_id ~ '^[A-Za-z0-9_.:-]{1,200}$'`))
    .addColumn("payload", "jsonb", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending").check(sql`status IN ('pending', 'delivered', 'failed')`))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0).check(sql`attempts >= 0`))
    .addColumn("next_attempt_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_attempt_at", "timestamptz")
    .addColumn("last_status_code", "integer")
    .addColumn("last_error", "text", (c) => c.check(sql`char_length(last_error) <= 1000`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("delivered_at", "timestamptz")
    .addUniqueConstraint("webhook_deliveries_once", ["endpoint_id", "event_id"])
    .execute();
  // What the worker asks for: pending rows that are due, oldest first.
  await db.schema.createIndex("webhook_deliveries_due_idx").on("webhook_deliveries").columns(["next_attempt_at"])
    .where(sql.ref("status"), "=", "pending").execute();
  await db.schema.createIndex("webhook_deliveries_endpoint_idx").on("webhook_deliveries").columns(["endpoint_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("webhook_deliveries").execute();
  await db.schema.dropTable("webhook_endpoints").execute();
}
