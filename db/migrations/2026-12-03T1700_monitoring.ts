// Equality and diversity monitoring (decision 033): each person's own answers, in a table of its own that
// the app's database role cannot read, write or join (db/roles.ts revokes every privilege on it). The app
// reaches it only through four functions that run as the table's owner: save and withdraw one person's
// answers, read one person's own (their form and their personal-data copy), and count them by population
// and furthest stage of the funnel, never by person. Frozen in time: a change to the funnel's stages is a
// new migration that replaces monitoring_counts.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const answer = (name: string) => (c: any) => c.notNull().check(sql`char_length(${sql.ref(name)}) BETWEEN 1 AND 40`);
  await db.schema
    .createTable("monitoring_answers")
    .addColumn("user_id", "uuid", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("gender", "text", answer("gender"))
    .addColumn("ethnicity", "text", answer("ethnicity"))
    .addColumn("disability", "text", answer("disability"))
    .addColumn("age_band", "text", answer("age_band"))
    .addColumn("borough", "text", answer("borough"))
    .addColumn("answered_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`REVOKE ALL ON monitoring_answers FROM PUBLIC`.execute(db);

  await sql`
    CREATE FUNCTION monitoring_save(p_user uuid, p_gender text, p_ethnicity text, p_disability text, p_age_band text, p_borough text)
    RETURNS void LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      INSERT INTO monitoring_answers (user_id, gender, ethnicity, disability, age_band, borough)
      VALUES (p_user, p_gender, p_ethnicity, p_disability, p_age_band, p_borough)
      ON CONFLICT (user_id) DO UPDATE SET gender = EXCLUDED.gender, ethnicity = EXCLUDED.ethnicity,
        disability = EXCLUDED.disability, age_band = EXCLUDED.age_band, borough = EXCLUDED.borough, answered_at = now()
    $$`.execute(db);
  await sql`
    CREATE FUNCTION monitoring_withdraw(p_user uuid) RETURNS boolean LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      WITH gone AS (DELETE FROM monitoring_answers WHERE user_id = p_user RETURNING 1) SELECT EXISTS (SELECT 1 FROM gone)
    $$`.execute(db);
  await sql`
    CREATE FUNCTION monitoring_own(p_user uuid)
    RETURNS TABLE (gender text, ethnicity text, disability text, age_band text, borough text, answered_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT gender, ethnicity, disability, age_band, borough, answered_at FROM monitoring_answers WHERE user_id = p_user
    $$`.execute(db);
  // Start-ups' founders at the furthest stage any proposal of their organisations reached (applied,
  // shortlisted, paired, piloting), as the challenge dashboard counts the funnel; judges apart. Counts only.
  await sql`
    CREATE FUNCTION monitoring_counts()
    RETURNS TABLE (population text, stage text, question text, answer text, n bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      WITH reached AS (
        SELECT m.user_id, max(CASE
          WHEN EXISTS (SELECT 1 FROM teams t JOIN pilots pl ON pl.team_id = t.id
                       WHERE t.proposal_id = p.id AND pl.status IN ('approved', 'running', 'completed')) THEN 4
          WHEN EXISTS (SELECT 1 FROM pairings pr WHERE pr.proposal_id = p.id AND pr.status IN ('published', 'team')) THEN 3
          WHEN p.status IN ('shortlisted', 'paired', 'piloting') THEN 2
          ELSE 1 END) AS stage
        FROM memberships m
        JOIN organisations o ON o.id = m.org_id AND o.kind = 'startup'
        JOIN proposals p ON p.org_id = m.org_id AND p.status NOT IN ('draft', 'withdrawn')
        GROUP BY m.user_id
      ), people AS (
        SELECT 'startups'::text AS population, (ARRAY['applied', 'shortlisted', 'paired', 'piloting'])[r.stage] AS stage,
          a.gender, a.ethnicity, a.disability, a.age_band, a.borough
        FROM reached r JOIN monitoring_answers a ON a.user_id = r.user_id
        UNION ALL
        SELECT 'judges', 'judges', a.gender, a.ethnicity, a.disability, a.age_band, a.borough
        FROM monitoring_answers a WHERE EXISTS (SELECT 1 FROM judges j WHERE j.user_id = a.user_id)
      )
      SELECT p.population, p.stage, q.question, q.answer, count(*)
      FROM people p CROSS JOIN LATERAL (VALUES ('gender', p.gender), ('ethnicity', p.ethnicity), ('disability', p.disability),
        ('age_band', p.age_band), ('borough', p.borough)) AS q (question, answer)
      GROUP BY 1, 2, 3, 4
    $$`.execute(db);
  for (const f of ["monitoring_save(uuid, text, text, text, text, text)", "monitoring_withdraw(uuid)", "monitoring_own(uuid)", "monitoring_counts()"]) {
    await sql`REVOKE ALL ON FUNCTION ${sql.raw(f)} FROM PUBLIC`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const f of ["monitoring_save(uuid, text, text, text, text, text)", "monitoring_withdraw(uuid)", "monitoring_own(uuid)", "monitoring_counts()"]) {
    await sql`DROP FUNCTION IF EXISTS ${sql.raw(f)}`.execute(db);
  }
  await db.schema.dropTable("monitoring_answers").execute();
}
