// Load test: 200 simulated users (3 in 4 start-ups, 1 in 4 judges) work concurrently for a minute against
// the real web tier as `npm start` runs it (scripts/web-cluster.ts and WEB_CONCURRENCY web processes,
// production build, NODE_ENV=production; `--web-concurrency` to choose) and a job worker, both as child
// processes, over HTTP on loopback. Start-ups save drafts, submit, withdraw and submit again; judges save
// and submit reviews. Every request is a real form POST with the session cookie and the Origin header, and
// each redirect is followed with a GET as a browser would. Afterwards the database is counted and compared
// with what the clients believe they wrote: no error responses, no lost and no duplicated rows.
//
//   npm run bench:load -- [--seconds 60] [--users 200] [--think-ms 500] [--web-concurrency N] [--keep]
//
// Uses its own database, civic_bench_load (dropped and recreated on every run, dropped at the end unless
// --keep), and the local Redis under the key prefix "civicbenchload". Builds the app if build/ is missing.
// Exits 1 on any error response, lost or duplicated row.
import { execSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { adminUrl, databaseName } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { freePort } from "../../tests/support/processes";
import { webConcurrency } from "../../app/server/web-concurrency.server";
import { stopChildren } from "../children";

const DB_NAME = "civic_bench_load";
const DB_URL = `postgres://postgres@127.0.0.1:5432/${DB_NAME}`;
const REDIS_PREFIX = "civicbenchload";

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    // As npm start runs the web tier: this many web processes under scripts/web-cluster.ts (default one per core).
    "web-concurrency": { type: "string" },
    users: { type: "string", default: "200" },
    "think-ms": { type: "string", default: "500" },
    keep: { type: "boolean", default: false },
  },
});
const SECONDS = Number(args.seconds);
const WEB_PROCESSES = webConcurrency(args["web-concurrency"]);
const USERS = Number(args.users);
const THINK_MS = Number(args["think-ms"]);
const JUDGES = Math.round(USERS / 4);
const STARTUPS = USERS - JUDGES;
const REVIEWS_PER_JUDGE = 8;

// The seeding helpers read the configuration on first use: point them at the benchmark's database first.
process.env.DATABASE_URL = DB_URL;
process.env.REDIS_PREFIX = REDIS_PREFIX;
process.env.LOG_LEVEL = "silent";
// Production requires a key for second-factor secrets; the benchmark signs no one in with one.
process.env.TOTP_ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString("base64");

async function recreateDatabase(drop: boolean) {
  if (databaseName(DB_URL) !== DB_NAME) throw new Error("refusing to touch any database but the benchmark's own");
  const admin = postgres(adminUrl(DB_URL), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
    if (!drop) await admin.unsafe(`CREATE DATABASE "${DB_NAME}"`);
  } finally {
    await admin.end();
  }
}

// --- Seeding --------------------------------------------------------------------------------------------

interface Startup { userId: string; orgId: string; cookie: string; challengeId: string; questionId: string }
interface Judge { userId: string; cookie: string; reviews: string[] }

async function seed() {
  const f = await import("../../tests/support/factories");
  const { db } = await import("../../app/server/connections.server");
  const owner = await f.createMember("public_body");
  const open = [];
  for (let i = 0; i < 3; i++) {
    const c = await f.createChallenge(owner.orgId, { title: `Open challenge ${i + 1}` });
    const q = await db().selectFrom("eligibility_questions").select("id").where("challenge_id", "=", c.id).executeTakeFirstOrThrow();
    open.push({ id: c.id, questionId: q.id });
  }
  const startups: Startup[] = [];
  for (let i = 0; i < STARTUPS; i++) {
    const m = await f.createMember("startup");
    const c = open[i % open.length]!;
    startups.push({ userId: m.user.id, orgId: m.orgId, cookie: m.cookie, challengeId: c.id, questionId: c.questionId });
  }
  // A closed challenge in judging, with 40 submitted proposals and each judge assigned REVIEWS_PER_JUDGE of them.
  const closed = await f.createChallenge(owner.orgId, { title: "Closed challenge in judging" });
  const proposals: string[] = [];
  for (let i = 0; i < 40; i++) proposals.push((await f.createProposal(closed.id, (await f.createOrg("startup")).id, { status: "submitted" })).id);
  await f.closeChallenge(closed.id);
  await db().updateTable("challenges").set({ status: "judging" }).where("id", "=", closed.id).execute();
  await db().updateTable("proposals").set({ status: "under_review" }).where("challenge_id", "=", closed.id).execute();
  const criteria = (await db().selectFrom("rubric_criteria").select("id").where("challenge_id", "=", closed.id).orderBy("position").execute()).map((c) => c.id);
  const judges: Judge[] = [];
  for (let j = 0; j < JUDGES; j++) {
    const user = await f.createUser();
    const judge = await db().insertInto("judges").values({ challenge_id: closed.id, user_id: user.id, capacity: REVIEWS_PER_JUDGE })
      .returning("id").executeTakeFirstOrThrow();
    const reviews = await db().insertInto("reviews").values(Array.from({ length: REVIEWS_PER_JUDGE }, (_, t) => ({
      challenge_id: closed.id, proposal_id: proposals[(j + t * 5) % proposals.length]!, judge_id: judge.id, manual: true,
    }))).returning("id").execute();
    judges.push({ userId: user.id, cookie: await f.sessionCookieFor(user.id, null), reviews: reviews.map((r) => r.id) });
  }
  const { closeConnections } = await import("../../app/server/connections.server");
  await closeConnections();
  return { startups, judges, criteria };
}

// --- The simulated users --------------------------------------------------------------------------------

interface Sample { kind: string; status: number; ms: number; ok: boolean; error?: string }
const samples: Sample[] = [];
let base = "";

async function request(kind: string, path: string, cookie: string, expect: (status: number, location: string) => boolean, form?: Record<string, string>) {
  const started = performance.now();
  try {
    const res = await fetch(`${base}${path}`, {
      method: form ? "POST" : "GET",
      redirect: "manual",
      headers: { Cookie: cookie, Origin: base, ...(form ? { "Content-Type": "application/x-www-form-urlencoded" } : {}) },
      body: form ? new URLSearchParams(form) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    const body = await res.text();
    const location = res.headers.get("location") ?? "";
    const ok = expect(res.status, location);
    samples.push({ kind, status: res.status, ms: performance.now() - started, ok, error: ok ? undefined : `${path} → ${res.status} ${location} ${body.slice(0, 200)}` });
    return { ok, status: res.status, location };
  } catch (error) {
    samples.push({ kind, status: 0, ms: performance.now() - started, ok: false, error: `${path} → ${String(error)}` });
    return { ok: false, status: 0, location: "" };
  }
}

const redirectTo = (pattern: RegExp) => (status: number, location: string) => status === 302 && pattern.test(location);
const is200 = (status: number) => status === 200;
const think = () => new Promise((r) => setTimeout(r, Math.random() * THINK_MS));

interface StartupBelief { proposalId?: string; status: "draft" | "submitted" | "withdrawn"; title: string; submissions: number }

async function startupUser(s: Startup, i: number, until: number): Promise<StartupBelief> {
  const belief: StartupBelief = { status: "draft", title: "", submissions: 0 };
  // A double click on "Start a proposal": both answers lead to the one proposal.
  const applied = await Promise.all([0, 1].map(() =>
    request("apply", `/challenges/${s.challengeId}/apply`, s.cookie, redirectTo(/^\/my\/proposals\/[0-9a-f-]{36}$/), {})));
  const ids = new Set(applied.map((a) => a.location));
  if (ids.size !== 1 || !applied.every((a) => a.ok)) {
    samples.push({ kind: "apply", status: 0, ms: 0, ok: false, error: `double apply gave ${[...ids].join(", ")}` });
    return belief;
  }
  belief.proposalId = applied[0]!.location.split("/").pop()!;
  const page = `/my/proposals/${belief.proposalId}`;
  let version = 0;
  while (Date.now() < until) {
    if (belief.status === "submitted") {
      const r = await request("withdraw", page, s.cookie, redirectTo(/notice=proposal-withdrawn/), { intent: "withdraw" });
      if (r.ok) belief.status = "withdrawn";
    } else {
      const submit = Math.random() < 0.25;
      const title = `Start-up ${i} proposal, version ${++version}`;
      const r = await request(submit ? "submit" : "save", page, s.cookie, redirectTo(submit ? /^\/my\/proposals\/[^/?]+\/submitted$/ : /notice=proposal-saved/), {
        intent: submit ? "submit" : "save",
        title,
        summary: "Low-cost sensors outside every primary school, with live alerts for parents.",
        approach: "We install sensors at twenty schools, publish the data openly and work with parents to plan quieter routes.",
        expectedImpact: "A measurable fall in children's exposure to nitrogen dioxide.",
        team: "Three engineers and a public health researcher.",
        requestedGbp: String(40_000 + version),
        trl: "6",
        [`answers.${s.questionId}`]: `Yes (answer ${version})`,
      });
      if (r.ok) {
        belief.title = title;
        belief.status = submit ? "submitted" : "draft";
        if (submit) belief.submissions++;
      }
      if (r.ok) await request("page", r.location, s.cookie, is200);
    }
    await think();
  }
  return belief;
}

interface ReviewBelief { scores: Record<string, number>; comment: string; submitted: boolean }

async function judgeUser(j: Judge, criteria: string[], until: number): Promise<Map<string, ReviewBelief>> {
  const beliefs = new Map<string, ReviewBelief>();
  let n = 0;
  while (Date.now() < until) {
    const open = j.reviews.filter((id) => !beliefs.get(id)?.submitted);
    if (open.length === 0) {
      await request("page", "/judging", j.cookie, is200);
    } else {
      const reviewId = open[n++ % open.length]!;
      const submit = Math.random() < 0.25;
      const scores = Object.fromEntries(criteria.map((c) => [c, Math.floor(Math.random() * 6)]));
      const comment = `Comment ${n} on this proposal.`;
      const form: Record<string, string> = { intent: submit ? "submit" : "save", comment };
      for (const c of criteria) form[`scores.${c}.score`] = String(scores[c]);
      const r = await request(submit ? "review-submit" : "review-save", `/judging/reviews/${reviewId}`, j.cookie,
        redirectTo(submit ? /^\/judging\?notice=review-submitted$/ : /notice=review-saved/), form);
      if (r.ok) {
        beliefs.set(reviewId, { scores, comment, submitted: submit });
        await request("page", r.location, j.cookie, is200);
      }
    }
    await think();
  }
  return beliefs;
}

// --- Counting afterwards --------------------------------------------------------------------------------

interface Check { what: string; expected: number; found: number }

async function count(startups: Startup[], sb: StartupBelief[], judges: Judge[], jb: Map<string, ReviewBelief>[]) {
  const sql = postgres(DB_URL, { max: 2, onnotice: () => {} });
  const checks: Check[] = [];
  const problems: string[] = [];
  try {
    const orgIds = startups.map((s) => s.orgId);
    const proposals = await sql<{ id: string; org_id: string; status: string; title: string }[]>`
      SELECT id, org_id, status, title FROM proposals WHERE org_id = ANY(${orgIds}::uuid[])`;
    const byOrg = new Map<string, { id: string; status: string; title: string }[]>();
    for (const p of proposals) byOrg.set(p.org_id, [...(byOrg.get(p.org_id) ?? []), p]);
    let stateMatches = 0;
    startups.forEach((s, i) => {
      const rows = byOrg.get(s.orgId) ?? [];
      const b = sb[i]!;
      if (rows.length !== 1) problems.push(`start-up ${i}: ${rows.length} proposals`);
      else if (rows[0]!.id !== b.proposalId || rows[0]!.status !== b.status || (b.title && rows[0]!.title !== b.title)) {
        problems.push(`start-up ${i}: database has ${rows[0]!.status} "${rows[0]!.title}", client believes ${b.status} "${b.title}"`);
      } else stateMatches++;
    });
    checks.push({ what: "proposals (one per start-up)", expected: startups.length, found: proposals.length });
    checks.push({ what: "proposals in the state and title last saved", expected: startups.length, found: stateMatches });
    const [answers] = await sql<{ n: number; distinct_n: number }[]>`
      SELECT count(*)::int AS n, count(DISTINCT (proposal_id, question_id))::int AS distinct_n FROM eligibility_answers
      WHERE proposal_id = ANY(${proposals.map((p) => p.id)}::uuid[])`;
    checks.push({ what: "eligibility answers (one per proposal)", expected: startups.length, found: answers!.n });
    if (answers!.n !== answers!.distinct_n) problems.push("duplicated eligibility answers");
    const receipts = await sql<{ user_id: string; n: number }[]>`
      SELECT user_id, count(*)::int AS n FROM notifications WHERE kind = 'proposal_submitted' GROUP BY user_id`;
    const receiptsByUser = new Map(receipts.map((r) => [r.user_id, r.n]));
    startups.forEach((s, i) => {
      if ((receiptsByUser.get(s.userId) ?? 0) !== sb[i]!.submissions) problems.push(`start-up ${i}: ${receiptsByUser.get(s.userId) ?? 0} receipts for ${sb[i]!.submissions} submissions`);
    });
    checks.push({ what: "submission receipts (notifications outbox)", expected: sb.reduce((a, b) => a + b.submissions, 0), found: receipts.reduce((a, r) => a + r.n, 0) });

    const reviewIds = judges.flatMap((j) => j.reviews);
    const reviews = await sql<{ id: string; status: string; comment: string }[]>`SELECT id, status, comment FROM reviews WHERE id = ANY(${reviewIds}::uuid[])`;
    const scores = await sql<{ review_id: string; criterion_id: string; score: number | null }[]>`
      SELECT review_id, criterion_id, score FROM review_scores WHERE review_id = ANY(${reviewIds}::uuid[])`;
    const scoreOf = new Map(scores.map((s) => [`${s.review_id}|${s.criterion_id}`, s.score]));
    const beliefs = new Map(jb.flatMap((m) => [...m.entries()]));
    let touched = 0;
    let reviewMatches = 0;
    for (const r of reviews) {
      const b = beliefs.get(r.id);
      if (!b) {
        if (r.status !== "assigned") problems.push(`review ${r.id} is ${r.status} but no client wrote it`);
        continue;
      }
      touched++;
      const sameScores = Object.entries(b.scores).every(([c, v]) => scoreOf.get(`${r.id}|${c}`) === v);
      if (r.status === (b.submitted ? "submitted" : "in_progress") && r.comment === b.comment && sameScores) reviewMatches++;
      else problems.push(`review ${r.id}: database ${r.status} "${r.comment}", client believes ${b.submitted ? "submitted" : "in_progress"} "${b.comment}"`);
    }
    checks.push({ what: "reviews written (as last saved)", expected: beliefs.size, found: reviewMatches });
    checks.push({ what: "reviews submitted", expected: [...beliefs.values()].filter((b) => b.submitted).length, found: reviews.filter((r) => r.status === "submitted").length });
    checks.push({ what: "review scores (one per criterion)", expected: touched * 2, found: scores.length });
    if (new Set(scores.map((s) => `${s.review_id}|${s.criterion_id}`)).size !== scores.length) problems.push("duplicated review scores");
  } finally {
    await sql.end();
  }
  return { checks, problems };
}

// --- Main -----------------------------------------------------------------------------------------------

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const children: ChildProcess[] = [];
function startChild(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), "--import", "tsx", script], { env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit"] });
  children.push(child);
  return child;
}

async function main() {
  if (!existsSync("build/index.js")) {
    console.log("Building the app…");
    execSync("npm run --silent build", { stdio: "inherit" });
  }
  await recreateDatabase(false);
  await migrateToLatest(DB_URL);
  console.log(`Seeding ${STARTUPS} start-ups and ${JUDGES} judges (${REVIEWS_PER_JUDGE} reviews each)…`);
  const { startups, judges, criteria } = await seed();

  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = { NODE_ENV: "production", PORT: String(port), DATABASE_URL: DB_URL, REDIS_PREFIX, LOG_LEVEL: "warn", TOTP_ENCRYPTION_KEY: process.env.TOTP_ENCRYPTION_KEY! };
  // The web tier as npm start runs it: the cluster's primary and its WEB_CONCURRENCY web processes.
  startChild("scripts/web-cluster.ts", { ...env, WEB_CONCURRENCY: String(WEB_PROCESSES) });
  startChild("jobs/worker.ts", env);
  for (const started = Date.now(); ; await new Promise((r) => setTimeout(r, 200))) {
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) break;
    if (Date.now() - started > 60_000) throw new Error("the server did not start");
  }

  console.log(`${USERS} users for ${SECONDS} s against ${base} (think time 0–${THINK_MS} ms)…`);
  const loadBefore = loadavg()[0]!;
  const started = Date.now();
  const until = started + SECONDS * 1000;
  const [sb, jb] = await Promise.all([
    Promise.all(startups.map((s, i) => startupUser(s, i, until))),
    Promise.all(judges.map((j) => judgeUser(j, criteria, until))),
  ]);
  const elapsed = (Date.now() - started) / 1000;
  await stopChildren(children);

  const { checks, problems } = await count(startups, sb, judges, jb);
  const errors = samples.filter((s) => !s.ok);
  const kinds = [...new Set(samples.map((s) => s.kind))];
  const row = (name: string, list: Sample[]) => {
    const ms = list.map((s) => s.ms).sort((a, b) => a - b);
    return { name, requests: list.length, errors: list.filter((s) => !s.ok).length, p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99), perSecond: list.length / elapsed };
  };
  const rows = [row("all", samples), ...kinds.map((k) => row(k, samples.filter((s) => s.kind === k)))];
  console.log(`\n${USERS} users (${STARTUPS} start-ups, ${JUDGES} judges), ${elapsed.toFixed(1)} s, ${WEB_PROCESSES} web process(es), ${cpus().length} cores, Node ${process.version}, `
    + `load average ${loadBefore.toFixed(1)} before and ${loadavg()[0]!.toFixed(1)} after (other processes share the machine)\n`);
  console.log("| requests | count | errors | p50 ms | p95 ms | p99 ms | per second |");
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) console.log(`| ${r.name} | ${r.requests} | ${r.errors} | ${r.p50.toFixed(0)} | ${r.p95.toFixed(0)} | ${r.p99.toFixed(0)} | ${r.perSecond.toFixed(1)} |`);
  console.log("\n| rows | expected | found |");
  console.log("|---|---:|---:|");
  for (const c of checks) console.log(`| ${c.what} | ${c.expected} | ${c.found} |`);
  const statuses = new Map<number, number>();
  for (const s of samples) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
  console.log(`\nstatuses: ${[...statuses].map(([s, n]) => `${s}: ${n}`).join(", ")}`);
  for (const e of errors.slice(0, 20)) console.log(`ERROR ${e.kind}: ${e.error}`);
  for (const p of problems.slice(0, 20)) console.log(`MISMATCH ${p}`);
  const failed = errors.length > 0 || problems.length > 0 || checks.some((c) => c.expected !== c.found);
  console.log(failed ? "\nFAILED: errors, lost or duplicated rows (above)" : "\nOK: no error responses, no lost or duplicated rows");
  if (!args.keep) await recreateDatabase(true);
  process.exit(failed ? 1 : 0);
}

main().catch(async (error) => {
  console.error(error);
  await stopChildren(children);
  process.exit(1);
});
