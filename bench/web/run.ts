// Side-by-side web benchmark (issue 15, item 1): how far each page of the app is from the fastest a Node
// process can answer with the same bytes. For each page, public and signed in, on the city-scale seed,
// Debian's wrk measures requests/s at 16 connections and p50/p99 at one connection against the real
// production server, then the same against a bare node:http server (bench/web/bare-server.ts, a process
// of its own) that sends the status, content type and bytes the app sent, in the same run. The table
// gives the app's throughput as a fraction of the bare server's, and the issue's goals met or missed.
// The app runs as `npm start` runs it: the web cluster's primary and WEB_CONCURRENCY web processes on one
// port (scripts/web-cluster.ts); --web-concurrency 1,2 measures each page at each count, side by side.
//
//   npm run bench:web -- [--seconds 6] [--only /challenges,review,...] [--web-concurrency 1,2]
//                        [--json out.json] [--fresh | --keep]
//
// Uses its own database, civic_bench_web: created, migrated and seeded (demo + city scale) when it is missing
// or not seeded, reused as it is otherwise (the default, also --keep); --fresh drops and seeds it again.
// The web process connects as the app's own role (civic_app), as in production. Redis under the prefix
// "civicbenchweb". Builds the app if build/ is missing. Exits 1 if a page answers other than 200 or wrk
// reports socket errors or error answers: figures of error pages are worthless.
import { execFile, execSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import { answeredBy, freePort, webProcessesOf } from "../../tests/support/processes";
import { webConcurrency } from "../../app/server/web-concurrency.server";
import { stopChildren } from "../children";
import { benchDatabase, prepareBenchDatabase, seedFigures } from "./database";
import { benchPages, KPIS_CSV, type Page } from "./pages";
import {
  checkGoals, formatBytes, formatMs, formatRatio, markdownTable, parseWrk, sequentialResult, wrkProblems, type WrkResult,
} from "./figures";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const { ownerUrl: OWNER_URL, appUrl: APP_URL } = benchDatabase();
const REDIS_PREFIX = "civicbenchweb";
const WARMUP_SECONDS = 1;
/** A slow page must count as slow, not as a socket error (wrk's default timeout is 2 s). */
const WRK_TIMEOUT = "30s";
const KPIS_TTFB_GOAL_MS = 200;
const KPIS_SAMPLES = 5;
/**
 * A page slower than this at rest is timed by requests one after another instead of wrk (a page taking
 * a minute gives wrk nothing to count, and 16 of them at once keep the app busy for a quarter of an hour).
 */
const SLOW_MS = 1000;

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "6" },
    only: { type: "string" },
    json: { type: "string" },
    fresh: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    // Production's default: one web process per core.
    "web-concurrency": { type: "string", default: String(availableParallelism()) },
  },
});
/** Each count of web processes to measure the app with, as WEB_CONCURRENCY would be refused or taken. */
const WEB_PROCESSES = [...new Set(args["web-concurrency"].split(",").map((v) => webConcurrency(v.trim())))];
const SECONDS = Number(args.seconds);
if (!Number.isInteger(SECONDS) || SECONDS < 1) throw new Error("--seconds takes a whole number of seconds, 1 or more");
if (args.fresh && args.keep) throw new Error("--fresh and --keep contradict each other");

// The seed and the sessions go through the app's own modules, which read the configuration on first use.
process.env.DATABASE_URL = APP_URL;
process.env.MIGRATION_DATABASE_URL = OWNER_URL;
process.env.REDIS_PREFIX = REDIS_PREFIX;
process.env.LOG_LEVEL = "silent";
// Fixed, not random: the demo judge's and admin's second factor is stored encrypted with it, and the
// database is reused from run to run.
process.env.TOTP_ENCRYPTION_KEY = Buffer.alloc(32, 15).toString("base64");

// --- HTTP and wrk ---------------------------------------------------------------------------------------

interface Answer { status: number; headers: IncomingHttpHeaders; body: Buffer; firstByteMs: number; totalMs: number }

/**
 * One GET on a connection of its own, with no Accept-Encoding (as wrk sends it), so the bytes are those wrk
 * gets; times the first chunk of the body and the last.
 */
function get(base: string, path: string, cookie?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = httpRequest(`${base}${path}`, { agent: false, headers: cookie ? { Cookie: cookie } : {} }, (res) => {
      const chunks: Buffer[] = [];
      let firstByteMs: number | undefined;
      res.on("data", (chunk: Buffer) => {
        firstByteMs ??= performance.now() - started;
        chunks.push(chunk);
      });
      res.on("end", () => {
        const totalMs = performance.now() - started;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), firstByteMs: firstByteMs ?? totalMs, totalMs });
      });
      res.on("error", reject);
    });
    req.setTimeout(300_000, () => req.destroy(new Error(`${path}: no answer in 5 minutes`)));
    req.on("error", reject);
    req.end();
  });
}

const execFileP = promisify(execFile);

async function wrk(url: string, opts: { connections: number; seconds: number; cookie?: string }): Promise<WrkResult> {
  const single = opts.connections === 1;
  const { stdout } = await execFileP("wrk", [
    `-t${single ? 1 : 2}`, `-c${opts.connections}`, `-d${opts.seconds}s`, "--timeout", WRK_TIMEOUT,
    "--latency", ...(opts.cookie ? ["-H", `Cookie: ${opts.cookie}`] : []), url,
  ], { maxBuffer: 1 << 20 });
  return parseWrk(stdout);
}

/**
 * When wrk stops, up to 16 of its requests are still being answered: wait until /healthz answers about as
 * fast as it did at rest, so that this backlog is not counted in the next run.
 */
async function settle(base: string, restMs: number): Promise<boolean> {
  const until = Date.now() + 300_000;
  while (Date.now() < until) {
    const ms = await get(base, "/healthz").then((r) => r.totalMs, () => Infinity);
    if (ms <= Math.max(20, 3 * restMs)) return true;
  }
  return false;
}

// --- Processes ------------------------------------------------------------------------------------------

const children: ChildProcess[] = [];

function startChild(args: string[], env: Record<string, string>, stdout: "ignore" | "pipe"): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", stdout, "inherit"] });
  children.push(child);
  return child;
}


interface App { processes: number; base: string; primary: ChildProcess; webPids: number[] }

/**
 * The app as `npm start` runs it: the web cluster's primary and this many production web processes, as
 * the app's role, their request log (production's "info") sent nowhere. Ready once every web process
 * has answered on a connection of its own.
 */
async function startApp(processes: number): Promise<App> {
  const port = await freePort();
  const primary = startChild(["scripts/web-cluster.ts"], {
    NODE_ENV: "production", PORT: String(port), DATABASE_URL: APP_URL, REDIS_PREFIX, LOG_LEVEL: "info",
    TOTP_ENCRYPTION_KEY: process.env.TOTP_ENCRYPTION_KEY!, WEB_CONCURRENCY: String(processes),
  }, "ignore");
  const base = `http://127.0.0.1:${port}`;
  for (const started = Date.now(); ; await new Promise((r) => setTimeout(r, 200))) {
    if (primary.exitCode !== null) throw new Error(`the web cluster exited (${primary.exitCode})`);
    const webPids = webProcessesOf(primary.pid!);
    if (webPids.length === processes && (await get(base, "/healthz").then((r) => r.status === 200, () => false))) {
      const { byPid } = await answeredBy(port, webPids, 2 * processes);
      if ([...byPid.values()].every((n) => n > 0)) return { processes, base, primary, webPids };
    }
    if (Date.now() - started > 90_000) throw new Error(`the ${processes} web processes did not all answer in 90 s`);
  }
}

async function startBare(file: string): Promise<string> {
  const child = startChild(["bench/web/bare-server.ts", file], {}, "pipe");
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /port (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`the bare server exited (${code})`)));
  });
  return `http://127.0.0.1:${port}`;
}

/** The most memory the process has held (Linux's VmHWM), in bytes; undefined where /proc is not there. */
function peakRss(pid: number | undefined): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

// --- Main -----------------------------------------------------------------------------------------------

/** One count of web processes' figures for a page. */
interface AppRun { processes: number; rate: WrkResult; single: WrkResult; how?: string }

interface Measured {
  page: Page;
  status: number;
  bytes: number;
  headers: Record<string, string | string[] | undefined>;
  apps: AppRun[];
  bare?: { rate: WrkResult; single: WrkResult; how?: string };
  problems: string[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const webProcesses = (n: number) => `${n} web process${n === 1 ? "" : "es"}`;

/**
 * One page against one app: requests/s at 16 connections (or fewer, or GETs one after another for a
 * page slower than SLOW_MS at rest) and p50/p99 at one connection; problems are added to `m`.
 */
async function measureApp(app: App & { restMs: number }, m: Measured, firstMs: number): Promise<AppRun> {
  const { path, cookie } = m.page;
  const label = webProcesses(app.processes);
  if (firstMs > SLOW_MS) {
    // The first answer counts as one of the samples: two more, or one more for a page taking over 10 s.
    const samples = [firstMs];
    for (let i = firstMs > 10_000 ? 1 : 2; i > 0; i--) {
      const a = await get(app.base, path, cookie);
      if (a.status !== 200) m.problems.push(`${label}: answered ${a.status} on its sample ${samples.length + 1}`);
      samples.push(a.totalMs);
    }
    const seq = sequentialResult(samples, m.bytes * samples.length);
    return { processes: app.processes, rate: seq, single: seq, how: `${seq.requests} GETs` };
  }
  const connections = m.page.connections ?? 16;
  // Long enough for a few answers on each connection even from a slow page (up to 30 s).
  const longEnough = (n: number) => Math.max(SECONDS, Math.min(30, Math.ceil((5 * n * firstMs) / 1000)));
  await wrk(`${app.base}${path}`, { connections, seconds: WARMUP_SECONDS, cookie });
  if (!(await settle(app.base, app.restMs))) m.problems.push(`${label}: still busy 5 minutes after the warm-up`);
  const rate = await wrk(`${app.base}${path}`, { connections, seconds: longEnough(connections), cookie });
  if (!(await settle(app.base, app.restMs))) m.problems.push(`${label}: still busy 5 minutes after the run`);
  const single = await wrk(`${app.base}${path}`, { connections: 1, seconds: longEnough(1), cookie });
  // wrk takes a redirect for success: the page must still answer 200 after it (a session still valid).
  const after = await get(app.base, path, cookie);
  if (after.status !== 200) m.problems.push(`${label}: answered ${after.status} after the run`);
  for (const [side, r] of [[label, rate], [`${label}, 1 connection`, single]] as const) for (const p of wrkProblems(r)) m.problems.push(`${side}: ${p}`);
  return { processes: app.processes, rate, single, how: connections === 16 ? undefined : `-c${connections}` };
}

async function main() {
  if (!existsSync(join(ROOT, "build/index.js"))) {
    console.log("Building the app…");
    execSync("npm run --silent build", { cwd: ROOT, stdio: "inherit" });
  }
  const wrkVersion = (await execFileP("wrk", ["--version"]).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? "" }))).stdout.split("\n")[0]!;
  if (!wrkVersion.startsWith("wrk")) throw new Error("wrk is missing: apt-get install -y wrk");

  console.log(await prepareBenchDatabase(benchDatabase(), { fresh: args.fresh }));
  const all = await benchPages(OWNER_URL);
  const only = args.only?.split(",").map((s) => s.trim()).filter(Boolean);
  const chosen = only ? all.filter((p) => only.includes(p.key) || only.includes(p.path)) : all;
  if (only && chosen.length === 0) throw new Error(`--only matches none of: ${all.map((p) => p.key).join(", ")}`);
  const seed = await seedFigures(benchDatabase());

  // Every count's app is started before measuring, so that each page's figures at each count come one
  // after another, on the same kind of minute of a shared machine; the idle ones cost little meanwhile.
  const apps: (App & { restMs: number })[] = [];
  for (const n of WEB_PROCESSES) {
    const app = await startApp(n);
    const rest: number[] = [];
    for (let i = 0; i < 5; i++) rest.push((await get(app.base, "/healthz")).totalMs);
    apps.push({ ...app, restMs: median(rest) });
  }
  const tmp = mkdtempSync(join(tmpdir(), "bench-web-"));
  try {
    // Each page once: it must answer 200, and its bytes are what the bare server will send.
    const measured: Measured[] = [];
    const bodies: { path: string; status: number; contentType: string; body: string }[] = [];
    const firstMs = new Map<Page, number>();
    for (const page of chosen) {
      // A first answer warms the page (its modules, its queries' plans: /pilots takes 2 s cold, 45 ms after);
      // the second is the one timed, which decides whether the page is slow.
      await get(apps[0]!.base, page.path, page.cookie);
      const a = await get(apps[0]!.base, page.path, page.cookie);
      const problems = a.status === 200 ? [] : [`answered ${a.status}${a.headers.location ? ` → ${a.headers.location}` : ""}`];
      measured.push({ page, status: a.status, bytes: a.body.length, headers: a.headers, apps: [], problems });
      firstMs.set(page, a.totalMs);
      bodies.push({ path: page.path, status: a.status, contentType: String(a.headers["content-type"] ?? ""), body: a.body.toString("base64") });
    }
    writeFileSync(join(tmp, "pages.json"), JSON.stringify(bodies));
    const bare = await startBare(join(tmp, "pages.json"));

    let kpis: { firstByteMs: number[]; totalMs: number[]; bytes: number } | undefined;
    const loadBefore = loadavg();
    const started = Date.now();
    for (const m of measured) {
      if (m.problems.length) continue;
      const { path } = m.page;
      const first = firstMs.get(m.page)!;
      const slow = first > SLOW_MS;
      const connections = slow ? 1 : m.page.connections ?? 16;
      process.stdout.write(`${m.page.key} (${path})…`);
      for (const app of apps) m.apps.push(await measureApp(app, m, first));
      if (path === KPIS_CSV) {
        const samples: Answer[] = [];
        for (let i = 0; i < KPIS_SAMPLES; i++) samples.push(await get(apps[0]!.base, path));
        kpis = { firstByteMs: samples.map((s) => s.firstByteMs), totalMs: samples.map((s) => s.totalMs), bytes: samples[0]!.body.length };
      }
      await wrk(`${bare}${path}`, { connections, seconds: WARMUP_SECONDS });
      m.bare = { rate: await wrk(`${bare}${path}`, { connections, seconds: SECONDS }), single: await wrk(`${bare}${path}`, { connections: 1, seconds: SECONDS }) };
      m.bare.how = connections === 16 ? undefined : `-c${connections}`;
      for (const [side, r] of [["bare", m.bare.rate], ["bare, 1 connection", m.bare.single]] as const) {
        for (const p of wrkProblems(r)) m.problems.push(`${side}: ${p}`);
      }
      process.stdout.write(` ${m.apps.map((a) => `${a.rate.requestsPerSecond.toFixed(1)} (${webProcesses(a.processes)})`).join(", ")} vs ${m.bare.rate.requestsPerSecond.toFixed(0)} requests/s, `
        + `p50 ${m.apps.map((a) => formatMs(a.single.latency.p50)).join(", ")} vs ${formatMs(m.bare.single.latency.p50)}${m.problems.length ? ` (${m.problems.join("; ")})` : ""}\n`);
    }
    const elapsed = (Date.now() - started) / 1000;
    const loadAfter = loadavg();
    const rss = apps.map((a) => ({ processes: a.processes, primary: peakRss(a.primary.pid), web: a.webPids.map(peakRss) }));

    console.log(`\nbench/web, ${new Date().toISOString()}: ${seed.challenges} challenges, ${seed.proposals.toLocaleString("en")} proposals, `
      + `${seed.pilots} pilots, ${seed.measurements.toLocaleString("en")} measurements (demo + city scale), ${seed.audit_events.toLocaleString("en")} audit events`);
    console.log(`${wrkVersion.split(" Copyright")[0]}; requests/s: -t2 -c16 -d${SECONDS}s; p50/p99: -t1 -c1 -d${SECONDS}s --latency `
      + `(longer, up to 30 s, for a slow page: about five answers per connection); after ${WARMUP_SECONDS} s of warm-up per page and server; `
      + `a page slower than ${SLOW_MS / 1000} s at rest timed by GETs one after another, its bare twin with wrk -c1; ${elapsed.toFixed(0)} s in all`);
    console.log(`The app as npm start runs it (the web cluster's primary and ${WEB_PROCESSES.map(webProcesses).join(", then ")} on one port)`);
    console.log(`Node ${process.version}, ${cpus().length} CPUs, load average ${loadBefore.map((l) => l.toFixed(2)).join(" ")} before, `
      + `${loadAfter.map((l) => l.toFixed(2)).join(" ")} after (other processes share the machine)\n`);
    const rows = [["page", "who", "web processes", "bytes", "app req/s", "bare req/s", "ratio", "app p50", "app p99", "bare p50", "bare p99", "goal"]];
    const rate = (r: WrkResult, how?: string) => `${r.requestsPerSecond.toFixed(r.requestsPerSecond < 1 ? 3 : r.requestsPerSecond < 100 ? 1 : 0)}${how ? ` (${how})` : ""}`;
    for (const m of measured) {
      const name = m.page.key;
      if (m.apps.length === 0 || !m.bare) {
        rows.push([name, m.page.who, "—", formatBytes(m.bytes), "—", "—", "—", "—", "—", "—", "—", m.problems.join("; ")]);
        continue;
      }
      for (const a of m.apps) {
        const goal = checkGoals(m.page.goals, { appRps: a.rate.requestsPerSecond, bareRps: m.bare.rate.requestsPerSecond, appP50Ms: a.single.latency.p50 });
        rows.push([
          name, m.page.who, String(a.processes), formatBytes(m.bytes), rate(a.rate, a.how), rate(m.bare.rate, m.bare.how),
          formatRatio(a.rate.requestsPerSecond, m.bare.rate.requestsPerSecond),
          formatMs(a.single.latency.p50), formatMs(a.single.latency.p99), formatMs(m.bare.single.latency.p50), formatMs(m.bare.single.latency.p99),
          m.problems.length ? `INVALID: ${m.problems.join("; ")}` : goal.text,
        ]);
      }
    }
    console.log(markdownTable(rows, 2));
    const named = measured.filter((m) => m.page.key !== m.page.path);
    if (named.length) console.log(`\n${named.map((m) => `${m.page.key}: ${m.page.path}`).join("\n")}`);
    if (kpis) {
      const ok = median(kpis.firstByteMs) < KPIS_TTFB_GOAL_MS;
      console.log(`\n${KPIS_CSV} (${formatBytes(kpis.bytes)}), ${KPIS_SAMPLES} requests one after another (${webProcesses(apps[0]!.processes)}): time to first byte median `
        + `${formatMs(median(kpis.firstByteMs))} (max ${formatMs(Math.max(...kpis.firstByteMs))}), goal < ${KPIS_TTFB_GOAL_MS} ms ${ok ? "✓" : "✗"}; `
        + `total median ${formatMs(median(kpis.totalMs))} (max ${formatMs(Math.max(...kpis.totalMs))})`);
    }
    const size = (b: number | undefined) => (b === undefined ? "not available" : formatBytes(b));
    console.log(`Peak RSS (VmHWM): ${rss.map((r) => `${webProcesses(r.processes)}: ${r.web.map(size).join(" and ")}, the primary ${size(r.primary)}`).join("; ")}`);

    if (args.json) {
      writeFileSync(args.json, `${JSON.stringify({
        at: new Date().toISOString(), node: process.version, cpus: cpus().length, wrk: wrkVersion, seconds: SECONDS, webProcesses: WEB_PROCESSES,
        loadavg: { before: loadBefore, after: loadAfter }, seed, peakRssBytes: rss, kpisCsv: kpis,
        pages: measured.map((m) => ({ key: m.page.key, path: m.page.path, who: m.page.who, status: m.status, bytes: m.bytes, headers: m.headers, goals: m.page.goals, apps: m.apps, bare: m.bare, problems: m.problems })),
      }, null, 2)}\n`);
      console.log(`Figures written to ${args.json}`);
    }
    const invalid = measured.filter((m) => m.problems.length > 0);
    if (invalid.length) {
      console.log(`\nFAILED: ${invalid.map((m) => `${m.page.key}: ${m.problems.join("; ")}`).join("\n        ")}`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    await stopChildren(children);
  }
}

main().then(
  // Exit once the figures are out: a client left open by the seeding or the sessions (a pool, a Redis
  // connection) kept the process waiting after its last line (seen on 2 December).
  () => process.exit(process.exitCode ?? 0),
  async (error) => {
    console.error(error);
    await stopChildren(children);
    process.exit(1);
  },
);
