// A database per test worker, cloned from one migrated template (CREATE DATABASE … TEMPLATE takes
// a fraction of a second), and a Redis key prefix per worker so queues and rate limits never collide.
// As in production, the template is migrated by the owner and the app connects as its own role
// (db/roles.ts), which may only read and write the tables: every test exercises the app with the
// privileges it really has. Tests that need the owner (test-only triggers) use MIGRATION_DATABASE_URL.
import { Redis } from "ioredis";
import { readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import postgres from "postgres";
import { migrateToLatest } from "../../db/migrate";
import { ensureAppRole, grantAppRole } from "../../db/roles";

const SERVER = process.env.TEST_DATABASE_SERVER ?? "postgres://postgres@127.0.0.1:5432";
// The app's role on the same server (add a password to both if the server asks for one).
const APP_SERVER = process.env.TEST_APP_DATABASE_SERVER ?? (() => {
  const u = new URL(SERVER);
  u.username = "civic_app";
  u.password = "";
  return u.toString().replace(/\/$/, "");
})();
// Names carry the id of the Vitest run (the main process: process.pid in global setup, the parent of each
// forked worker), so two test runs on one machine never drop each other's databases.
const RUN = process.env.CIVIC_TEST_RUN ?? String(process.pid);
const TEMPLATE = `civic_test_${RUN}_template`;
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

function urlFor(name: string) {
  return `${SERVER}/${name}`;
}

function appUrlFor(name: string) {
  return `${APP_SERVER}/${name}`;
}

function appRole(): string {
  return decodeURIComponent(new URL(APP_SERVER).username);
}

async function withAdmin<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(urlFor("postgres"), { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

export async function recreateDatabase(name: string, template?: string) {
  await withAdmin(async (sql) => {
    await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await sql.unsafe(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
  });
}

export async function prepareTemplateDatabase() {
  process.env.CIVIC_TEST_RUN = RUN; // inherited by the forked workers
  await recreateDatabase(TEMPLATE);
  await migrateToLatest(urlFor(TEMPLATE));
  // The role is made once per run (idempotent), its grants in the template travel with every clone.
  if (!(await ensureAppRole(urlFor(TEMPLATE), appUrlFor(TEMPLATE)))) throw new Error("the tests' app role must not be the owner");
  await grantAppRole(urlFor(TEMPLATE), appRole());
}

/** Drops this run's databases, and those of runs that died without cleaning up. */
export async function dropRunDatabases() {
  await withAdmin(async (sql) => {
    const rows = await sql<{ datname: string }[]>`SELECT datname FROM pg_database WHERE datname LIKE ${`civic_test_${RUN}_%`}`;
    for (const { datname } of rows) await sql.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
  // And this run's upload directories.
  for (const name of await readdir(tmpdir())) {
    if (name.startsWith(`civic-test-uploads-${RUN}-`)) await rm(`${tmpdir()}/${name}`, { recursive: true, force: true });
  }
}

export function workerId(): string {
  return process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? "1";
}

/** Gives this test file a fresh database and Redis key space, and points the app's env at them. */
export async function useWorkerDatabase() {
  const id = workerId();
  const name = `civic_test_${RUN}_w${id}`;
  const { closeConnections } = await import("../../app/server/connections.server");
  await closeConnections();
  await recreateDatabase(name, TEMPLATE);
  // A clone keeps the template's table grants but not its database-level ones (CONNECT, no TEMPORARY).
  await grantAppRole(urlFor(name), appRole());
  process.env.DATABASE_URL = appUrlFor(name);
  process.env.MIGRATION_DATABASE_URL = urlFor(name);
  process.env.REDIS_URL = REDIS_URL;
  process.env.REDIS_PREFIX = `civictest${RUN}w${id}`;
  process.env.NODE_ENV = "test";
  // The webhook tests' receivers listen on 127.0.0.1 (decision 039); the tests of refusal turn this off per call.
  process.env.WEBHOOKS_ALLOW_LOOPBACK = "true";
  // Uploaded attachments go to this worker's own directory (emptied for each test file, like the database),
  // never the working tree's ./var/uploads.
  process.env.UPLOAD_DIR = `${tmpdir()}/civic-test-uploads-${RUN}-w${id}`;
  await rm(process.env.UPLOAD_DIR, { recursive: true, force: true });
  const { resetEnvCache } = await import("../../app/server/env.server");
  resetEnvCache();
  await clearRedisPrefix(process.env.REDIS_PREFIX);
  return { databaseUrl: process.env.DATABASE_URL, redisPrefix: process.env.REDIS_PREFIX };
}

export async function clearRedisPrefix(prefix: string) {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
