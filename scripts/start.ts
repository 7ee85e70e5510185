// `npm start`: the whole system on one machine. Makes sure PostgreSQL and Redis answer, creates and
// migrates the database (as its owner), creates the app's own role and grants it its tables, seeds the
// demo programme when the database is empty (never in production unless SEED_DEMO=true), builds, then
// runs the web processes (WEB_CONCURRENCY of them on PORT, under scripts/web-cluster.ts) and the job
// worker, as the app's role, until stopped, starting again whichever of them dies (scripts/supervisor.ts).
import { execSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createDb } from "../db/client";
import { ensureDatabase, migrateToLatest } from "../db/migrate";
import { closeConnections } from "../app/server/connections.server";
import { appDatabaseUrl, migrationDatabaseUrl, prepareAppRole } from "../db/roles";
import { isEmpty, printDemoLogins, printOpenInvitation, seedDemo } from "../db/seed";
import { ensurePostgres, ensureRedis } from "./services";
import { supervise, type ProcessSpec } from "./supervisor";
import { webProcessesOrExit } from "./web-cluster";

// The app (web and worker) connects as its own role; migrations run as the tables' owner (db/roles.ts).
const url = appDatabaseUrl();
const ownerUrl = migrationDatabaseUrl();
const port = process.env.PORT ?? "3000";
const production = process.env.NODE_ENV === "production";
// Checked before anything is touched.
const webProcesses = webProcessesOrExit();

await ensurePostgres();
await ensureRedis();
if (await ensureDatabase(ownerUrl)) console.log("Created the database.");
await migrateToLatest(ownerUrl);
await prepareAppRole(ownerUrl, url);
const db = createDb(url, { max: 1 });
if (await isEmpty(db)) {
  if (!production || process.env.SEED_DEMO === "true") {
    const seeded = await seedDemo(db);
    console.log(`Seeded the demo programme in ${seeded.seconds.toFixed(1)} s.`);
    printDemoLogins();
    printOpenInvitation(seeded);
  } else {
    console.log("Empty database in production: not seeding demo data (set SEED_DEMO=true to seed).");
  }
}
await db.destroy();
// The seed's commands used the app's own connection: closed before the web server and the worker start.
await closeConnections();

// START_SKIP_BUILD=1 uses the build already there (the resilience tests build once for every test).
if (process.env.START_SKIP_BUILD === "1" && existsSync("build/index.js")) {
  console.log("Using the existing build (START_SKIP_BUILD=1).");
} else {
  console.log("Building…");
  execSync("npm run --silent build >/dev/null", { stdio: "inherit" });
}

const env = {
  ...process.env, DATABASE_URL: url, PORT: port, NODE_ENV: process.env.NODE_ENV ?? "production", TOTP_ENCRYPTION_KEY: totpEncryptionKey(),
  WEB_CONCURRENCY: String(webProcesses),
};
const node = (script: string) => ({ command: process.execPath, args: ["--import", "tsx", script], env });
const processes: ProcessSpec[] = [
  // The web tier: a primary holding the port and its web processes, which it replaces itself.
  { name: "web", ...node("scripts/web-cluster.ts") },
  { name: "worker", ...node("jobs/worker.ts") },
];
const supervisor = supervise(processes);
console.log(`\nCivic Innovation Challenge: http://localhost:${port} (${webProcesses} web process${webProcesses === 1 ? "" : "es"})\n`);

// Stopping ends every process (SIGTERM, then SIGKILL after 15 s) and restarts none; then exits 0.
const stop = () => void supervisor.stop().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

/**
 * TOTP keys are encrypted with TOTP_ENCRYPTION_KEY, which production must set. When NODE_ENV was not set
 * explicitly (a demo machine running `npm start`), one is generated once and kept in var/ (git-ignored,
 * readable by this user only) so second factors survive restarts.
 */
function totpEncryptionKey(): string | undefined {
  if (process.env.TOTP_ENCRYPTION_KEY || process.env.NODE_ENV) return process.env.TOTP_ENCRYPTION_KEY;
  const file = "var/totp-encryption.key";
  if (!existsSync(file)) {
    mkdirSync("var", { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600 });
    console.log(`Generated a TOTP encryption key in ${file} (set TOTP_ENCRYPTION_KEY in production).`);
  }
  return readFileSync(file, "utf8").trim();
}
