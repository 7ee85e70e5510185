// Judging: panels, invitations, conflicts of interest, review assignments and scores, background job
// runs with progress, and computed proposal scores. Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("judge_invitations")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("challenge_id", "uuid", (c) => c.notNull().references("challenges.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull())
    // Like session tokens, only the SHA-256 of the link's token is stored.
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("invited_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("used_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("judge_invitations_challenge_idx").on("judge_invitations").column("challenge_id").execute();

  await db.schema
    .createTable("judges")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("challenge_id", "uuid", (c) => c.notNull().references("challenges.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("capacity", "integer", (c) => c.notNull().defaultTo(10).check(sql`capacity BETWEEN 0 AND 500`))
    .addColumn("themes", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("tags", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("expertise", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("judges_challenge_user_uq", ["challenge_id", "user_id"])
    .execute();
  await db.schema.createIndex("judges_user_idx").on("judges").column("user_id").execute();

  await db.schema
    .createTable("judge_conflicts")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("judge_id", "uuid", (c) => c.notNull().references("judges.id").onDelete("cascade"))
    .addColumn("org_id", "uuid", (c) => c.references("organisations.id").onDelete("cascade"))
    .addColumn("proposal_id", "uuid", (c) => c.references("proposals.id").onDelete("cascade"))
    .addColumn("relation", "text", (c) => c.notNull().check(sql`relation IN ('works_for', 'advises', 'holds_stake', 'other', 'recused')`))
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("judge_conflicts_target_ck", sql`(org_id IS NULL) <> (proposal_id IS NULL)`)
    .execute();
  await sql`CREATE UNIQUE INDEX judge_conflicts_org_uq ON judge_conflicts (judge_id, org_id) WHERE org_id IS NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX judge_conflicts_proposal_uq ON judge_conflicts (judge_id, proposal_id) WHERE proposal_id IS NOT NULL`.execute(db);

  await db.schema
    .createTable("job_runs")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("challenge_id", "uuid", (c) => c.references("challenges.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("queued").check(sql`status IN ('queued', 'running', 'completed', 'failed')`))
    .addColumn("progress", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("message", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("result", "jsonb")
    .addColumn("requested_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("started_at", "timestamptz")
    .addColumn("finished_at", "timestamptz")
    .execute();
  // Two clicks on "Assign judges" give one run: only one queued or running run per kind and challenge.
  await sql`CREATE UNIQUE INDEX job_runs_one_active_uq ON job_runs (kind, challenge_id) WHERE status IN ('queued', 'running')`.execute(db);
  await db.schema.createIndex("job_runs_challenge_idx").on("job_runs").columns(["challenge_id", "kind", "created_at"]).execute();

  await db.schema
    .createTable("reviews")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("challenge_id", "uuid", (c) => c.notNull().references("challenges.id").onDelete("cascade"))
    .addColumn("proposal_id", "uuid", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("judge_id", "uuid", (c) => c.notNull().references("judges.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("assigned").check(sql`status IN ('assigned', 'in_progress', 'submitted', 'recused')`))
    .addColumn("affinity", "real", (c) => c.notNull().defaultTo(0))
    // The assignment run that created it (null for a manual assignment).
    .addColumn("run_id", "uuid", (c) => c.references("job_runs.id").onDelete("set null"))
    .addColumn("manual", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("comment", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("submitted_at", "timestamptz")
    .addColumn("recused_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("reviews_proposal_judge_uq", ["proposal_id", "judge_id"])
    .execute();
  await db.schema.createIndex("reviews_judge_idx").on("reviews").columns(["judge_id", "status"]).execute();
  await db.schema.createIndex("reviews_challenge_idx").on("reviews").columns(["challenge_id", "status"]).execute();

  await db.schema
    .createTable("review_scores")
    .addColumn("review_id", "uuid", (c) => c.notNull().references("reviews.id").onDelete("cascade"))
    .addColumn("criterion_id", "uuid", (c) => c.notNull().references("rubric_criteria.id").onDelete("cascade"))
    .addColumn("score", "integer", (c) => c.check(sql`score BETWEEN 0 AND 5`))
    .addColumn("comment", "text", (c) => c.notNull().defaultTo(""))
    .addPrimaryKeyConstraint("review_scores_pk", ["review_id", "criterion_id"])
    .execute();

  await db.schema
    .createTable("proposal_scores")
    .addColumn("proposal_id", "uuid", (c) => c.primaryKey().references("proposals.id").onDelete("cascade"))
    .addColumn("challenge_id", "uuid", (c) => c.notNull().references("challenges.id").onDelete("cascade"))
    .addColumn("run_id", "uuid", (c) => c.notNull().references("job_runs.id").onDelete("cascade"))
    .addColumn("raw", "real", (c) => c.notNull())
    .addColumn("calibrated", "real", (c) => c.notNull())
    .addColumn("uncertainty", "real", (c) => c.notNull())
    .addColumn("review_count", "integer", (c) => c.notNull())
    .addColumn("disagreement", "boolean", (c) => c.notNull())
    .addColumn("passes_thresholds", "boolean", (c) => c.notNull())
    .addColumn("criterion_means", "jsonb", (c) => c.notNull())
    .addColumn("rank", "integer", (c) => c.notNull())
    .addColumn("computed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("proposal_scores_challenge_idx").on("proposal_scores").columns(["challenge_id", "rank"]).execute();

  await db.schema.alterTable("challenges").addColumn("feedback_released_at", "timestamptz").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("challenges").dropColumn("feedback_released_at").execute();
  for (const t of ["proposal_scores", "review_scores", "reviews", "job_runs", "judge_conflicts", "judges", "judge_invitations"]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
