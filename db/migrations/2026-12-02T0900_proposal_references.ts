// A reference number for each submitted proposal, such as CIC-000042: given at its first submission, kept
// through a withdrawal and a second submission, quoted by the applicant to the programme office. Numbered
// from a sequence, so two are never the same; proposals submitted before this migration are numbered in
// the order they were submitted. Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE SEQUENCE proposal_reference_seq`.execute(db);
  await db.schema.alterTable("proposals").addColumn("reference", "text", (c) => c.unique()).execute();
  await sql`
    WITH numbered AS (SELECT id, row_number() OVER (ORDER BY submitted_at, id) AS n FROM proposals WHERE submitted_at IS NOT NULL)
    UPDATE proposals SET reference = 'CIC-' || to_char(numbered.n, 'FM000000') FROM numbered WHERE proposals.id = numbered.id
  `.execute(db);
  await sql`SELECT setval('proposal_reference_seq', greatest(count(*), 1), count(*) > 0) FROM proposals WHERE submitted_at IS NOT NULL`.execute(db);
  await sql`COMMENT ON COLUMN proposals.reference IS 'Given at the first submission (CIC- and a number from proposal_reference_seq) and never changed'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("proposals").dropColumn("reference").execute();
  await sql`DROP SEQUENCE proposal_reference_seq`.execute(db);
}
