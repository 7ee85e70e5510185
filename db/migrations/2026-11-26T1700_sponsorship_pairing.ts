// Sponsorship, team pairing, teams and draft pilots, and notifications. Frozen in time.
import { sql, type Kysely } from "kysely";

const IN_KIND = [
  ["mentoring", "Mentoring"],
  ["data-access", "Data access"],
  ["cloud-credits", "Cloud credits"],
  ["test-sites", "Test sites"],
  ["procurement-route", "A route to procurement"],
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("in_kind_types")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .execute();
  await db.insertInto("in_kind_types").values(IN_KIND.map(([slug, name]) => ({ slug, name }))).execute();

  // What a start-up needs besides money, matched against sponsors' in-kind offers.
  await db.schema.alterTable("proposals").addColumn("needs", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`)).execute();

  await db.schema
    .createTable("sponsorships")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("challenge_id", "uuid", (c) => c.notNull().references("challenges.id").onDelete("cascade"))
    .addColumn("org_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("funding_gbp", "integer", (c) => c.notNull().defaultTo(0).check(sql`funding_gbp >= 0`))
    .addColumn("in_kind", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("capacity", "integer", (c) => c.notNull().check(sql`capacity BETWEEN 1 AND 100`))
    .addColumn("pref_themes", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("pref_tags", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("trl_min", "integer", (c) => c.notNull().defaultTo(1).check(sql`trl_min BETWEEN 1 AND 9`))
    .addColumn("trl_max", "integer", (c) => c.notNull().defaultTo(9).check(sql`trl_max BETWEEN 1 AND 9`))
    .addColumn("pref_area_ids", sql`integer[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("excluded_org_ids", sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("offered").check(sql`status IN ('offered', 'accepted', 'declined', 'withdrawn')`))
    .addColumn("decided_at", "timestamptz")
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("sponsorships_trl_ck", sql`trl_min <= trl_max`)
    .addUniqueConstraint("sponsorships_one_per_org_uq", ["challenge_id", "org_id"])
    .execute();
  await db.schema.createIndex("sponsorships_org_idx").on("sponsorships").column("org_id").execute();

  await db.schema
    .createTable("pairings")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("challenge_id", "uuid", (c) => c.notNull().references("challenges.id").onDelete("cascade"))
    .addColumn("proposal_id", "uuid", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("sponsorship_id", "uuid", (c) => c.notNull().references("sponsorships.id").onDelete("cascade"))
    .addColumn("run_id", "uuid", (c) => c.references("job_runs.id").onDelete("set null"))
    .addColumn("fit", "real", (c) => c.notNull())
    .addColumn("explanation", "jsonb", (c) => c.notNull())
    .addColumn("locked", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("proposed").check(sql`status IN ('proposed', 'published', 'declined', 'team')`))
    .addColumn("startup_response", "text", (c) => c.notNull().defaultTo("pending").check(sql`startup_response IN ('pending', 'accepted', 'declined')`))
    .addColumn("sponsor_response", "text", (c) => c.notNull().defaultTo("pending").check(sql`sponsor_response IN ('pending', 'accepted', 'declined')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("pairings_pair_uq", ["proposal_id", "sponsorship_id"])
    .execute();
  // A proposal has at most one live pairing; declined ones stay as history.
  await sql`CREATE UNIQUE INDEX pairings_one_live_per_proposal_uq ON pairings (proposal_id) WHERE status <> 'declined'`.execute(db);
  await db.schema.createIndex("pairings_challenge_idx").on("pairings").columns(["challenge_id", "status"]).execute();

  await db.schema
    .createTable("pairing_exclusions")
    .addColumn("proposal_id", "uuid", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("sponsorship_id", "uuid", (c) => c.notNull().references("sponsorships.id").onDelete("cascade"))
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("pairing_exclusions_pk", ["proposal_id", "sponsorship_id"])
    .execute();

  await db.schema.alterTable("challenges").addColumn("pairing_published_at", "timestamptz").execute();

  await db.schema
    .createTable("teams")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("challenge_id", "uuid", (c) => c.notNull().references("challenges.id").onDelete("cascade"))
    .addColumn("pairing_id", "uuid", (c) => c.notNull().unique().references("pairings.id").onDelete("cascade"))
    .addColumn("proposal_id", "uuid", (c) => c.notNull().unique().references("proposals.id").onDelete("cascade"))
    .addColumn("public_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("startup_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("corporate_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("pilots")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("team_id", "uuid", (c) => c.notNull().unique().references("teams.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("draft").check(sql`status IN ('draft', 'approved', 'running', 'completed')`))
    .addColumn("starts_on", "date")
    .addColumn("ends_on", "date")
    .addColumn("budget_gbp", "integer")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("notifications")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("user_id", "uuid", (c) => c.references("users.id").onDelete("cascade"))
    // For invitations to people without an account yet.
    .addColumn("to_email", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("queued").check(sql`status IN ('queued', 'sent', 'stored', 'failed')`))
    .addColumn("error", "text")
    // Makes "the same notice for the same event" idempotent (e.g. the daily deadline reminder).
    .addColumn("dedupe_key", "text", (c) => c.unique())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("sent_at", "timestamptz")
    .execute();
  await db.schema.createIndex("notifications_status_idx").on("notifications").columns(["status", "created_at"]).execute();

  await db.schema
    .createTable("notification_preferences")
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("enabled", "boolean", (c) => c.notNull())
    .addPrimaryKeyConstraint("notification_preferences_pk", ["user_id", "kind"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["notification_preferences", "notifications", "pilots", "teams", "pairing_exclusions", "pairings", "sponsorships", "in_kind_types"]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await db.schema.alterTable("challenges").dropColumn("pairing_published_at").execute();
  await db.schema.alterTable("proposals").dropColumn("needs").execute();
}
