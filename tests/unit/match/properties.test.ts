// Property tests: every answer is a feasible b-matching with honest totals, and on tiny instances it
// is the lexicographic optimum found by exhaustive search (a second reference, independent of LP).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { solveBMatching } from "../../../app/rules/match/solver";
import type { MatchProblem, MatchSolution } from "../../../app/rules/match/types";

function problemArb(maxSide: number, weight: fc.Arbitrary<number>): fc.Arbitrary<MatchProblem> {
  return fc
    .record({
      demands: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: maxSide }),
      capacities: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: maxSide }),
    })
    .chain(({ demands, capacities }) => {
      const cells = demands.flatMap((_, i) => capacities.map((_, j) => [i, j] as const));
      return fc.record({
        demands: fc.constant(demands),
        capacities: fc.constant(capacities),
        edges: fc.shuffledSubarray(cells).chain((chosen) =>
          fc.tuple(...chosen.map(([i, j]) => weight.map((w) => ({ left: `p${i}`, right: `j${j}`, weight: w })))),
        ),
      });
    })
    .map(({ demands, capacities, edges }) => ({
      left: demands.map((demand, i) => ({ id: `p${i}`, demand })),
      right: capacities.map((capacity, j) => ({ id: `j${j}`, capacity })),
      edges: edges as MatchProblem["edges"],
    }));
}

const moderateWeight = fc.oneof(
  fc.double({ min: -1e3, max: 1e3, noNaN: true }),
  fc.constantFrom(0, 1, -1, 0.5, 0.1, 0.2, 0.3),
);
const anyFiniteWeight = fc.double({ noNaN: true, noDefaultInfinity: true });

function expectFeasible(problem: MatchProblem, solution: MatchSolution): void {
  const weightOf = new Map(problem.edges.map((e) => [`${e.left}\u0000${e.right}`, e.weight]));
  const seen = new Set<string>();
  const usedLeft = new Map<string, number>();
  const usedRight = new Map<string, number>();
  let total = 0;
  for (const { left, right } of solution.pairs) {
    const key = `${left}\u0000${right}`;
    expect(weightOf.has(key), `pair ${left}-${right} is an allowed edge`).toBe(true);
    expect(seen.has(key), `pair ${left}-${right} used once`).toBe(false);
    seen.add(key);
    usedLeft.set(left, (usedLeft.get(left) ?? 0) + 1);
    usedRight.set(right, (usedRight.get(right) ?? 0) + 1);
    total += weightOf.get(key)!;
  }
  for (const l of problem.left) expect(usedLeft.get(l.id) ?? 0).toBeLessThanOrEqual(l.demand);
  for (const r of problem.right) expect(usedRight.get(r.id) ?? 0).toBeLessThanOrEqual(r.capacity);
  expect(solution.matched).toBe(solution.pairs.length);
  if (Number.isFinite(total)) {
    expect(Math.abs(solution.totalWeight - total)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(total)) * solution.matched);
  }
  // Deterministic order: left input order, then right input order.
  const leftPos = new Map(problem.left.map((l, i) => [l.id, i]));
  const rightPos = new Map(problem.right.map((r, j) => [r.id, j]));
  const keys = solution.pairs.map((p) => leftPos.get(p.left)! * 1e6 + rightPos.get(p.right)!);
  expect(keys).toEqual([...keys].sort((a, b) => a - b));
}

/** Exhaustive lexicographic optimum over all edge subsets (tiny instances only). */
function bruteForce(problem: MatchProblem): { matched: number; totalWeight: number } {
  const { edges } = problem;
  const demand = new Map(problem.left.map((l) => [l.id, l.demand]));
  const capacity = new Map(problem.right.map((r) => [r.id, r.capacity]));
  let best = { matched: 0, totalWeight: 0 };
  const usedL = new Map<string, number>();
  const usedR = new Map<string, number>();
  const visit = (k: number, matched: number, weight: number) => {
    if (k === edges.length) {
      if (matched > best.matched || (matched === best.matched && weight > best.totalWeight)) best = { matched, totalWeight: weight };
      return;
    }
    visit(k + 1, matched, weight);
    const { left, right, weight: w } = edges[k];
    const l = usedL.get(left) ?? 0;
    const r = usedR.get(right) ?? 0;
    if (l < demand.get(left)! && r < capacity.get(right)!) {
      usedL.set(left, l + 1);
      usedR.set(right, r + 1);
      visit(k + 1, matched + 1, weight + w);
      usedL.set(left, l);
      usedR.set(right, r);
    }
  };
  visit(0, 0, 0);
  return best;
}

describe("solveBMatching properties", () => {
  it("returns a feasible b-matching whose totals add up", () => {
    fc.assert(
      fc.property(problemArb(8, moderateWeight), (problem) => {
        expectFeasible(problem, solveBMatching(problem));
      }),
      { numRuns: 300 },
    );
  });

  it("stays feasible and cardinality-optimal with any finite weights (±1e308, subnormals)", () => {
    fc.assert(
      fc.property(problemArb(4, anyFiniteWeight).filter((p) => p.edges.length <= 12), (problem) => {
        const solution = solveBMatching(problem);
        expectFeasible(problem, solution);
        expect(solution.matched).toBe(bruteForce(problem).matched);
      }),
      { numRuns: 200 },
    );
  });

  it("matches exhaustive search on tiny instances", () => {
    fc.assert(
      fc.property(problemArb(4, moderateWeight).filter((p) => p.edges.length <= 12), (problem) => {
        const ours = solveBMatching(problem);
        const best = bruteForce(problem);
        expect(ours.matched).toBe(best.matched);
        expect(Math.abs(ours.totalWeight - best.totalWeight)).toBeLessThanOrEqual(1e-6);
      }),
      { numRuns: 300 },
    );
  });

  it("is deterministic for a given input", () => {
    fc.assert(
      fc.property(problemArb(6, fc.constantFrom(0, 0.5, 1)), (problem) => {
        expect(solveBMatching(problem)).toEqual(solveBMatching(problem));
      }),
      { numRuns: 100 },
    );
  });
});
