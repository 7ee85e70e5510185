// Input validation: each kind of bad input is rejected with a one-line message naming the culprit.
import { describe, expect, it } from "vitest";
import { MatchInputError, parseMatchProblem, solveBMatching, solveCompact } from "../../../app/rules/match/solver";

const ok = () => ({
  left: [{ id: "p1", demand: 1 }, { id: "p2", demand: 2 }],
  right: [{ id: "j1", capacity: 2 }],
  edges: [{ left: "p1", right: "j1", weight: 0.5 }, { left: "p2", right: "j1", weight: -1 }],
});

type Mutator = (p: ReturnType<typeof ok>) => unknown;
const badInputs: [string, Mutator, RegExp][] = [
  ["not an object", () => [1, 2], /^input: expected an object/],
  ["null", () => null, /^input: expected an object/],
  ["missing left", ({ right, edges }) => ({ right, edges }), /^input: missing "left"/],
  ["edges not an array", (p) => ({ ...p, edges: {} }), /^input: "edges" must be an array/],
  ["left item not an object", (p) => ({ ...p, left: ["p1"] }), /^left 0: expected an object/],
  ["missing id", (p) => ({ ...p, left: [{ demand: 1 }] }), /^left 0: missing "id"/],
  ["numeric id", (p) => ({ ...p, right: [{ id: 7, capacity: 1 }] }), /^right 0: "id" must be a non-empty string, got 7/],
  ["duplicate left id", (p) => ({ ...p, left: [...p.left, { id: "p1", demand: 1 }] }), /^left 2 \("p1"\): duplicate left id \(first at left 0\)/],
  ["duplicate right id", (p) => ({ ...p, right: [...p.right, { id: "j1", capacity: 1 }] }), /^right 1 \("j1"\): duplicate right id/],
  ["missing demand", (p) => ({ ...p, left: [{ id: "p1" }] }), /^left 0 \("p1"\): missing "demand"/],
  ["negative demand", (p) => ({ ...p, left: [{ id: "p1", demand: -1 }] }), /^left 0 \("p1"\): "demand" must be >= 0, got -1/],
  ["string capacity", (p) => ({ ...p, right: [{ id: "j1", capacity: "2" }] }), /^right 0 \("j1"\): "capacity" must be a number, got "2"/],
  ["fractional capacity", (p) => ({ ...p, right: [{ id: "j1", capacity: 1.5 }] }), /^right 0 \("j1"\): "capacity" must be an integer, got 1.5/],
  ["unknown right id", (p) => ({ ...p, edges: [...p.edges, { left: "p1", right: "j9", weight: 1 }] }), /^edge 2: unknown right id "j9"$/],
  ["unknown left id", (p) => ({ ...p, edges: [{ left: "p9", right: "j1", weight: 1 }] }), /^edge 0: unknown left id "p9"$/],
  ["duplicate edge", (p) => ({ ...p, edges: [...p.edges, { left: "p1", right: "j1", weight: 2 }] }), /^edge 2: duplicate pair "p1" -> "j1" \(first at edge 0\)$/],
  ["missing weight", (p) => ({ ...p, edges: [{ left: "p1", right: "j1" }] }), /^edge 0: missing "weight"/],
  ["string weight", (p) => ({ ...p, edges: [{ left: "p1", right: "j1", weight: "0.5" }] }), /^edge 0: "weight" must be a number, got "0.5"/],
  ["infinite weight", (p) => ({ ...p, edges: [{ left: "p1", right: "j1", weight: Infinity }] }), /^edge 0: "weight" must be finite, got Infinity/],
  ["NaN weight", (p) => ({ ...p, edges: [{ left: "p1", right: "j1", weight: NaN }] }), /^edge 0: "weight" must be finite, got NaN/],
  ["edge left not a string", (p) => ({ ...p, edges: [{ left: 1, right: "j1", weight: 1 }] }), /^edge 0: "left" must be a string id, got 1/],
];

describe("parseMatchProblem", () => {
  it("accepts a valid problem and drops unknown fields", () => {
    const input = { ...ok(), comment: "x", left: ok().left.map((l) => ({ ...l, note: 1 })) };
    expect(parseMatchProblem(input)).toEqual(ok());
  });

  it.each(badInputs)("rejects %s", (_name, mutate, message) => {
    const attempt = () => parseMatchProblem(mutate(ok()));
    expect(attempt).toThrow(MatchInputError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (err) {
      expect((err as Error).message).not.toContain("\n");
    }
  });
});

describe("solver entry points validate their own input", () => {
  it("solveBMatching rejects unknown ids even without parseMatchProblem", () => {
    expect(() => solveBMatching({ ...ok(), edges: [{ left: "p1", right: "nope", weight: 1 }] })).toThrow(
      /edge 0: unknown right id "nope"/,
    );
  });

  it("solveCompact rejects out-of-range indices, duplicates, bad counts and non-finite weights", () => {
    const base = {
      leftCount: 2,
      rightCount: 1,
      demand: [1, 1],
      capacity: [2],
      edgeLeft: Int32Array.from([0, 1]),
      edgeRight: Int32Array.from([0, 0]),
      edgeWeight: Float64Array.from([1, 2]),
    };
    expect(solveCompact(base).matched).toBe(2);
    expect(() => solveCompact({ ...base, edgeRight: Int32Array.from([0, 3]) })).toThrow(/edge 1: right index 3 out of range/);
    expect(() => solveCompact({ ...base, edgeLeft: Int32Array.from([1, 1]) })).toThrow(/edge 1: duplicate pair/);
    expect(() => solveCompact({ ...base, demand: [1, -2] })).toThrow(/left 1: "demand" must be a non-negative integer/);
    expect(() => solveCompact({ ...base, capacity: [0.5] })).toThrow(/right 0: "capacity"/);
    expect(() => solveCompact({ ...base, edgeWeight: Float64Array.from([1, NaN]) })).toThrow(/edge 1: "weight" must be finite/);
    expect(() => solveCompact({ ...base, demand: [1] })).toThrow(/demand has 1 entries, expected 2/);
  });
});
