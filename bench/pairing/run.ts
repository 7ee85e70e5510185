// Benchmark: the "pair teams" job end to end on a whole round (50 challenges, 2,000 shortlisted
// proposals, 300 accepted sponsorships), through the real run wrapper (executeRun) against PostgreSQL,
// timed from job start to results committed. Then, on the same loaded inputs, the exact solver against
// a greedy baseline (highest fit first), so the table shows what exactness buys.
//
//   npx tsx bench/pairing/run.ts
//
// Uses its own database, civic_bench_pairing, on the local server: dropped and recreated on every run.
import { cpus, loadavg } from "node:os";
import type { Job } from "bullmq";
import { sql, type Insertable, type RawBuilder } from "kysely";
import postgres from "postgres";
import { seededRandom } from "../../app/lib/seeded-random";
import { adminUrl, createDb, databaseName, type DB } from "../../db/client";
import { ensureDatabase, migrateToLatest } from "../../db/migrate";
import type { Database } from "../../db/schema";
import { solveBMatching } from "../../app/rules/match/solver";
import { loadPairingInputs, pairTeams, type PairingTimings } from "../../jobs/pairing/pair-teams";
import { buildPairingProblem, readPairingSolution, type PairingInput } from "../../app/rules/pairing/pairing-problem";
import { executeRun } from "../../jobs/runs";

const DB_NAME = "civic_bench_pairing";
const URL = `postgres://postgres@127.0.0.1:5432/${DB_NAME}`;
const ROUND = { challenges: 50, proposalsPerChallenge: 40, sponsorsPerChallenge: 6 };
const ORGS = { publicBodies: 10, startups: 600, corporates: 100 };
const TARGET_MS = 5000;
const REPEATS = 3;
const SEED = 20261126;
const TAGS = ["ai", "iot", "open-data", "mobility", "energy", "housing", "health", "sensors", "accessibility", "retrofit", "social-care", "air-quality"];

const random = seededRandom(SEED);
const { int, pick, sample, uuid } = random;

function* chunks<T>(rows: T[], size = 1000): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

async function recreateDatabase(): Promise<void> {
  if (databaseName(URL) !== DB_NAME) throw new Error("refusing to touch any database but the benchmark's own");
  const admin = postgres(adminUrl(URL), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await ensureDatabase(URL);
  await migrateToLatest(URL);
}

interface Seeded {
  proposals: number;
  sponsorships: number;
  capacity: number;
}

async function seedRound(db: DB): Promise<Seeded> {
  const themes = await db.selectFrom("themes").select(["id", "slug"]).orderBy("id").execute();
  const areaIds = (await db.selectFrom("areas").select("id").orderBy("id").execute()).map((a) => a.id);
  const inKind = (await db.selectFrom("in_kind_types").select("slug").orderBy("id").execute()).map((k) => k.slug);

  const orgs: Insertable<Database["organisations"]>[] = [];
  const makeOrgs = (kind: "public_body" | "startup" | "corporate", n: number) =>
    Array.from({ length: n }, (_, i) => {
      const id = uuid();
      orgs.push({ id, name: `Bench ${kind} ${i + 1}`, kind, join_code: `BENCH-${kind}-${i + 1}`, verified_at: new Date() });
      return id;
    });
  const publicBodies = makeOrgs("public_body", ORGS.publicBodies);
  const startups = makeOrgs("startup", ORGS.startups);
  const corporates = makeOrgs("corporate", ORGS.corporates);

  const challenges: Insertable<Database["challenges"]>[] = [];
  const challengeAreas: Insertable<Database["challenge_areas"]>[] = [];
  const scoreRuns: Insertable<Database["job_runs"]>[] = [];
  const proposals: Insertable<Database["proposals"]>[] = [];
  const scores: Insertable<Database["proposal_scores"]>[] = [];
  const sponsorships: Insertable<Database["sponsorships"]>[] = [];
  let capacity = 0;
  for (let c = 0; c < ROUND.challenges; c++) {
    const id = uuid();
    const theme = pick(themes);
    challenges.push({
      id, org_id: publicBodies[c % publicBodies.length], theme_id: theme.id, title: `Bench challenge ${c + 1}`,
      summary: "A seeded challenge for the pairing benchmark", problem_statement: "Seeded problem statement.",
      funding_kind: "budget", funding_gbp: 50_000 + 10_000 * (c % 5), pilot_weeks: 12,
      opens_at: new Date("2026-01-05T09:00:00Z"), closes_at: new Date("2026-03-02T17:00:00Z"), status: "shortlisted",
      published_at: new Date("2026-01-05T09:00:00Z"),
    });
    const areas = sample(areaIds, int(1, 3));
    for (const area_id of areas) challengeAreas.push({ challenge_id: id, area_id });
    const runId = uuid();
    scoreRuns.push({ id: runId, kind: "score-proposals", challenge_id: id, status: "completed", progress: 100, message: "Finished", finished_at: new Date() });

    const applicants = sample(startups, ROUND.proposalsPerChallenge);
    const drafts = applicants.map((org_id, i) => {
      const raw = Math.round(random.next() * 5000) / 1000;
      const calibrated = Math.min(5, Math.max(0, Math.round((raw + (random.next() - 0.5) * 0.6) * 1000) / 1000));
      return { id: uuid(), org_id, i, raw, calibrated };
    });
    for (const d of drafts) {
      proposals.push({
        id: d.id, challenge_id: id, org_id: d.org_id, title: `Bench proposal ${c + 1}.${d.i + 1}`, status: "shortlisted",
        trl: int(1, 9), tags: sample(TAGS, int(1, 4)), needs: sample(inKind, int(0, 3)), submitted_at: new Date("2026-02-20T12:00:00Z"),
      });
    }
    [...drafts].sort((a, b) => b.calibrated - a.calibrated || a.i - b.i).forEach((d, r) => {
      scores.push({
        proposal_id: d.id, challenge_id: id, run_id: runId, raw: d.raw, calibrated: d.calibrated, uncertainty: Math.round((0.2 + random.next() * 0.6) * 1000) / 1000,
        review_count: 3, disagreement: random.next() < 0.1, passes_thresholds: true, criterion_means: sql`cast(${"{}"}::text as jsonb)`, rank: r + 1,
      });
    });

    for (const org_id of sample(corporates, ROUND.sponsorsPerChallenge)) {
      const cap = int(3, 10);
      capacity += cap;
      const trlMin = int(1, 6);
      sponsorships.push({
        id: uuid(), challenge_id: id, org_id, funding_gbp: 10_000 * int(0, 5), capacity: cap, status: "accepted", decided_at: new Date(),
        in_kind: sample(inKind, int(1, 3)),
        pref_themes: random.next() < 0.5 ? [] : sample(themes.map((t) => t.slug), int(1, 2)),
        pref_tags: sample(TAGS, int(0, 3)),
        trl_min: trlMin, trl_max: int(trlMin, 9),
        pref_area_ids: random.next() < 0.3 ? sample(random.next() < 0.6 ? areas : areaIds, int(1, 2)) : [],
        excluded_org_ids: random.next() < 0.15 ? sample(applicants, int(1, 2)) : [],
      });
    }
  }

  await db.transaction().execute(async (tx) => {
    for (const rows of chunks(orgs)) await tx.insertInto("organisations").values(rows).execute();
    for (const rows of chunks(challenges)) await tx.insertInto("challenges").values(rows).execute();
    for (const rows of chunks(challengeAreas)) await tx.insertInto("challenge_areas").values(rows).execute();
    for (const rows of chunks(scoreRuns)) await tx.insertInto("job_runs").values(rows).execute();
    for (const rows of chunks(proposals)) await tx.insertInto("proposals").values(rows).execute();
    for (const rows of chunks(scores)) await tx.insertInto("proposal_scores").values(rows).execute();
    for (const rows of chunks(sponsorships)) await tx.insertInto("sponsorships").values(rows).execute();
  });
  await sql`ANALYZE`.execute(db);
  return { proposals: proposals.length, sponsorships: sponsorships.length, capacity };
}

interface RunSummary {
  challenges: { challengeId: string; paired: number; totalFit: number }[];
}

interface EndToEnd extends PairingTimings {
  runId: string;
  totalMs: number;
  pairs: number;
  totalFit: number;
}

/** One round run through the real wrapper, as the worker does it, with a minimal stand-in for the BullMQ job. */
async function runRound(db: DB): Promise<EndToEnd> {
  const { id: runId } = await db.insertInto("job_runs").values({ kind: "pair-teams", challenge_id: null }).returning("id").executeTakeFirstOrThrow();
  const job = { data: { runId }, attemptsMade: 0, opts: { attempts: 1 }, updateProgress: async () => {} } as unknown as Job<{ runId: string }>;
  let timings: PairingTimings | undefined;
  const t0 = performance.now();
  const result = (await executeRun(db, job, async (ctx) => {
    timings = await pairTeams(db, ctx);
  })) as RunSummary | undefined;
  const totalMs = performance.now() - t0;
  if (!timings || !result) throw new Error(`run ${runId} returned no result`);
  const pairs = result.challenges.reduce((s, c) => s + c.paired, 0);
  const totalFit = result.challenges.reduce((s, c) => s + c.totalFit, 0);
  return { runId, totalMs, ...timings, pairs, totalFit };
}

interface Outcome {
  pairs: number;
  totalFit: number;
  /** Per challenge, in input order. */
  perChallenge: { pairs: number; fit: number }[];
}

function exact(inputs: Map<string, PairingInput>): Outcome {
  const perChallenge = [...inputs.values()].map((input) => {
    const r = readPairingSolution(input, solveBMatching(buildPairingProblem(input)));
    return { pairs: r.totals.paired, fit: r.totals.totalFit };
  });
  return total(perChallenge);
}

/** Baseline: every allowed pair, highest fit first; a pair is taken when the proposal is free and the sponsor has room. */
function greedy(inputs: Map<string, PairingInput>): Outcome {
  const perChallenge = [...inputs.values()].map((input) => {
    const problem = buildPairingProblem(input);
    const room = new Map(problem.right.map((r) => [r.id, r.capacity]));
    const taken = new Set<string>();
    let pairs = 0;
    let fit = 0;
    // Array.prototype.sort is stable: equal fits keep the problem's proposal-then-sponsor order.
    for (const e of [...problem.edges].sort((a, b) => b.weight - a.weight)) {
      if (taken.has(e.left) || room.get(e.right)! <= 0) continue;
      taken.add(e.left);
      room.set(e.right, room.get(e.right)! - 1);
      pairs++;
      fit += e.weight;
    }
    return { pairs, fit: Math.round(fit * 1e6) / 1e6 };
  });
  return total(perChallenge);
}

function total(perChallenge: { pairs: number; fit: number }[]): Outcome {
  return { pairs: perChallenge.reduce((s, c) => s + c.pairs, 0), totalFit: perChallenge.reduce((s, c) => s + c.fit, 0), perChallenge };
}

function timeMedian(f: () => Outcome): { ms: number; outcome: Outcome } {
  const runs = Array.from({ length: REPEATS }, () => {
    const t = performance.now();
    const outcome = f();
    return { ms: performance.now() - t, outcome };
  });
  return runs.sort((a, b) => a.ms - b.ms)[Math.floor(REPEATS / 2)];
}

/** Checks on the committed rows, not on what the code says it wrote. */
async function verify(db: DB, runs: EndToEnd[]): Promise<string[]> {
  const n = async (q: RawBuilder<{ n: number }>) => (await q.execute(db)).rows[0].n;
  const last = runs[runs.length - 1];
  const checks: [string, boolean][] = [
    ["pairings per challenge <= sum of accepted capacities", 0 === await n(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (
        SELECT c.id, (SELECT count(*) FROM pairings p WHERE p.challenge_id = c.id AND p.status <> 'declined') AS used,
               (SELECT coalesce(sum(capacity), 0) FROM sponsorships s WHERE s.challenge_id = c.id AND s.status = 'accepted') AS cap
        FROM challenges c) x WHERE used > cap`)],
    ["pairings per sponsorship <= its capacity", 0 === await n(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (SELECT s.id FROM sponsorships s JOIN pairings p ON p.sponsorship_id = s.id AND p.status <> 'declined'
        GROUP BY s.id, s.capacity HAVING count(*) > s.capacity) x`)],
    ["each proposal <= 1 live pairing", 0 === await n(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (SELECT proposal_id FROM pairings WHERE status <> 'declined' GROUP BY proposal_id HAVING count(*) > 1) x`)],
    ["no pair crosses challenges", 0 === await n(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pairings p JOIN proposals pr ON pr.id = p.proposal_id JOIN sponsorships s ON s.id = p.sponsorship_id
      WHERE pr.challenge_id <> p.challenge_id OR s.challenge_id <> p.challenge_id`)],
    ["no pair with an excluded organisation", 0 === await n(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pairings p JOIN proposals pr ON pr.id = p.proposal_id JOIN sponsorships s ON s.id = p.sponsorship_id
      WHERE pr.org_id = ANY(s.excluded_org_ids)`)],
    [`the last run's rows are all the pairings (${last.pairs})`, last.pairs === await n(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pairings WHERE run_id = ${last.runId}`) && last.pairs === await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM pairings`)],
    [`all ${runs.length} pair-teams runs completed`, runs.length === await n(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM job_runs WHERE kind = 'pair-teams' AND status = 'completed' AND progress = 100`)],
    ["every run decided the same pairs count and total fit", runs.every((r) => r.pairs === last.pairs && Math.abs(r.totalFit - last.totalFit) < 1e-6)],
  ];
  return checks.map(([name, ok]) => `${ok ? "ok  " : "FAIL"} ${name}`);
}

const ms = (x: number) => `${x.toFixed(0)} ms`;
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(" | ")} |`;
  return [line(rows[0]), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.slice(1).map(line)].join("\n");
}

async function main(): Promise<void> {
  const t = performance.now();
  await recreateDatabase();
  const db = createDb(URL);
  try {
    const seeded = await seedRound(db);
    process.stderr.write(`database ${DB_NAME} recreated, migrated and seeded in ${ms(performance.now() - t)}\n`);

    // End to end, through executeRun: job start to results committed.
    const runs: EndToEnd[] = [];
    for (let i = 0; i < REPEATS; i++) runs.push(await runRound(db));
    const median = [...runs].sort((a, b) => a.totalMs - b.totalMs)[Math.floor(REPEATS / 2)];

    // Exact vs greedy, in process, on the same inputs the job loads.
    const ids = (await db.selectFrom("challenges").select("id").orderBy("id").execute()).map((c) => c.id);
    const inputs = await loadPairingInputs(db, ids);
    const edges = [...inputs.values()].reduce((s, input) => s + buildPairingProblem(input).edges.length, 0);
    const ex = timeMedian(() => exact(inputs));
    const gr = timeMedian(() => greedy(inputs));
    const checks = await verify(db, runs);

    let fewerPairs = 0;
    let lessFit = 0;
    let morePairs = 0;
    let moreFit = 0;
    ex.outcome.perChallenge.forEach((e, i) => {
      const g = gr.outcome.perChallenge[i];
      if (e.pairs < g.pairs) fewerPairs++;
      else if (e.pairs > g.pairs) morePairs++;
      else if (e.fit < g.fit - 1e-6) lessFit++;
      else if (e.fit > g.fit + 1e-6) moreFit++;
    });
    const exactHolds = fewerPairs === 0 && lessFit === 0;
    const sameAsJob = ex.outcome.pairs === median.pairs && Math.abs(ex.outcome.totalFit - median.totalFit) < 1e-6;
    checks.push(`${exactHolds ? "ok  " : "FAIL"} exact never fewer pairs than greedy, nor less fit at equal pairs (per challenge)`);
    checks.push(`${sameAsJob ? "ok  " : "FAIL"} in-process exact solve gives the job's pairs and total fit`);

    const scenario = `round: ${ROUND.challenges} challenges, ${seeded.proposals.toLocaleString("en")} proposals, ${seeded.sponsorships} sponsorships`;
    console.log(`Pairing benchmark: ${scenario} (Σ capacity ${seeded.capacity.toLocaleString("en")}, ${edges.toLocaleString("en")} allowed pairs), seed ${SEED}`);
    console.log(`Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
    console.log(`End to end: executeRun + pairTeams, job start to results committed (median of ${REPEATS}; each run re-decides every pair).\n`);
    const row = (name: string, r: EndToEnd) => [
      name, ms(r.totalMs), ms(r.loadMs), ms(r.solveMs), ms(r.writeMs), pct(r.solveMs / r.totalMs), String(r.pairs), r.totalFit.toFixed(6),
    ];
    console.log(table([
      ["scenario", "end to end", "load", "solve", "write", "solver share", "pairs", "total fit"],
      row(`${scenario} — median`, median),
      ...runs.map((r, i) => row(`run ${i + 1}${i === 0 ? " (cold process)" : ""}`, r)),
    ]));
    const bookkeeping = median.totalMs - median.loadMs - median.solveMs - median.writeMs;
    console.log(`(solve = build problem + fits + solver + read back; write = delete + insert + completion, one transaction; run bookkeeping outside pairTeams ${ms(bookkeeping)})\n`);

    console.log(`Exact vs greedy on the same inputs (loadPairingInputs), in process, median of ${REPEATS}; both times include building the allowed pairs and fits.\n`);
    console.log(table([
      ["method", "time", "pairs", "total fit", "mean fit per pair"],
      ["exact (buildPairingProblem + solveBMatching + readPairingSolution)", ms(ex.ms), String(ex.outcome.pairs), ex.outcome.totalFit.toFixed(6), (ex.outcome.totalFit / ex.outcome.pairs).toFixed(4)],
      ["greedy baseline (highest fit first)", ms(gr.ms), String(gr.outcome.pairs), gr.outcome.totalFit.toFixed(6), (gr.outcome.totalFit / gr.outcome.pairs).toFixed(4)],
    ]));
    console.log(`Exact minus greedy: ${ex.outcome.pairs - gr.outcome.pairs >= 0 ? "+" : ""}${ex.outcome.pairs - gr.outcome.pairs} pairs, ${(ex.outcome.totalFit - gr.outcome.totalFit).toFixed(6)} total fit; ` +
      `per challenge: ${morePairs} with more pairs, ${moreFit} with equal pairs and more fit, ${ROUND.challenges - morePairs - moreFit - fewerPairs - lessFit} the same, ${fewerPairs + lessFit} worse.\n`);

    console.log("Checks on the committed rows:");
    for (const c of checks) console.log(`  ${c}`);
    const worst = Math.max(...runs.map((r) => r.totalMs));
    const pass = median.totalMs < TARGET_MS;
    console.log(`\n${pass ? "PASS" : "FAIL"}: end-to-end median ${ms(median.totalMs)} (slowest run ${ms(worst)}) against the ${TARGET_MS / 1000} s target; solver share ${pct(median.solveMs / median.totalMs)}.`);
    if (checks.some((c) => c.startsWith("FAIL"))) {
      console.log("A correctness check FAILED: the timings above do not count.");
      process.exitCode = 1;
    }
  } finally {
    await db.destroy();
  }
}

await main();
