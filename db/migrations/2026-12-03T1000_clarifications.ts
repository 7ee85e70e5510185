// Clarifications of an open challenge (decision 027): a start-up's private question, answered and published
// without the asker's name, or a change to the call's terms (criteria, weights, eligibility questions, a later
// closing date), which once the challenge has opened is made only by publishing one. `changes` keeps what each
// change was, in words, so the record reads the same after later edits. Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("clarifications")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("challenge_id", "uuid", (c) => c.notNull().references("challenges.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind IN ('question', 'notice', 'change')`))
    // What the asker wrote, kept private; `question` is what is published (the owner may reword it).
    .addColumn("asked_text", "text", (c) => c.check(sql`asked_text IS NULL OR char_length(asked_text) <= 2000`))
    .addColumn("asked_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("asked_by_org_id", "uuid", (c) => c.references("organisations.id").onDelete("set null"))
    .addColumn("asked_at", "timestamptz")
    .addColumn("question", "text", (c) => c.notNull().defaultTo("").check(sql`char_length(question) <= 2000`))
    .addColumn("answer", "text", (c) => c.notNull().defaultTo("").check(sql`char_length(answer) <= 5000`))
    .addColumn("changes", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("asked").check(sql`status IN ('asked', 'published')`))
    .addColumn("published_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("published_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("clarifications_published_has_answer", sql`status = 'asked' OR (published_at IS NOT NULL AND answer <> '')`)
    .addCheckConstraint("clarifications_question_is_asked", sql`(kind = 'question') = (asked_text IS NOT NULL)`)
    .execute();
  await db.schema.createIndex("clarifications_challenge_idx").on("clarifications").columns(["challenge_id", "status", "published_at"]).execute();
  await db.schema.createIndex("clarifications_asked_by_idx").on("clarifications").column("asked_by").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("clarifications").execute();
}
