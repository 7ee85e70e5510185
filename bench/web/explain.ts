// Issue 15: "every query on a hot page uses an index at city scale". Each page of bench/web (the same pages,
// picked the same way from the same city-scale database, plus the signed-in users' most visited) is
// requested in-process through Remix's handler on the production build, inside a scope that records every
// query with its parameters; each query is then explained (EXPLAIN (FORMAT JSON), the plan only: nothing
// runs) with those parameters, as the app's role, and every sequential scan of a table over BIG_TABLE_ROWS
// rows is reported with its page and its query. Exits 1 when there is one.
//
//   npm run bench:explain -- [--database civic_bench_web] [--only /pilots,pilot,...] [--rows 5000]
//
// The database is bench/web/run.ts's (bench/web/database.ts: seeded when missing, reused otherwise, never
// dropped here); it is ANALYZEd first, so the planner judges on today's rows. Do not run it while a
// bench:web is running on the same database (`pgrep -f bench/web`). Builds the app if build/ is missing.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { CompiledQuery } from "kysely";
import postgres from "postgres";
import { createDb, type SentQuery } from "../../db/client";
import { benchDatabase, BENCH_DATABASE, prepareBenchDatabase, seedFigures } from "./database";
import { markdownTable } from "./figures";
import { benchPages } from "./pages";
import { BIG_TABLE_ROWS, bigSeqScans, isExplainable, seqScans, type ExplainOutput, type SeqScan } from "./plans";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const { values: args } = parseArgs({
  options: { database: { type: "string", default: BENCH_DATABASE }, only: { type: "string" }, rows: { type: "string", default: String(BIG_TABLE_ROWS) } },
});
const BIG = Number(args.rows);
if (!Number.isInteger(BIG) || BIG < 0) throw new Error("--rows takes a whole number of rows");
if (!/^civic_[a-z0-9_]+$/.test(args.database) || args.database === "civic_challenge") throw new Error("--database names a benchmark's database (civic_…), never the app's");
const target = benchDatabase(args.database);

// As bench/web/run.ts: the app's modules read the configuration on first use.
process.env.DATABASE_URL = target.appUrl;
process.env.MIGRATION_DATABASE_URL = target.ownerUrl;
// The database's name as the Redis prefix: civic_bench_web's is bench/web/run.ts's "civicbenchweb".
process.env.REDIS_PREFIX = target.name.replaceAll("_", "");
process.env.LOG_LEVEL = "silent";
process.env.TOTP_ENCRYPTION_KEY = Buffer.alloc(32, 15).toString("base64");

interface Finding extends SeqScan {
  page: string;
  query: SentQuery;
}

/** The pages of bench/web, without /healthz (answered by Express before Remix: `SELECT 1`), and the signed-in users' most visited. */
async function explainedPages() {
  const pages = (await benchPages(target.ownerUrl)).filter((p) => p.key !== "/healthz");
  const cookieOf = (key: string) => pages.find((p) => p.key === key)?.cookie;
  const sql = postgres(target.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    // A pilot plan as a member of its start-up sees it (AirSense's pilot, the demo's).
    const [plan] = await sql<{ id: string; user_id: string; org_id: string }[]>`
      SELECT pl.id, m.user_id, m.org_id FROM pilots pl JOIN teams t ON t.id = pl.team_id JOIN memberships m ON m.org_id = t.startup_org_id
      JOIN users u ON u.id = m.user_id WHERE u.email = 'founder@airsense.example' ORDER BY pl.created_at LIMIT 1`;
    const { sessionCookieFor } = await import("../../tests/support/factories");
    const extra = [
      { key: "overview (start-up)", path: "/my/overview", cookie: cookieOf("proposal") },
      { key: "overview (owner)", path: "/my/overview", cookie: cookieOf("results") },
      { key: "/my/challenges", path: "/my/challenges", cookie: cookieOf("results") },
      { key: "/judging", path: "/judging", cookie: cookieOf("review") },
      ...(plan ? [{ key: "pilot plan", path: `/pilots/${plan.id}/plan`, cookie: await sessionCookieFor(plan.user_id, plan.org_id) }] : []),
    ];
    return [...pages, ...extra];
  } finally {
    await sql.end();
  }
}

async function main() {
  if (!existsSync(join(ROOT, "build/index.js"))) {
    console.log("Building the app…");
    execSync("npm run --silent build", { cwd: ROOT, stdio: "inherit" });
  }
  console.log(await prepareBenchDatabase(target, { fresh: false }));
  const owner = postgres(target.ownerUrl, { max: 1, onnotice: () => {} });
  await owner`ANALYZE`;
  const all = await explainedPages();
  const only = args.only?.split(",").map((s) => s.trim()).filter(Boolean);
  const chosen = only ? all.filter((p) => only.includes(p.key) || only.includes(p.path)) : all;
  if (only && chosen.length === 0) throw new Error(`--only matches none of: ${all.map((p) => p.key).join(", ")}`);

  const { loadBuild } = await import("../../tests/support/route-walk");
  const { pageHandler, requestPage } = await import("../../tests/support/page-queries");
  const { closeConnections } = await import("../../app/server/connections.server");
  const handler = pageHandler(await loadBuild());
  const explainer = createDb(target.appUrl, { max: 1 });
  const sizes = new Map<string, number>();
  const measure = async (table: string) => {
    if (!sizes.has(table)) sizes.set(table, (await owner<{ n: number }[]>`SELECT count(*)::int AS n FROM ${owner(table)}`)[0]!.n);
  };

  const rows = [["page", "who", "status", "queries", "explained", `seq scans of tables over ${BIG.toLocaleString("en")} rows`]];
  const findings: Finding[] = [];
  try {
    for (const page of chosen) {
      // Once to warm what the process keeps (themes and areas, for a minute), then recorded.
      await requestPage(handler, page.path, page.cookie);
      const answer = await requestPage(handler, page.path, page.cookie, { record: true });
      const explainable = answer.recorded.filter((q) => isExplainable(q.sql));
      const found: Finding[] = [];
      for (const query of explainable) {
        const { rows: [plan] } = await explainer.executeQuery<{ "QUERY PLAN": ExplainOutput }>(CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${query.sql}`, [...query.parameters]));
        const tree = plan!["QUERY PLAN"][0].Plan;
        for (const { table } of seqScans(tree)) await measure(table);
        found.push(...bigSeqScans(tree, (table) => sizes.get(table), BIG).map((scan) => ({ ...scan, page: page.key, query })));
      }
      findings.push(...found);
      rows.push([page.key, page.cookie ? "signed in" : "public", String(answer.status), String(answer.queries), String(explainable.length),
        found.length ? found.map((f) => `${f.table} (${(sizes.get(f.table) ?? 0).toLocaleString("en")})`).join(", ") : "none"]);
      if (answer.status !== 200) findings.push({ page: page.key, table: "-", filter: `answered ${answer.status}`, query: { sql: page.path, parameters: [] } });
    }
  } finally {
    await explainer.destroy();
    await owner.end();
    await closeConnections();
  }

  const seed = await seedFigures(target);
  console.log(`\nbench/web/explain, ${new Date().toISOString()}, ${target.name}: ${seed.challenges} challenges, ${seed.proposals.toLocaleString("en")} proposals, `
    + `${seed.pilots} pilots, ${seed.measurements.toLocaleString("en")} measurements, ${seed.audit_events.toLocaleString("en")} audit events\n`);
  console.log(markdownTable(rows, 2));
  for (const f of findings) {
    console.log(`\n${f.page}: Seq Scan on ${f.table}${f.filter ? ` (Filter: ${f.filter})` : ""}\n  ${f.query.sql}\n  parameters: ${JSON.stringify(f.query.parameters)}`);
  }
  if (findings.length) {
    console.log(`\nFAILED: ${findings.length} sequential scan${findings.length === 1 ? "" : "s"} of a big table on a hot page`);
    process.exitCode = 1;
  } else {
    console.log("\nEvery query of every page reads its big tables through an index.");
  }
}

// Exits when done: the build's modules leave timers (the reference cache's) that would keep it waiting.
main().then(() => process.exit(), (error) => {
  console.error(error);
  process.exit(1);
});
