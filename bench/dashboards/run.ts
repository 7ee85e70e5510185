// Benchmark: page latency of the programme dashboard and of a pilot page at city scale (500 challenges,
// 20,000 proposals, 1,000 pilots, 100,000 measurements), over HTTP on loopback against the production build
// served in-process by our Express server, ~200 sequential requests per path after a warm-up. The floor is
// /healthz (one SELECT 1 through the same stack), so the table shows what each page costs above it.
//
//   npx tsx bench/dashboards/run.ts [path ...]
//
// Paths default to /dashboard and /pilots/<first approved pilot id> ("{pilot}" in a given path stands for
// that id); if /dashboard answers 404 (the routes are not in the build) it measures
// /open-data/programme.json and /api/pilots instead and says so.
// Uses its own database, civic_bench_dashboards, on the local server: dropped and recreated on every run.
// Builds the app first if build/ is missing (run `npm run build` yourself after changing routes).
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import postgres from "postgres";
import { adminUrl, createDb, databaseName } from "../../db/client";
import { ensureDatabase, migrateToLatest } from "../../db/migrate";
import { seedCity } from "../../db/seed-city";
import { seedDemo } from "../../db/seed";

const DB_NAME = "civic_bench_dashboards";
const DB_URL = `postgres://postgres@127.0.0.1:5432/${DB_NAME}`;
const WARMUP = 20;
const REQUESTS = 200;
const TARGET_MS = 150;
const FALLBACK_PATHS = ["/open-data/programme.json", "/api/pilots"];

// The app reads its configuration on first use: point it at the benchmark's database before anything runs.
process.env.DATABASE_URL = DB_URL;
process.env.NODE_ENV = "production";
// Production requires a key for second-factor secrets; the benchmark signs no one in with one.
process.env.TOTP_ENCRYPTION_KEY ??= Buffer.alloc(32, 5).toString("base64");
process.env.LOG_LEVEL = "silent";
process.env.REDIS_PREFIX = "civicbenchdashboards";

async function recreateDatabase(): Promise<void> {
  if (databaseName(DB_URL) !== DB_NAME) throw new Error("refusing to touch any database but the benchmark's own");
  const admin = postgres(adminUrl(DB_URL), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await ensureDatabase(DB_URL);
  await migrateToLatest(DB_URL);
}

interface Timing {
  path: string;
  status: number;
  bytes: number;
  samples: number[];
}

async function get(base: string, path: string): Promise<{ status: number; bytes: number }> {
  const res = await fetch(`${base}${path}`, { redirect: "manual" });
  const body = await res.arrayBuffer();
  return { status: res.status, bytes: body.byteLength };
}

async function measure(base: string, path: string): Promise<Timing> {
  let last = { status: 0, bytes: 0 };
  for (let i = 0; i < WARMUP; i++) last = await get(base, path);
  const samples: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    last = await get(base, path);
    samples.push(performance.now() - t);
  }
  return { path, status: last.status, bytes: last.bytes, samples: samples.sort((a, b) => a - b) };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(" | ")} |`;
  return [line(rows[0]!), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.slice(1).map(line)].join("\n");
}

async function main(): Promise<void> {
  if (!existsSync(new URL("../../build/index.js", import.meta.url))) {
    process.stderr.write("build/ is missing: running npm run build\n");
    execSync("npm run build", { stdio: "inherit" });
  }
  const t0 = performance.now();
  await recreateDatabase();
  const db = createDb(DB_URL, { max: 2 });
  let firstPilot: string;
  let seeded;
  try {
    await seedDemo(db);
    seeded = await seedCity(db);
    const pilot = await db.selectFrom("pilots").select("id").where("status", "in", ["approved", "running", "completed"])
      .orderBy("starts_on").orderBy("id").limit(1).executeTakeFirstOrThrow();
    firstPilot = pilot.id;
  } finally {
    await db.destroy();
  }
  process.stderr.write(`database ${DB_NAME} recreated, migrated and seeded (demo + city scale) in ${(performance.now() - t0) / 1000 | 0} s\n`);

  const { startAppServer } = await import("../../tests/support/server");
  const { closeConnections } = await import("../../app/server/connections.server");
  const app = await startAppServer();
  try {
    const asked = process.argv.slice(2).filter((a) => a.startsWith("/")).map((a) => a.replace("{pilot}", firstPilot));
    let paths = asked.length ? asked : ["/dashboard", `/pilots/${firstPilot}`];
    let note = "";
    if (!asked.length && (await get(app.url, "/dashboard")).status === 404) {
      paths = FALLBACK_PATHS;
      note = "/dashboard answered 404 (not in this build): measured the open-data fallbacks instead.";
    }
    const floor = await measure(app.url, "/healthz");
    const results: Timing[] = [];
    for (const path of paths) results.push(await measure(app.url, path));

    console.log(`Dashboards benchmark: ${seeded.challenges} challenges, ${seeded.proposals.toLocaleString("en")} proposals, ${seeded.pilots} pilots, ` +
      `${seeded.kpis.toLocaleString("en")} KPIs, ${seeded.measurements.toLocaleString("en")} measurements (city scale + demo)`);
    console.log(`Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    console.log(`HTTP on loopback to the production build in-process; ${WARMUP} warm-up then ${REQUESTS} sequential requests per path, time to the last body byte.\n`);
    if (note) console.log(`${note}\n`);
    console.log(table([
      ["path", "status", "body", "median", "p95", "min", "max", `median < ${TARGET_MS} ms`],
      ...[...results, floor].map((r) => [
        r.path === "/healthz" ? "/healthz (floor)" : r.path, String(r.status), `${(r.bytes / 1024).toFixed(1)} KiB`,
        ms(quantile(r.samples, 0.5)), ms(quantile(r.samples, 0.95)), ms(r.samples[0]!), ms(r.samples[r.samples.length - 1]!),
        r.path === "/healthz" ? "—" : quantile(r.samples, 0.5) < TARGET_MS ? "PASS" : "FAIL",
      ]),
    ]));
    const bad = results.filter((r) => r.status !== 200);
    if (bad.length) {
      console.log(`\nNot 200: ${bad.map((r) => `${r.path} → ${r.status}`).join(", ")}; those timings do not count.`);
      process.exitCode = 1;
    } else if (results.some((r) => quantile(r.samples, 0.5) >= TARGET_MS)) {
      process.exitCode = 1;
    }
  } finally {
    await app.close();
    await closeConnections();
  }
}

await main();
