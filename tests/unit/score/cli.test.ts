// Runs the real CLI in a child process, as `npm run score` would.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { calibrateScores } from "../../../app/rules/score/calibrate";
import { simulatePanel } from "./helpers/simulate";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "score-cli-"));
let fileCount = 0;

function inputFile(content: unknown): string {
  const path = join(dir, `input-${fileCount++}.json`);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

async function score(...args: string[]) {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "scripts/score-cli.ts", ...args], { cwd: process.cwd() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("score CLI", () => {
  it("prints calibrated proposals and judge offsets as JSON", async () => {
    const { reviews } = simulatePanel({ seed: 2 });
    const { code, stdout, stderr } = await score("--input", inputFile({ reviews }));
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    const expected = calibrateScores(reviews);
    expect(output.proposals).toHaveLength(expected.proposals.length);
    output.proposals.forEach((p: Record<string, unknown>, i: number) => {
      const e = expected.proposals[i];
      expect(p.id).toBe(e.id);
      expect(p.raw).toBeCloseTo(e.raw, 4);
      expect(p.calibrated).toBeCloseTo(e.calibrated, 4);
      expect(p.uncertainty).toBeCloseTo(e.uncertainty, 4);
      expect(p.reviewCount).toBe(e.reviewCount);
      expect(p.disagreement).toBe(e.disagreement);
    });
    expect(output.judges.map((j: { id: string }) => j.id)).toEqual(expected.judges.map((j) => j.id));
    expect(output.judges[0].offset).toBeCloseTo(expected.judges[0].offset, 4);
  });

  it("accepts --input=path and an empty review list", async () => {
    const { code, stdout } = await score(`--input=${inputFile({ reviews: [] })}`);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ proposals: [], judges: [] });
  });

  const bad: [string, () => string[], RegExp][] = [
    ["malformed JSON", () => ["--input", inputFile('{"reviews": [')], /not valid JSON/],
    ["missing reviews", () => ["--input", inputFile({ review: [] })], /reviews/],
    ["a missing field", () => ["--input", inputFile({ reviews: [{ proposal: "p", score: 3 }] })], /reviews\[0\]\.judge/],
    ["a wrong-typed score", () => ["--input", inputFile({ reviews: [{ proposal: "p", judge: "j", score: "3" }] })], /score/],
    ["a score above 5", () => ["--input", inputFile({ reviews: [{ proposal: "p", judge: "j", score: 5.5 }] })], /score/],
    ["a negative score", () => ["--input", inputFile({ reviews: [{ proposal: "p", judge: "j", score: -1 }] })], /score/],
    ["a non-finite score", () => ["--input", inputFile('{"reviews":[{"proposal":"p","judge":"j","score":1e999}]}')], /score/],
    [
      "a duplicate (proposal, judge) pair",
      () => ["--input", inputFile({ reviews: [{ proposal: "p", judge: "j", score: 1 }, { proposal: "p", judge: "j", score: 2 }] })],
      /duplicate review of p by j/,
    ],
    ["no --input", () => [], /missing --input/],
    ["--input without a path", () => ["--input"], /needs a file path/],
    ["an unknown argument", () => ["--input", inputFile({ reviews: [] }), "--verbose"], /unknown argument/],
    ["an unreadable file", () => ["--input", join(dir, "does-not-exist.json")], /cannot read/],
  ];

  it.concurrent.each(bad)("exits 2 with one line on stderr and nothing on stdout for %s", async (_, args, message) => {
    const { code, stdout, stderr } = await score(...args());
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});
