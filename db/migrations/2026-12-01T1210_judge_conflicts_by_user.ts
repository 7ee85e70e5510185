// A judge's conflicts of interest belong to the person, not to one panel: `judge_conflicts.user_id`, filled
// from the judge row for existing conflicts, and unique per person and organisation (or proposal). `judge_id`
// stays as the panel the conflict was declared on, and outlives that judge row (set null). A trigger fills
// user_id from judge_id for an insert that names only the judge row. Duplicate declarations of one
// organisation on several panels are merged, keeping the most recent answer. Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("judge_conflicts")
    .addColumn("user_id", "uuid", (c) => c.references("users.id").onDelete("cascade"))
    .execute();
  await sql`UPDATE judge_conflicts c SET user_id = j.user_id FROM judges j WHERE j.id = c.judge_id`.execute(db);
  await sql`
    DELETE FROM judge_conflicts c USING judge_conflicts newer
    WHERE c.org_id IS NOT NULL AND newer.org_id = c.org_id AND newer.user_id = c.user_id
      AND (newer.created_at, newer.id) > (c.created_at, c.id)`.execute(db);
  await sql`ALTER TABLE judge_conflicts ALTER COLUMN user_id SET NOT NULL`.execute(db);

  await sql`ALTER TABLE judge_conflicts ALTER COLUMN judge_id DROP NOT NULL`.execute(db);
  await sql`ALTER TABLE judge_conflicts DROP CONSTRAINT judge_conflicts_judge_id_fkey`.execute(db);
  await sql`ALTER TABLE judge_conflicts ADD CONSTRAINT judge_conflicts_judge_id_fkey
    FOREIGN KEY (judge_id) REFERENCES judges(id) ON DELETE SET NULL`.execute(db);

  await sql`DROP INDEX judge_conflicts_org_uq`.execute(db);
  await sql`DROP INDEX judge_conflicts_proposal_uq`.execute(db);
  await sql`CREATE UNIQUE INDEX judge_conflicts_user_org_uq ON judge_conflicts (user_id, org_id) WHERE org_id IS NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX judge_conflicts_user_proposal_uq ON judge_conflicts (user_id, proposal_id) WHERE proposal_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX judge_conflicts_judge_idx ON judge_conflicts (judge_id)`.execute(db);

  await sql`
    CREATE FUNCTION judge_conflicts_user_from_judge() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.user_id IS NULL AND NEW.judge_id IS NOT NULL THEN
        SELECT user_id INTO NEW.user_id FROM judges WHERE id = NEW.judge_id;
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER judge_conflicts_user_from_judge BEFORE INSERT ON judge_conflicts
    FOR EACH ROW EXECUTE FUNCTION judge_conflicts_user_from_judge()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER judge_conflicts_user_from_judge ON judge_conflicts`.execute(db);
  await sql`DROP FUNCTION judge_conflicts_user_from_judge()`.execute(db);
  // Conflicts no longer tied to a panel cannot go back to a per-panel table.
  await sql`DELETE FROM judge_conflicts WHERE judge_id IS NULL`.execute(db);
  await sql`DROP INDEX judge_conflicts_judge_idx`.execute(db);
  await sql`DROP INDEX judge_conflicts_user_org_uq`.execute(db);
  await sql`DROP INDEX judge_conflicts_user_proposal_uq`.execute(db);
  await sql`CREATE UNIQUE INDEX judge_conflicts_org_uq ON judge_conflicts (judge_id, org_id) WHERE org_id IS NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX judge_conflicts_proposal_uq ON judge_conflicts (judge_id, proposal_id) WHERE proposal_id IS NOT NULL`.execute(db);
  await sql`ALTER TABLE judge_conflicts DROP CONSTRAINT judge_conflicts_judge_id_fkey`.execute(db);
  await sql`ALTER TABLE judge_conflicts ADD CONSTRAINT judge_conflicts_judge_id_fkey
    FOREIGN KEY (judge_id) REFERENCES judges(id) ON DELETE CASCADE`.execute(db);
  await sql`ALTER TABLE judge_conflicts ALTER COLUMN judge_id SET NOT NULL`.execute(db);
  await db.schema.alterTable("judge_conflicts").dropColumn("user_id").execute();
}
