// npm run --silent match -- --input problem.json   (or --input - for stdin)
// Prints the solution JSON on stdout and exits 0. Bad input: one line on stderr, nothing on
// stdout, exit 2. An unexpected internal failure exits 1.
import { readFileSync } from "node:fs";
import { MatchInputError, parseMatchProblem, solveBMatching } from "../app/rules/match/solver";

const USAGE = "usage: match --input FILE (use - for stdin)";

class UsageError extends Error {}

function inputPath(argv: string[]): string {
  let path: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--input" || arg === "-i") {
      if (i + 1 >= argv.length) throw new UsageError(`--input needs a file name; ${USAGE}`);
      path = argv[++i];
    } else if (arg.startsWith("--input=")) {
      path = arg.slice("--input=".length);
    } else {
      throw new UsageError(`unexpected argument ${JSON.stringify(arg)}; ${USAGE}`);
    }
  }
  if (path === undefined || path === "") throw new UsageError(`missing --input; ${USAGE}`);
  return path;
}

function readInput(path: string): string {
  try {
    return readFileSync(path === "-" ? 0 : path, "utf8");
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new UsageError(`cannot read input ${path === "-" ? "from stdin" : JSON.stringify(path)}: ${reason}`);
  }
}

/** 1e-9 rounding hides float noise (0.30000000000000004) without losing meaningful digits. */
function roundForOutput(x: number): number {
  return Math.abs(x) < 1e6 ? Math.round(x * 1e9) / 1e9 + 0 : x;
}

function main(argv: string[]): number {
  try {
    const text = readInput(inputPath(argv));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new MatchInputError(`invalid JSON: ${(err as Error).message.split("\n")[0]}`);
    }
    const solution = solveBMatching(parseMatchProblem(json));
    process.stdout.write(
      `${JSON.stringify({ pairs: solution.pairs, matched: solution.matched, totalWeight: roundForOutput(solution.totalWeight) })}\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof MatchInputError || err instanceof UsageError) {
      process.stderr.write(`match: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`match: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}

// exitCode rather than exit(): lets a large stdout write drain to a pipe before the process ends.
process.exitCode = main(process.argv.slice(2));
