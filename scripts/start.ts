// `npm start`: the whole system on one machine. Makes sure PostgreSQL and Redis answer, creates and
// migrates the database, seeds the demo programme when the database is empty (never in production
// unless SEED_DEMO=true), builds, then runs the web server and the job worker until stopped.
import { execSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createDb } from "../db/client";
import { ensureDatabase, migrateToLatest } from "../db/migrate";
import { isEmpty, printDemoLogins, seedDemo } from "../db/seed";
import { ensurePostgres, ensureRedis } from "./services";

const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/civic_challenge";
const port = process.env.PORT ?? "3000";
const production = process.env.NODE_ENV === "production";

await ensurePostgres();
await ensureRedis();
if (await ensureDatabase(url)) console.log("Created the database.");
await migrateToLatest(url);
const db = createDb(url, { max: 1 });
if (await isEmpty(db)) {
  if (!production || process.env.SEED_DEMO === "true") {
    await seedDemo(db);
    console.log("Seeded the demo programme.");
    printDemoLogins();
  } else {
    console.log("Empty database in production: not seeding demo data (set SEED_DEMO=true to seed).");
  }
}
await db.destroy();

console.log("Building…");
execSync("npm run --silent build >/dev/null", { stdio: "inherit" });

const env = { ...process.env, PORT: port, NODE_ENV: process.env.NODE_ENV ?? "production", TOTP_ENCRYPTION_KEY: totpEncryptionKey() };
const children: ChildProcess[] = [
  spawn(process.execPath, ["--import", "tsx", "server.ts"], { stdio: "inherit", env }),
  spawn(process.execPath, ["--import", "tsx", "jobs/worker.ts"], { stdio: "inherit", env }),
];
console.log(`\nCivic Innovation Challenge: http://localhost:${port}\n`);

let stopping = false;
function stop(code: number) {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  setTimeout(() => process.exit(code), 15_000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r))))).then(() => process.exit(code));
}
for (const c of children) c.once("exit", (code) => stop(code ?? 1));
process.on("SIGTERM", () => stop(0));
process.on("SIGINT", () => stop(0));

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
