// `npm run db:migrate`: creates the database if it is missing, then applies every pending migration as the
// owner (MIGRATION_DATABASE_URL), then gives the app's role (DATABASE_URL) its grants (db/roles.ts).
// Exits non-zero on failure so a start script or CI stops at once.
import { Migrator } from "kysely";
import postgres from "postgres";
import { adminUrl, createDb, databaseName } from "./client";
import { migrations } from "./migrations/index";
import { appDatabaseUrl, migrationDatabaseUrl, prepareAppRole } from "./roles";

export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseName(url);
  const admin = postgres(adminUrl(url), { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`;
    if (rows.length > 0) return false;
    await admin.unsafe(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    return true;
  } finally {
    await admin.end();
  }
}

export async function migrateToLatest(url: string): Promise<string[]> {
  const db = createDb(url, { max: 1 });
  try {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const { error, results } = await migrator.migrateToLatest();
    const failed = results?.find((r) => r.status === "Error");
    if (error || failed) {
      throw new Error(`migration ${failed?.migrationName ?? ""} failed: ${String(error)}`);
    }
    return (results ?? []).map((r) => r.migrationName);
  } finally {
    await db.destroy();
  }
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const url = migrationDatabaseUrl();
  try {
    if (await ensureDatabase(url)) console.log(`created database ${databaseName(url)}`);
    const applied = await migrateToLatest(url);
    console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
    const role = await prepareAppRole(url, appDatabaseUrl());
    if (role) console.log(`the app connects as ${role}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
