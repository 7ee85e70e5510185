// CLI contract: valid input -> solution JSON on stdout, exit 0; bad input -> one line on stderr,
// nothing on stdout, exit 2.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, it } from "vitest";

const root = join(import.meta.dirname, "../../..");
const dir = mkdtempSync(join(tmpdir(), "match-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], stdin?: string, command = process.execPath, prefix = ["--import", "tsx", "scripts/match-cli.ts"]): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(command, [...prefix, ...args], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
    child.stdin!.end(stdin ?? "");
  });
}

let fileCount = 0;
function file(content: string): string {
  const path = join(dir, `problem-${fileCount++}.json`);
  writeFileSync(path, content);
  return path;
}

const valid = {
  left: [{ id: "p1", demand: 2 }, { id: "p2", demand: 1 }],
  right: [{ id: "j1", capacity: 1 }, { id: "j2", capacity: 2 }],
  edges: [
    { left: "p1", right: "j1", weight: 0.1 },
    { left: "p1", right: "j2", weight: 0.2 },
    { left: "p2", right: "j2", weight: 0.83 },
  ],
};
const expected = {
  pairs: [{ left: "p1", right: "j1" }, { left: "p1", right: "j2" }, { left: "p2", right: "j2" }],
  matched: 3,
  totalWeight: 1.13,
};

// Each test spawns a process; run them concurrently (context-bound expect, as vitest requires).
describe.concurrent("match CLI", () => {
  it("solves a valid problem from a file", async ({ expect }) => {
    const r = await run(["--input", file(JSON.stringify(valid))]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected); // 0.1 + 0.2 + 0.83 printed as 1.13
  });

  it("reads stdin with --input - and accepts --input=FILE", async ({ expect }) => {
    const fromStdin = await run(["--input", "-"], JSON.stringify(valid));
    expect(fromStdin.code).toBe(0);
    expect(JSON.parse(fromStdin.stdout)).toEqual(expected);
    const withEquals = await run([`--input=${file(JSON.stringify(valid))}`]);
    expect(JSON.parse(withEquals.stdout)).toEqual(expected);
  });

  it("works through npm run match", async ({ expect }) => {
    const r = await run(["run", "--silent", "match", "--", "--input", file(JSON.stringify(valid))], undefined, "npm", []);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  const bad = (mutate: (p: typeof valid) => unknown) => JSON.stringify(mutate(structuredClone(valid)));
  const cases: [string, () => string[], RegExp][] = [
    ["missing --input", () => [], /missing --input/],
    ["--input without a value", () => ["--input"], /--input needs a file name/],
    ["an unexpected argument", () => ["--input", file("{}"), "--fast"], /unexpected argument "--fast"/],
    ["an unreadable file", () => ["--input", join(dir, "does-not-exist.json")], /cannot read input ".*does-not-exist.json": ENOENT/],
    ["malformed JSON", () => ["--input", file('{"left": [')], /invalid JSON/],
    ["missing fields", () => ["--input", file(bad(({ left, edges }) => ({ left, edges })))], /input: missing "right"/],
    ["an unknown id", () => ["--input", file(bad((p) => ({ ...p, edges: [...p.edges, { left: "p1", right: "j9", weight: 1 }] })))], /edge 3: unknown right id "j9"/],
    ["a duplicate id", () => ["--input", file(bad((p) => ({ ...p, left: [...p.left, { id: "p1", demand: 1 }] })))], /left 2 \("p1"\): duplicate left id/],
    ["a duplicate edge", () => ["--input", file(bad((p) => ({ ...p, edges: [...p.edges, p.edges[0]] })))], /edge 3: duplicate pair "p1" -> "j1"/],
    ["a negative demand", () => ["--input", file(bad((p) => ({ ...p, left: [{ id: "p1", demand: -1 }] })))], /"demand" must be >= 0/],
    ["a non-integer capacity", () => ["--input", file(bad((p) => ({ ...p, right: [{ id: "j1", capacity: 2.5 }, p.right[1]] })))], /"capacity" must be an integer, got 2.5/],
    ["a non-numeric weight", () => ["--input", file(bad((p) => ({ ...p, edges: [{ ...p.edges[0], weight: "high" }] })))], /edge 0: "weight" must be a number, got "high"/],
    ["a non-finite weight", () => ["--input", file(JSON.stringify(valid).replace("0.83", "1e999"))], /edge 2: "weight" must be finite, got Infinity/],
  ];

  it.for(cases)("rejects %s with exit 2 and one stderr line", async ([, args, message], { expect }) => {
    const r = await run(args());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});
