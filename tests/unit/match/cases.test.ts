// Hand-made instances with known answers.
import { describe, expect, it } from "vitest";
import { solveBMatching, solveCompact } from "../../../app/rules/match/solver";
import type { MatchProblem } from "../../../app/rules/match/types";

const L = (id: string, demand = 1) => ({ id, demand });
const R = (id: string, capacity = 1) => ({ id, capacity });
const E = (left: string, right: string, weight: number) => ({ left, right, weight });

describe("solveBMatching known answers", () => {
  it("beats greedy-by-weight (greedy takes 10 + 1, optimum is 9 + 9)", () => {
    const s = solveBMatching({
      left: [L("p1"), L("p2")],
      right: [R("j1"), R("j2")],
      edges: [E("p1", "j1", 10), E("p1", "j2", 9), E("p2", "j1", 9), E("p2", "j2", 1)],
    });
    expect(s).toEqual({ pairs: [{ left: "p1", right: "j2" }, { left: "p2", right: "j1" }], matched: 2, totalWeight: 18 });
  });

  it("never trades cardinality for weight (one 100-pair loses to two 1-pairs)", () => {
    const s = solveBMatching({
      left: [L("p1"), L("p2")],
      right: [R("j1"), R("j2")],
      edges: [E("p1", "j1", 100), E("p1", "j2", 1), E("p2", "j1", 1)],
    });
    expect(s.matched).toBe(2);
    expect(s.totalWeight).toBe(2);
    expect(s.pairs).toEqual([{ left: "p1", right: "j2" }, { left: "p2", right: "j1" }]);
  });

  it("matches negative-weight pairs (cardinality first) and picks the least negative", () => {
    const s = solveBMatching({
      left: [L("p1")],
      right: [R("j1"), R("j2")],
      edges: [E("p1", "j1", -5), E("p1", "j2", -2)],
    });
    expect(s).toEqual({ pairs: [{ left: "p1", right: "j2" }], matched: 1, totalWeight: -2 });
  });

  it("uses each pair at most once even when demand and capacity allow more", () => {
    const s = solveBMatching({ left: [L("p1", 5)], right: [R("j1", 5)], edges: [E("p1", "j1", 1)] });
    expect(s).toEqual({ pairs: [{ left: "p1", right: "j1" }], matched: 1, totalWeight: 1 });
  });

  it("respects zero demand, zero capacity and isolated nodes", () => {
    const s = solveBMatching({
      left: [L("p1", 0), L("p2", 2), L("p3", 1)],
      right: [R("j1", 0), R("j2", 1), R("j3", 4)],
      edges: [E("p1", "j2", 9), E("p2", "j1", 9), E("p2", "j2", 1)],
    });
    expect(s).toEqual({ pairs: [{ left: "p2", right: "j2" }], matched: 1, totalWeight: 1 });
  });

  it("is limited by capacity when demand exceeds it (starved instance)", () => {
    const s = solveBMatching({
      left: [L("p1", 3), L("p2", 3), L("p3", 3)],
      right: [R("j1", 2), R("j2", 1)],
      edges: ["p1", "p2", "p3"].flatMap((p, i) => [E(p, "j1", i), E(p, "j2", 10 - i)]),
    });
    expect(s.matched).toBe(3);
    expect(s.totalWeight).toBe(10 + 1 + 2); // j2 <- p1 (10), j1 <- p2 (1) and p3 (2)
  });

  it("solves a b-matching with multiple partners per node", () => {
    // Each proposal needs 2 judges; each judge takes 2. A perfect 2-matching exists only by
    // pairing around the cycle p1-j1-p2-j2-p3-j3-p1; the heavy chord p1-j2 must be left out.
    const s = solveBMatching({
      left: [L("p1", 2), L("p2", 2), L("p3", 2)],
      right: [R("j1", 2), R("j2", 2), R("j3", 2)],
      edges: [
        E("p1", "j1", 1), E("p2", "j1", 1), E("p2", "j2", 1),
        E("p3", "j2", 1), E("p3", "j3", 1), E("p1", "j3", 1), E("p1", "j2", 50),
      ],
    });
    expect(s.matched).toBe(6);
    expect(s.totalWeight).toBe(6);
  });

  it("returns an empty matching for empty input", () => {
    expect(solveBMatching({ left: [], right: [], edges: [] })).toEqual({ pairs: [], matched: 0, totalWeight: 0 });
    expect(solveBMatching({ left: [L("p1")], right: [], edges: [] }).matched).toBe(0);
  });

  it("orders pairs by left then right input order, not by edge order", () => {
    const s = solveBMatching({
      left: [L("b", 2), L("a", 2)],
      right: [R("y", 2), R("x", 2)],
      edges: [E("a", "x", 1), E("b", "x", 1), E("a", "y", 1), E("b", "y", 1)],
    });
    expect(s.pairs).toEqual([
      { left: "b", right: "y" }, { left: "b", right: "x" },
      { left: "a", right: "y" }, { left: "a", right: "x" },
    ]);
  });

  it("resolves weight differences far below 1e-6 (no coarse rounding)", () => {
    // Diagonal totals 2; anti-diagonal totals 2 + 1.5e-12.
    const s = solveBMatching({
      left: [L("p1"), L("p2")],
      right: [R("j1"), R("j2")],
      edges: [E("p1", "j1", 1), E("p2", "j2", 1), E("p1", "j2", 1 + 2e-12), E("p2", "j1", 1 - 0.5e-12)],
    });
    expect(s.pairs).toEqual([{ left: "p1", right: "j2" }, { left: "p2", right: "j1" }]);
  });

  it("handles huge weight magnitudes without overflow", () => {
    const s = solveBMatching({
      left: [L("p1"), L("p2")],
      right: [R("j1"), R("j2")],
      edges: [E("p1", "j1", 1e308), E("p2", "j2", -1e308), E("p1", "j2", 1e308), E("p2", "j1", 1e307)],
    });
    expect(s.pairs).toEqual([{ left: "p1", right: "j2" }, { left: "p2", right: "j1" }]);
    expect(s.totalWeight).toBeCloseTo(1.1e308, -300);
  });

  it("follows a long augmenting chain instead of the tempting diagonal", () => {
    // Diagonal p_i-j_i (weight 1, i >= 1) gives n-1 pairs. The only perfect matching is the shifted
    // chain p_i-j_(i-1) plus p0-j_(n-1), all weight 0: cardinality wins, total 0.
    const n = 40;
    const left = Array.from({ length: n }, (_, i) => L(`p${i}`));
    const right = Array.from({ length: n }, (_, i) => R(`j${i}`));
    const edges = [
      ...Array.from({ length: n - 1 }, (_, i) => E(`p${i + 1}`, `j${i + 1}`, 1)),
      ...Array.from({ length: n - 1 }, (_, i) => E(`p${i + 1}`, `j${i}`, 0)),
      E("p0", `j${n - 1}`, 0),
    ];
    const s = solveBMatching({ left, right, edges });
    expect(s.matched).toBe(n);
    expect(s.totalWeight).toBe(0);
  });
});

describe("solveCompact", () => {
  it("agrees with the id-based API and returns sorted edge indices", () => {
    const problem: MatchProblem = {
      left: [L("p1", 2), L("p2", 1)],
      right: [R("j1"), R("j2", 2)],
      edges: [E("p2", "j2", 0.5), E("p1", "j1", 0.25), E("p1", "j2", 0.75), E("p2", "j1", 0.9)],
    };
    const compact = solveCompact({
      leftCount: 2,
      rightCount: 2,
      demand: [2, 1],
      capacity: [1, 2],
      edgeLeft: Int32Array.from([1, 0, 0, 1]),
      edgeRight: Int32Array.from([1, 0, 1, 0]),
      edgeWeight: Float64Array.from([0.5, 0.25, 0.75, 0.9]),
    });
    const byId = solveBMatching(problem);
    expect(compact.matched).toBe(byId.matched);
    expect(compact.totalWeight).toBe(byId.totalWeight);
    expect(Array.from(compact.edges, (k) => ({ left: problem.edges[k].left, right: problem.edges[k].right }))).toEqual(byId.pairs);
  });
});
