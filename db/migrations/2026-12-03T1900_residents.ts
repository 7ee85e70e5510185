// Residents shape the challenges (issue 17, items 1–3; decision 035). A resident suggests a problem, which the
// programme office moderates before it is public; others support it (one support per account); a suggestion
// may be merged into another or become a challenge. Residents follow challenges and pilots, and leave
// feedback on live pilots that is moderated the same way and that the team may answer publicly. Any reader
// may report a suggestion or a piece of feedback. Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("suggestions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("author_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("title", "text", (c) => c.notNull().check(sql`char_length(title) BETWEEN 1 AND 120`))
    .addColumn("description", "text", (c) => c.notNull().check(sql`char_length(description) BETWEEN 1 AND 3000`))
    .addColumn("theme_id", "integer", (c) => c.notNull().references("themes.id"))
    .addColumn("area_id", "integer", (c) => c.notNull().references("areas.id"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending").check(sql`status IN ('pending', 'published', 'merged', 'declined')`))
    .addColumn("merged_into", "uuid", (c) => c.references("suggestions.id").onDelete("set null"))
    .addColumn("decline_reason", "text", (c) => c.check(sql`decline_reason IS NULL OR char_length(decline_reason) <= 1000`))
    .addColumn("moderated_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("moderated_at", "timestamptz")
    // Set when first published: a suggestion merged after it was public stays readable, to say where it went.
    .addColumn("published_at", "timestamptz")
    .addColumn("challenge_id", "uuid", (c) => c.references("challenges.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("suggestions_merged_has_target", sql`(status = 'merged') = (merged_into IS NOT NULL)`)
    .addCheckConstraint("suggestions_declined_has_reason", sql`status <> 'declined' OR decline_reason IS NOT NULL`)
    .addCheckConstraint("suggestions_not_merged_into_itself", sql`merged_into IS NULL OR merged_into <> id`)
    .execute();
  await db.schema.createIndex("suggestions_status_idx").on("suggestions").columns(["status", "created_at"]).execute();
  await db.schema.createIndex("suggestions_author_idx").on("suggestions").column("author_id").execute();
  // One challenge comes from at most one suggestion.
  await db.schema.createIndex("suggestions_challenge_idx").on("suggestions").column("challenge_id").unique().where(sql.ref("challenge_id"), "is not", null).execute();

  // One support per account per suggestion: the primary key, so concurrent supports count once.
  await db.schema
    .createTable("suggestion_supports")
    .addColumn("suggestion_id", "uuid", (c) => c.notNull().references("suggestions.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("suggestion_supports_pk", ["suggestion_id", "user_id"])
    .execute();
  await db.schema.createIndex("suggestion_supports_user_idx").on("suggestion_supports").column("user_id").execute();

  await db.schema
    .createTable("follows")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("challenge_id", "uuid", (c) => c.references("challenges.id").onDelete("cascade"))
    .addColumn("pilot_id", "uuid", (c) => c.references("pilots.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("follows_one_subject", sql`(challenge_id IS NULL) <> (pilot_id IS NULL)`)
    .execute();
  await db.schema.createIndex("follows_challenge_idx").on("follows").columns(["challenge_id", "user_id"]).unique().where(sql.ref("challenge_id"), "is not", null).execute();
  await db.schema.createIndex("follows_pilot_idx").on("follows").columns(["pilot_id", "user_id"]).unique().where(sql.ref("pilot_id"), "is not", null).execute();
  await db.schema.createIndex("follows_user_idx").on("follows").column("user_id").execute();

  await db.schema
    .createTable("pilot_feedback")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("pilot_id", "uuid", (c) => c.notNull().references("pilots.id").onDelete("cascade"))
    .addColumn("author_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("body", "text", (c) => c.notNull().check(sql`char_length(body) BETWEEN 1 AND 2000`))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending").check(sql`status IN ('pending', 'published', 'declined')`))
    .addColumn("decline_reason", "text", (c) => c.check(sql`decline_reason IS NULL OR char_length(decline_reason) <= 1000`))
    .addColumn("moderated_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("moderated_at", "timestamptz")
    .addColumn("answer", "text", (c) => c.check(sql`answer IS NULL OR char_length(answer) BETWEEN 1 AND 2000`))
    .addColumn("answered_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("answered_by_org_id", "uuid", (c) => c.references("organisations.id").onDelete("set null"))
    .addColumn("answered_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("pilot_feedback_declined_has_reason", sql`status <> 'declined' OR decline_reason IS NOT NULL`)
    .addCheckConstraint("pilot_feedback_answer_when_published", sql`answer IS NULL OR status = 'published'`)
    .execute();
  await db.schema.createIndex("pilot_feedback_pilot_idx").on("pilot_feedback").columns(["pilot_id", "status", "created_at"]).execute();
  await db.schema.createIndex("pilot_feedback_author_idx").on("pilot_feedback").column("author_id").execute();

  // A report of abuse from any reader (a visitor too: reporter_id null) on a suggestion or a piece of feedback.
  await db.schema
    .createTable("content_reports")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("suggestion_id", "uuid", (c) => c.references("suggestions.id").onDelete("cascade"))
    .addColumn("feedback_id", "uuid", (c) => c.references("pilot_feedback.id").onDelete("cascade"))
    .addColumn("reporter_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("reason", "text", (c) => c.notNull().check(sql`char_length(reason) BETWEEN 1 AND 1000`))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open").check(sql`status IN ('open', 'dismissed', 'upheld')`))
    .addColumn("resolved_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("resolved_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("content_reports_one_subject", sql`(suggestion_id IS NULL) <> (feedback_id IS NULL)`)
    .execute();
  await db.schema.createIndex("content_reports_open_idx").on("content_reports").columns(["status", "created_at"]).execute();
  await db.schema.createIndex("content_reports_reporter_idx").on("content_reports").column("reporter_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("content_reports").execute();
  await db.schema.dropTable("pilot_feedback").execute();
  await db.schema.dropTable("follows").execute();
  await db.schema.dropTable("suggestion_supports").execute();
  await db.schema.dropTable("suggestions").execute();
}
