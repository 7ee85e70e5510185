// Who connects as whom (decision 011). Migrations run as the owner of the tables (MIGRATION_DATABASE_URL);
// the app, web and worker alike, runs as its own role (DATABASE_URL) that may read and write its tables and
// do nothing else: no DDL, not the owner, not a superuser, and on audit_events only INSERT and SELECT. So
// code running with the app's credentials, whatever it is made to do, cannot turn the trail's triggers
// off, empty it, drop it or rewrite it.
//
// `npx tsx db/roles.ts` creates the role if it is missing and applies the grants to the database of
// DATABASE_URL (idempotent; CI runs it); `npm start`, `npm run db:migrate` and the test set-up do the same
// after migrating.
import postgres from "postgres";
import { databaseName, DEFAULT_DATABASE_URL } from "./client";

/** Tables the app may add to and read, but never change or empty. */
const APPEND_ONLY = ["audit_events"];
/** The migrator's own bookkeeping: none of the app's business. */
const MIGRATOR_ONLY = ["kysely_migration", "kysely_migration_lock"];
/**
 * Equality monitoring answers (decision 033): the app may not read, write or join them at all, only call
 * the functions below, which run as the table's owner and answer one person's own answers or counts.
 */
const SEALED = ["monitoring_answers"];
const SEALED_FUNCTIONS = ["monitoring_save", "monitoring_withdraw", "monitoring_own", "monitoring_counts"];

export function appDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

/**
 * The owner's address: MIGRATION_DATABASE_URL (or DATABASE_OWNER_URL), else the app's database as the
 * `postgres` superuser on the same server, which is how this machine (and a fresh Debian PostgreSQL with
 * trust on localhost) is set up.
 */
export function migrationDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.MIGRATION_DATABASE_URL || env.DATABASE_OWNER_URL;
  if (explicit) return explicit;
  const u = new URL(appDatabaseUrl(env));
  u.username = "postgres";
  u.password = "";
  return u.toString();
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

function roleOf(url: string): { name: string; password: string } {
  const u = new URL(url);
  return { name: decodeURIComponent(u.username || "postgres"), password: decodeURIComponent(u.password) };
}

/**
 * Creates the app's role if it is missing (LOGIN, with the password in its URL if it has one), and makes sure
 * it holds no power it should not (not superuser, no CREATEDB or CREATEROLE). Returns the role's name, or null
 * when the app is configured to connect as the owner itself, which leaves the trail unguarded (said loudly).
 */
export async function ensureAppRole(ownerUrl: string, appUrl: string): Promise<string | null> {
  const app = roleOf(appUrl);
  const owner = roleOf(ownerUrl);
  if (app.name === owner.name) {
    console.warn(`DATABASE_URL connects as ${app.name}, the owner of the tables: the database cannot guard the audit trail. Use a role of its own (default civic_app).`);
    return null;
  }
  const sql = postgres(withDatabase(ownerUrl, "postgres"), { max: 1, onnotice: () => {} });
  try {
    const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS${app.password ? ` PASSWORD ${literal(app.password)}` : ""}`;
    const [found] = await sql<{ powers: boolean }[]>`
      SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls OR NOT rolcanlogin AS powers FROM pg_roles WHERE rolname = ${app.name}`;
    if (!found) {
      try {
        await sql.unsafe(`CREATE ROLE ${ident(app.name)} ${attributes}`);
        return app.name;
      } catch (error) {
        // Another process (a parallel test run) created it first: go on and check it.
        if ((error as { code?: string }).code !== "42710") throw error;
      }
    }
    // Only when something is to change: parallel runs altering one role at once can collide.
    if (!found || found.powers || app.password) await sql.unsafe(`ALTER ROLE ${ident(app.name)} ${attributes}`);
    return app.name;
  } finally {
    await sql.end();
  }
}

/**
 * What the app's role may do in the database of `ownerUrl`, applied after the migrations and again after
 * each (so a new table is covered, and default privileges cover tables a later migration creates).
 */
export async function grantAppRole(ownerUrl: string, role: string): Promise<void> {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  const r = ident(role);
  try {
    const [{ owner }] = await sql<{ owner: string }[]>`SELECT current_user AS owner`;
    const db = ident(databaseName(ownerUrl));
    await sql.begin(async (tx) => {
      // Connect, and nothing else at the database level: no schemas, no temporary tables, for anyone but those granted.
      await tx.unsafe(`REVOKE CREATE, TEMPORARY ON DATABASE ${db} FROM PUBLIC`);
      await tx.unsafe(`GRANT CONNECT ON DATABASE ${db} TO ${r}`);
      await tx.unsafe(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
      await tx.unsafe(`GRANT USAGE ON SCHEMA public TO ${r}`);
      await tx.unsafe(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`);
      await tx.unsafe(`REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${r}`);
      await tx.unsafe(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`);
      await tx.unsafe(`ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(owner!)} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${r}`);
      await tx.unsafe(`ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(owner!)} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${r}`);
      const present = new Set((await tx<{ name: string }[]>`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`).map((t) => t.name));
      for (const t of APPEND_ONLY.filter((n) => present.has(n))) await tx.unsafe(`REVOKE UPDATE, DELETE ON ${ident(t)} FROM ${r}`);
      for (const t of [...MIGRATOR_ONLY, ...SEALED].filter((n) => present.has(n))) await tx.unsafe(`REVOKE ALL ON ${ident(t)} FROM ${r}`);
      const functions = new Set((await tx<{ name: string }[]>`SELECT proname AS name FROM pg_proc WHERE pronamespace = 'public'::regnamespace`).map((f) => f.name));
      for (const f of SEALED_FUNCTIONS.filter((n) => functions.has(n))) await tx.unsafe(`GRANT EXECUTE ON FUNCTION ${ident(f)} TO ${r}`);
    });
  } finally {
    await sql.end();
  }
}

/** Both, for one database: the role exists and holds exactly its grants there. */
export async function prepareAppRole(ownerUrl: string, appUrl: string): Promise<string | null> {
  const role = await ensureAppRole(ownerUrl, appUrl);
  if (role) await grantAppRole(ownerUrl, role);
  return role;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const appUrl = appDatabaseUrl();
  const ownerUrl = migrationDatabaseUrl();
  try {
    const role = await prepareAppRole(ownerUrl, appUrl);
    if (!role) process.exit(1);
    console.log(`role ${role}: may read and write the tables of ${databaseName(ownerUrl)}; on audit_events only INSERT and SELECT`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
