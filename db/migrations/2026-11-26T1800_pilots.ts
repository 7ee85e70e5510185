// Pilot tracking: the plan (dates, budget, milestones, KPIs), measurements and their verification, and
// precomputed dashboard figures. Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("pilots")
    .addColumn("approved_at", "timestamptz")
    .addColumn("approved_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .execute();

  await db.schema
    .createTable("milestones")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("pilot_id", "uuid", (c) => c.notNull().references("pilots.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("due_on", "date", (c) => c.notNull())
    .addColumn("owner_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("planned").check(sql`status IN ('planned', 'done')`))
    .addColumn("done_on", "date")
    .addColumn("evidence", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("milestones_pilot_idx").on("milestones").columns(["pilot_id", "due_on"]).execute();

  await db.schema
    .createTable("kpis")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("pilot_id", "uuid", (c) => c.notNull().references("pilots.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("unit", "text", (c) => c.notNull())
    .addColumn("baseline", sql`double precision`, (c) => c.notNull())
    .addColumn("target", sql`double precision`, (c) => c.notNull())
    .addColumn("direction", "text", (c) => c.notNull().check(sql`direction IN ('higher', 'lower')`))
    .addColumn("frequency", "text", (c) => c.notNull().check(sql`frequency IN ('weekly', 'monthly', 'quarterly')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("kpis_pilot_idx").on("kpis").column("pilot_id").execute();

  await db.schema
    .createTable("measurements")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("kpi_id", "uuid", (c) => c.notNull().references("kpis.id").onDelete("cascade"))
    .addColumn("measured_on", "date", (c) => c.notNull())
    .addColumn("value", sql`double precision`, (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("recorded").check(sql`status IN ('recorded', 'verified', 'queried')`))
    .addColumn("query_note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("recorded_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("reviewed_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("reviewed_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("measurements_kpi_idx").on("measurements").columns(["kpi_id", "measured_on"]).execute();

  await db.schema
    .createTable("dashboard_rollups")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("data", "jsonb", (c) => c.notNull())
    .addColumn("computed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["dashboard_rollups", "measurements", "kpis", "milestones"]) await db.schema.dropTable(t).ifExists().execute();
  await db.schema.alterTable("pilots").dropColumn("approved_at").dropColumn("approved_by").execute();
}
