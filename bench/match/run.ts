// Benchmark: our exact b-matching solver vs HiGHS (WASM LP, lexicographic two-phase) on the same
// seeded dense reviewer-assignment instances, then our solver alone on 5,000 x 2,000 in a child
// process pinned to one core (so its peak RSS is its own).
//
//   npx tsx bench/match/run.ts [--highs-time-limit SECONDS] [--skip-highs-large]
//
// --highs-time-limit   per-instance HiGHS limit (default 1800 s); on expiry the row says so.
// --skip-highs-large   do not attempt HiGHS on 5,000 x 1,000 (in our runs it exhausts the WASM
//                      build's 2 GiB memory and aborts after about a minute).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import highsLoader from "highs";
import { solveCompact } from "../../app/rules/match/solver";
import type { CompactMatchProblem, CompactMatchSolution } from "../../app/rules/match/types";
import { solveWithHighs, type HighsOutcome } from "./highs-lexicographic";
import { denseInstance, type InstanceSpec } from "./instances";

const SIZES: InstanceSpec[] = [
  { proposals: 300, judges: 60, seed: 1 },
  { proposals: 1000, judges: 200, seed: 2 },
  { proposals: 5000, judges: 1000, seed: 3 },
];
const LARGE: InstanceSpec = { proposals: 5000, judges: 2000, seed: 4 };
const LARGE_LIMITS = { seconds: 60, bytes: 2 * 2 ** 30 };

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(name);

/** Independent feasibility check, so a fast wrong answer cannot pass. */
function assertFeasible(p: CompactMatchProblem, s: CompactMatchSolution): void {
  const usedL = new Int32Array(p.leftCount);
  const usedR = new Int32Array(p.rightCount);
  let total = 0;
  const seen = new Set<number>();
  for (const k of s.edges) {
    if (seen.has(k)) throw new Error(`edge ${k} chosen twice`);
    seen.add(k);
    usedL[p.edgeLeft[k]]++;
    usedR[p.edgeRight[k]]++;
    total += p.edgeWeight[k];
  }
  for (let i = 0; i < p.leftCount; i++) if (usedL[i] > p.demand[i]) throw new Error(`left ${i} over demand`);
  for (let j = 0; j < p.rightCount; j++) if (usedR[j] > p.capacity[j]) throw new Error(`right ${j} over capacity`);
  if (s.matched !== s.edges.length || Math.abs(total - s.totalWeight) > 1e-6) throw new Error("totals do not add up");
}

function timeOurs(p: CompactMatchProblem): { ms: number; solution: CompactMatchSolution } {
  const runs: { ms: number; solution: CompactMatchSolution }[] = [];
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    const solution = solveCompact(p);
    runs.push({ ms: performance.now() - t, solution });
  }
  runs.sort((a, b) => a.ms - b.ms);
  return runs[1]; // median of 3
}

const label = (s: InstanceSpec) => `${s.proposals.toLocaleString("en")} x ${s.judges.toLocaleString("en")}`;
const fmtMs = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
const fmtObj = (matched: number, weight: number) => `${matched}, ${weight.toFixed(6)}`;

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(" | ")} |`;
  return [line(rows[0]), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.slice(1).map(line)].join("\n");
}

async function compareWithHighs(): Promise<void> {
  const timeLimit = Number(option("--highs-time-limit") ?? 1800);
  const highs = await highsLoader();
  solveCompact(denseInstance({ proposals: 50, judges: 10 })); // JIT warm-up
  const rows = [["instance", "edges", "ours", "highs", "ours (matched, weight)", "highs (matched, weight)", "equal", "speed-up"]];
  for (const spec of SIZES) {
    const p = denseInstance(spec);
    const ours = timeOurs(p);
    assertFeasible(p, ours.solution);
    const { matched, totalWeight } = ours.solution;
    let ref: HighsOutcome;
    const large = spec.proposals * spec.judges > 1_000_000;
    if (large && flag("--skip-highs-large")) {
      ref = { status: "error", matched: NaN, totalWeight: NaN, ms: NaN, detail: "skipped (--skip-highs-large)" };
    } else {
      process.stderr.write(`highs on ${label(spec)} (time limit ${timeLimit} s)...\n`);
      const t = performance.now();
      try {
        ref = solveWithHighs(highs, p, timeLimit);
      } catch (err) {
        // The WASM build aborts (C++ exception -> abort) when it cannot grow its linear memory past
        // its cap; the module is unusable afterwards, which is why the largest instance comes last.
        const gib = (highs.memoryBytes / 2 ** 30).toFixed(2);
        const after = fmtMs(performance.now() - t);
        ref = { status: "error", matched: NaN, totalWeight: NaN, ms: NaN, detail: `aborted after ${after}, WASM memory ${gib} GiB` };
        process.stderr.write(`highs failed: ${String(err).split("\n")[0]}\n`);
      }
    }
    const equal = ref.status === "ok" ? matched === ref.matched && Math.abs(totalWeight - ref.totalWeight) <= 1e-6 : undefined;
    rows.push([
      label(spec),
      p.edgeLeft.length.toLocaleString("en"),
      fmtMs(ours.ms),
      ref.status === "ok" ? fmtMs(ref.ms) : ref.status === "time limit" ? `> ${timeLimit} s (limit)` : "n/a",
      fmtObj(matched, totalWeight),
      ref.status === "ok" ? fmtObj(ref.matched, ref.totalWeight) : (ref.detail ?? ref.status),
      equal === undefined ? "n/a" : equal ? "yes" : `NO (Δw ${(totalWeight - ref.totalWeight).toExponential(2)})`,
      ref.status === "ok" ? `${(ref.ms / ours.ms).toFixed(0)}x` : ref.status === "time limit" ? `> ${(timeLimit * 1000 / ours.ms).toFixed(0)}x` : "n/a",
    ]);
  }
  console.log("Ours (median of 3) vs HiGHS (one run: phase 1 max Σx, phase 2 Σx = K max Σwx, warm-started).");
  console.log("Every answer of ours also passed solveCompact's built-in optimality certificate (reduced-cost check).\n");
  console.log(table(rows));
}

/** Child-process body: one solve of the 5,000 x 2,000 instance, reporting time and peak memory. */
function largeOnly(): void {
  const t0 = performance.now();
  const p = denseInstance(LARGE);
  const genMs = performance.now() - t0;
  const t1 = performance.now();
  const s = solveCompact(p);
  const ms = performance.now() - t1;
  const mem = process.memoryUsage();
  assertFeasible(p, s);
  const report = {
    edges: p.edgeLeft.length,
    genMs,
    ms,
    matched: s.matched,
    totalWeight: s.totalWeight,
    pivots: s.pivots,
    maxRssBytes: process.resourceUsage().maxRSS * 1024, // peak over the whole process (KiB on Linux)
    heapUsedBytes: mem.heapUsed,
    arrayBuffersBytes: mem.arrayBuffers,
  };
  process.stdout.write(JSON.stringify(report));
}

function runLarge(): void {
  const script = new URL(import.meta.url).pathname;
  const node = [process.execPath, "--single-threaded", "--import", "tsx", script, "--large-only"];
  // Pin to one core where taskset exists; --single-threaded also stops V8's helper threads.
  const [cmd, ...args] = existsSync("/usr/bin/taskset") ? ["/usr/bin/taskset", "-c", "0", ...node] : node;
  const r = JSON.parse(execFileSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 20 }));
  const gib = (b: number) => `${(b / 2 ** 30).toFixed(2)} GiB`;
  const ok = r.ms / 1000 <= LARGE_LIMITS.seconds && r.maxRssBytes <= LARGE_LIMITS.bytes;
  console.log(`\nOurs alone, ${label(LARGE)} (one core, --single-threaded, separate process)\n`);
  console.log(
    table([
      ["instance", "edges", "solve time", "matched, weight", "pivots", "peak RSS", "heapUsed", "arrayBuffers", "within 60 s / 2 GiB"],
      [
        label(LARGE),
        r.edges.toLocaleString("en"),
        fmtMs(r.ms),
        fmtObj(r.matched, r.totalWeight),
        r.pivots.toLocaleString("en"),
        gib(r.maxRssBytes),
        gib(r.heapUsedBytes),
        gib(r.arrayBuffersBytes),
        ok ? "yes" : "NO",
      ],
    ]),
  );
  console.log(`(instance generation ${fmtMs(r.genMs)}, not included; peak RSS includes the instance arrays)`);
}

if (flag("--large-only")) {
  largeOnly();
} else {
  await compareWithHighs();
  runLarge();
}
