// `npm run --silent score -- --input reviews.json`: calibrates judges' scores and prints JSON.
// Input:  { "reviews": [{ "proposal": "p1", "judge": "j1", "score": 3.5 }, ...] } (weighted totals, 0–5)
// Output: { "proposals": [{ id, raw, calibrated, uncertainty, reviewCount, disagreement, ... }],
//           "judges": [{ id, offset, reviewCount, ... }], "model": { ... } }, numbers rounded to 4 places.
// Bad input: one line on stderr, nothing on stdout, exit status 2.
import { readFileSync } from "node:fs";
import { calibrateScores } from "../app/rules/score/calibrate";
import { parseArgs, parseReviewsJson, UsageError } from "../app/rules/score/input";

const round = (v: number) => Math.round(v * 1e4) / 1e4;

export function scoreCommand(argv: readonly string[]): string {
  const { input } = parseArgs(argv);
  let text: string;
  try {
    text = readFileSync(input, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read input file: ${(error as Error).message}`);
  }
  const result = calibrateScores(parseReviewsJson(text));
  const output = {
    proposals: result.proposals.map((p) => ({
      id: p.id,
      raw: round(p.raw),
      calibrated: round(p.calibrated),
      uncertainty: round(p.uncertainty),
      reviewCount: p.reviewCount,
      spread: round(p.spread),
      disagreement: p.disagreement,
      group: p.group,
    })),
    judges: result.judges.map((j) => ({ id: j.id, offset: round(j.offset), reviewCount: j.reviewCount, group: j.group })),
    model: {
      noiseSd: round(result.noiseSd),
      offsetPenalty: Number.isFinite(result.offsetPenalty) ? Number(result.offsetPenalty.toPrecision(4)) : null,
      groupCount: result.groupCount,
    },
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}

try {
  process.stdout.write(scoreCommand(process.argv.slice(2)));
} catch (error) {
  const message = error instanceof UsageError || error instanceof RangeError ? error.message : String(error);
  process.stderr.write(`score: ${message.split("\n")[0]}\n`);
  process.exitCode = error instanceof UsageError || error instanceof RangeError ? 2 : 1;
}
