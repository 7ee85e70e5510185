// Eligibility screening (decision 028): after the deadline the challenge's owner marks each submitted
// proposal eligible or ineligible, with a reason the applicant reads; an ineligible proposal is never
// assigned to a judge. Unscreened proposals are judged as before, so a round that does not screen is
// unchanged. Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("proposals")
    .addColumn("eligibility", "text", (c) => c.notNull().defaultTo("unscreened").check(sql`eligibility IN ('unscreened', 'eligible', 'ineligible')`))
    .addColumn("eligibility_reason", "text", (c) => c.notNull().defaultTo("").check(sql`char_length(eligibility_reason) <= 1000`))
    .addColumn("screened_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("screened_at", "timestamptz")
    .execute();
  await db.schema.alterTable("proposals")
    .addCheckConstraint("proposals_ineligible_has_reason", sql`eligibility <> 'ineligible' OR eligibility_reason <> ''`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("proposals").dropConstraint("proposals_ineligible_has_reason").execute();
  await db.schema.alterTable("proposals").dropColumn("eligibility").dropColumn("eligibility_reason").dropColumn("screened_by").dropColumn("screened_at").execute();
}
