// The database as its owner sees it, for what the app's own role may not do: test-only triggers that make a
// write fail, and checks of the privileges themselves. The owner's address is MIGRATION_DATABASE_URL (set
// per test file by tests/setup/databases.ts), falling back to the app's.
import postgres from "postgres";

export function ownerSql() {
  const url = process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error("no database for this test file");
  return postgres(url, { max: 1, onnotice: () => {} });
}

/**
 * Until the returned function is called, every INSERT into `table` whose new row matches `when` (SQL over
 * NEW) raises, as a full disk or a broken constraint would. Created in this test file's own database.
 */
export async function failInserts(table: string, when: string): Promise<() => Promise<void>> {
  const sql = ownerSql();
  const name = `test_refuse_${table}_${Math.random().toString(36).slice(2, 8)}`;
  try {
    await sql.unsafe(`CREATE OR REPLACE FUNCTION test_refuse_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'test: insert into % refused', TG_TABLE_NAME; END $$`);
    await sql.unsafe(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION test_refuse_insert()`);
  } finally {
    await sql.end();
  }
  return async () => {
    const drop = ownerSql();
    try {
      await drop.unsafe(`DROP TRIGGER ${name} ON ${table}`);
    } finally {
      await drop.end();
    }
  };
}

/**
 * Until the returned function is called, a query of the app's role that reads a row of `table` matching
 * `when` (SQL over the row) fails at that row, as a damaged page of a table would: half-way through its
 * rows, on a connection that stays usable. A row-level security policy (the owner is not subject to it).
 */
export async function failReads(table: string, when: string): Promise<() => Promise<void>> {
  const sql = ownerSql();
  const name = `test_refuse_read_${table}_${Math.random().toString(36).slice(2, 8)}`;
  try {
    await sql.unsafe(`CREATE OR REPLACE FUNCTION test_refuse_read(refuse boolean) RETURNS boolean LANGUAGE plpgsql AS $$
      BEGIN IF refuse THEN RAISE EXCEPTION 'test: read refused'; END IF; RETURN true; END $$`);
    await sql.unsafe(`CREATE POLICY ${name} ON ${table} FOR ALL USING (test_refuse_read(${when})) WITH CHECK (true)`);
    await sql.unsafe(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
  } finally {
    await sql.end();
  }
  return async () => {
    const drop = ownerSql();
    try {
      await drop.unsafe(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
      await drop.unsafe(`DROP POLICY ${name} ON ${table}`);
    } finally {
      await drop.end();
    }
  };
}
