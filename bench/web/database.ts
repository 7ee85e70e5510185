// The web benchmarks' city-scale database (bench/web/run.ts, bench/web/explain.ts): created, migrated and
// seeded (demo + city scale) when it is missing or not seeded, migrated and reused otherwise; `fresh`
// drops and seeds it again. Migrated as the owner (postgres); seeded, as scripts/start.ts seeds, through
// the app's own role (civic_app), which the web process then connects as.
import postgres from "postgres";
import { adminUrl, createDb, databaseName } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { prepareAppRole } from "../../db/roles";
import { seedDemo } from "../../db/seed";
import { hasCityData, seedCity } from "../../db/seed-city";

export const BENCH_DATABASE = "civic_bench_web";

export interface BenchDatabase {
  name: string;
  /** As the owner of the tables (postgres). */
  ownerUrl: string;
  /** As the app's own role (civic_app), as in production. */
  appUrl: string;
}

/** The benchmark's database, or another of its kind (a `civic_bench_*` or a helper's own) named by `name`. */
export function benchDatabase(name = BENCH_DATABASE): BenchDatabase {
  return { name, ownerUrl: `postgres://postgres@127.0.0.1:5432/${name}`, appUrl: `postgres://civic_app@127.0.0.1:5432/${name}` };
}

async function isSeeded(target: BenchDatabase): Promise<boolean> {
  const admin = postgres(adminUrl(target.ownerUrl), { max: 1, onnotice: () => {} });
  try {
    const [found] = await admin`SELECT 1 FROM pg_database WHERE datname = ${target.name}`;
    if (!found) return false;
  } finally {
    await admin.end();
  }
  const db = createDb(target.ownerUrl, { max: 1 });
  try {
    // The city seed runs after the demo's, so its rows mean both are there.
    return await hasCityData(db);
  } catch {
    return false; // not even migrated
  } finally {
    await db.destroy();
  }
}

/** Makes the database ready; says what it did. */
export async function prepareBenchDatabase(target: BenchDatabase, options: { fresh: boolean }): Promise<string> {
  if (databaseName(target.ownerUrl) !== target.name) throw new Error("refusing to touch any database but the benchmark's own");
  const reuse = !options.fresh && (await isSeeded(target));
  if (reuse) {
    // Idempotent: a migration added since the last run is applied, and the app's role granted its tables.
    await migrateToLatest(target.ownerUrl);
    await prepareAppRole(target.ownerUrl, target.appUrl);
    return `reused ${target.name} (--fresh seeds it again)`;
  }
  const t0 = performance.now();
  const admin = postgres(adminUrl(target.ownerUrl), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${target.name}" WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE "${target.name}"`);
  } finally {
    await admin.end();
  }
  await migrateToLatest(target.ownerUrl);
  await prepareAppRole(target.ownerUrl, target.appUrl);
  // As scripts/start.ts does: the demo is played through the app's commands, as the app's role.
  const db = createDb(target.appUrl, { max: 2 });
  try {
    await seedDemo(db);
    await seedCity(db);
  } finally {
    await db.destroy();
  }
  return `${target.name} created, migrated and seeded (demo + city scale) in ${((performance.now() - t0) / 1000).toFixed(0)} s`;
}

/** How many of the rows that make it city scale it holds. */
export async function seedFigures(target: BenchDatabase) {
  const sql = postgres(target.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const [n] = await sql<{ challenges: number; proposals: number; pilots: number; measurements: number; audit_events: number }[]>`
      SELECT (SELECT count(*)::int FROM challenges) AS challenges, (SELECT count(*)::int FROM proposals) AS proposals,
        (SELECT count(*)::int FROM pilots) AS pilots, (SELECT count(*)::int FROM measurements) AS measurements,
        (SELECT count(*)::int FROM audit_events) AS audit_events`;
    return n!;
  } finally {
    await sql.end();
  }
}
