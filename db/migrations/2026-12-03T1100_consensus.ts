// Panel discussion and consensus (decision 025): the judges of one proposal discuss it in a thread only they
// read, and a rapporteur the owner chooses among them writes the consensus report (a score per criterion and
// a summary), as in Horizon Europe's consensus meeting. The challenge gets a minimum total beside the
// per-criterion thresholds. Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // Minimum weighted total (0–5, the scale of every total here) a proposal needs to pass; null: none.
  await db.schema.alterTable("challenges")
    .addColumn("total_threshold", "real", (c) => c.check(sql`total_threshold BETWEEN 0 AND 5`))
    .execute();

  await db.schema
    .createTable("panel_messages")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("proposal_id", "uuid", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("judge_id", "uuid", (c) => c.notNull().references("judges.id").onDelete("cascade"))
    .addColumn("body", "text", (c) => c.notNull().check(sql`char_length(body) BETWEEN 1 AND 2000`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("panel_messages_proposal_idx").on("panel_messages").columns(["proposal_id", "created_at"]).execute();
  await db.schema.createIndex("panel_messages_judge_idx").on("panel_messages").column("judge_id").execute();

  // One report per proposal; the rapporteur may change while it is a draft (the draft stays with the proposal).
  await db.schema
    .createTable("consensus_reports")
    .addColumn("proposal_id", "uuid", (c) => c.primaryKey().references("proposals.id").onDelete("cascade"))
    .addColumn("challenge_id", "uuid", (c) => c.notNull().references("challenges.id").onDelete("cascade"))
    .addColumn("rapporteur_judge_id", "uuid", (c) => c.notNull().references("judges.id").onDelete("cascade"))
    .addColumn("summary", "text", (c) => c.notNull().defaultTo("").check(sql`char_length(summary) <= 5000`))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("draft").check(sql`status IN ('draft', 'submitted')`))
    .addColumn("chosen_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("chosen_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("submitted_at", "timestamptz")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("consensus_reports_submitted_at", sql`(status = 'submitted') = (submitted_at IS NOT NULL)`)
    .execute();
  await db.schema.createIndex("consensus_reports_challenge_idx").on("consensus_reports").columns(["challenge_id", "status"]).execute();
  await db.schema.createIndex("consensus_reports_rapporteur_idx").on("consensus_reports").column("rapporteur_judge_id").execute();

  await db.schema
    .createTable("consensus_scores")
    .addColumn("proposal_id", "uuid", (c) => c.notNull().references("consensus_reports.proposal_id").onDelete("cascade"))
    .addColumn("criterion_id", "uuid", (c) => c.notNull().references("rubric_criteria.id").onDelete("cascade"))
    .addColumn("score", "smallint", (c) => c.check(sql`score BETWEEN 0 AND 5`))
    .addColumn("comment", "text", (c) => c.notNull().defaultTo("").check(sql`char_length(comment) <= 2000`))
    .addPrimaryKeyConstraint("consensus_scores_pk", ["proposal_id", "criterion_id"])
    .execute();
  await db.schema.createIndex("consensus_scores_criterion_idx").on("consensus_scores").column("criterion_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("consensus_scores").execute();
  await db.schema.dropTable("consensus_reports").execute();
  await db.schema.dropTable("panel_messages").execute();
  await db.schema.alterTable("challenges").dropColumn("total_threshold").execute();
}
