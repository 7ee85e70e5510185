// The pure parts of bench/web: reading wrk's report, and turning the app's and the bare server's figures into
// ratios and goals met or missed. No I/O here, so tests/unit/bench/web-figures.test.ts checks it with plain text.

export interface WrkResult {
  requests: number;
  seconds: number;
  bytesRead: number;
  requestsPerSecond: number;
  /** Milliseconds. The percentiles are there only when wrk ran with --latency. */
  latency: { avg: number; max: number; p50?: number; p75?: number; p90?: number; p99?: number };
  socketErrors: { connect: number; read: number; write: number; timeout: number };
  /** wrk counts 3xx as success: a redirect to the sign-in page is not caught here (run.ts checks the status itself). */
  non2xx3xx: number;
}

const TIME_UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const BYTE_UNITS: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

/** A wrk duration ("40.12us", "3.30ms", "1.02s", "2.00m") in milliseconds. */
export function parseWrkTime(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m|h)$/.exec(text.trim());
  if (!m) throw new Error(`wrk time not understood: "${text}"`);
  return Number(m[1]) * TIME_UNITS[m[2]!]!;
}

/** A wrk size ("18.20KB", "2.50GB", "512.00B") in bytes. */
export function parseWrkBytes(text: string): number {
  const m = /^([\d.]+)(B|KB|MB|GB|TB)$/.exec(text.trim());
  if (!m) throw new Error(`wrk size not understood: "${text}"`);
  return Number(m[1]) * BYTE_UNITS[m[2]!]!;
}

/** Reads wrk's report (4.x); throws when the lines every run prints are missing, rather than guess. */
export function parseWrk(output: string): WrkResult {
  const total = /(\d+) requests in ([\d.]+\w+), ([\d.]+\w+) read/.exec(output);
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const latency = /^\s*Latency\s+([\d.]+\w+)\s+([\d.]+\w+)\s+([\d.]+\w+)/m.exec(output);
  if (!total || !rate || !latency) throw new Error(`wrk's report not understood:\n${output}`);
  const percentile = (p: number) => {
    const m = new RegExp(`^\\s*${p}(?:\\.0+)?%\\s+([\\d.]+\\w+)`, "m").exec(output);
    return m ? parseWrkTime(m[1]!) : undefined;
  };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  return {
    requests: Number(total[1]),
    seconds: parseWrkTime(total[2]!) / 1000,
    bytesRead: parseWrkBytes(total[3]!),
    requestsPerSecond: Number(rate[1]),
    latency: {
      avg: parseWrkTime(latency[1]!), max: parseWrkTime(latency[3]!),
      p50: percentile(50), p75: percentile(75), p90: percentile(90), p99: percentile(99),
    },
    socketErrors: socket
      ? { connect: Number(socket[1]), read: Number(socket[2]), write: Number(socket[3]), timeout: Number(socket[4]) }
      : { connect: 0, read: 0, write: 0, timeout: 0 },
    non2xx3xx: non2xx ? Number(non2xx[1]) : 0,
  };
}

/**
 * Figures in wrk's shape from requests made one after another, for a page too slow for wrk (seconds per
 * answer): requests/s is the inverse of the mean time, p50 the median (the lower of two), p99 the slowest.
 */
export function sequentialResult(samplesMs: number[], bytesRead: number): WrkResult {
  if (samplesMs.length === 0) throw new Error("no samples");
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const total = sorted.reduce((a, b) => a + b, 0);
  const p50 = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return {
    requests: sorted.length, seconds: total / 1000, bytesRead, requestsPerSecond: sorted.length / (total / 1000),
    latency: { avg: total / sorted.length, max: sorted[sorted.length - 1]!, p50, p99: sorted[sorted.length - 1]! },
    socketErrors: { connect: 0, read: 0, write: 0, timeout: 0 }, non2xx3xx: 0,
  };
}

/** Why a run's figures cannot be trusted (empty when they can): a benchmark of error answers measures nothing. */
export function wrkProblems(r: WrkResult): string[] {
  const problems: string[] = [];
  if (r.requests === 0) problems.push("no request completed");
  const e = r.socketErrors;
  if (e.connect + e.read + e.write + e.timeout > 0) {
    problems.push(`socket errors: connect ${e.connect}, read ${e.read}, write ${e.write}, timeout ${e.timeout}`);
  }
  if (r.non2xx3xx > 0) problems.push(`${r.non2xx3xx} answers not 2xx or 3xx`);
  return problems;
}

/** The app's throughput as a fraction of the bare server's: "1/460". */
export function formatRatio(app: number, bare: number): string {
  if (app <= 0 || bare <= 0) return "—";
  const n = bare / app;
  if (n < 1) return `${(app / bare).toFixed(1)}×`;
  return `1/${n < 10 ? n.toFixed(1).replace(/\.0$/, "") : Math.round(n)}`;
}

/** Milliseconds for people: "40 µs", "3.3 ms", "11 ms", "1.20 s". */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/** The issue's goals (issue 15): a fraction of the bare server's throughput, a median at one connection. */
export interface Goals {
  /** The app's requests/s at 16 connections over the bare server's, at least this. */
  ratioAtLeast?: number;
  /** The app's median latency at 1 connection, at most this many milliseconds. */
  p50AtMostMs?: number;
}

export interface GoalCheck { text: string; met: boolean }

/** "≥ 1/60 ✗, p50 ≤ 3 ms ✓": each goal with whether these figures meet it. */
export function checkGoals(goals: Goals, figures: { appRps: number; bareRps: number; appP50Ms?: number }): GoalCheck {
  const parts: string[] = [];
  let met = true;
  if (goals.ratioAtLeast !== undefined) {
    const ok = figures.bareRps > 0 && figures.appRps / figures.bareRps >= goals.ratioAtLeast;
    met &&= ok;
    parts.push(`≥ 1/${Math.round(1 / goals.ratioAtLeast)} ${ok ? "✓" : "✗"}`);
  }
  if (goals.p50AtMostMs !== undefined) {
    const ok = figures.appP50Ms !== undefined && figures.appP50Ms <= goals.p50AtMostMs;
    met &&= ok;
    parts.push(`p50 ≤ ${goals.p50AtMostMs} ms ${ok ? "✓" : "✗"}`);
  }
  return { text: parts.join(", ") || "—", met };
}

/**
 * A Markdown table, columns padded so it also reads in a terminal: the first `textColumns` (names) aligned
 * left, the figures after them right.
 */
export function markdownTable(rows: string[][], textColumns = 1): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? "")].length)));
  const pad = (cell: string, c: number) => {
    const fill = " ".repeat(widths[c]! - [...cell].length);
    return c < textColumns ? cell + fill : fill + cell;
  };
  const line = (r: string[]) => `| ${r.map((cell, c) => pad(cell, c)).join(" | ")} |`;
  const rule = `|${widths.map((w, c) => (c < textColumns ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`;
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join("\n");
}
