// Required answers (issue 16, item 2; decision 031): an eligibility question may be a closed question (yes/no
// or a choice) with the answers that can apply. `options` null is a free-text question, as before. Required
// answers sit at positions from 100 so the free-text questions keep their in-place positions. Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("eligibility_questions")
    .addColumn("options", sql`text[]`)
    .addColumn("accepted", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
  await sql`ALTER TABLE eligibility_questions ADD CONSTRAINT eligibility_questions_accepted_ck
    CHECK (options IS NULL AND cardinality(accepted) = 0 OR options IS NOT NULL AND cardinality(accepted) > 0 AND accepted <@ options)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DELETE FROM eligibility_questions WHERE options IS NOT NULL`.execute(db);
  await db.schema.alterTable("eligibility_questions").dropConstraint("eligibility_questions_accepted_ck").execute();
  await db.schema.alterTable("eligibility_questions").dropColumn("accepted").dropColumn("options").execute();
}
