// The optimality certificate accepts the simplex's answer and rejects tampered ones.
import { describe, expect, it } from "vitest";
import { checkOptimality } from "../../../app/rules/match/certificate";
import { buildNetwork } from "../../../app/rules/match/graph";
import { makeQuantizer } from "../../../app/rules/match/quantize";
import type { CompactMatchProblem } from "../../../app/rules/match/types";

// Greedy trap: optimum is p0-j1 + p1-j0 (18); p0-j0 + p1-j1 (11) is feasible but worse.
const problem: CompactMatchProblem = {
  leftCount: 2,
  rightCount: 2,
  demand: [1, 1],
  capacity: [1, 1],
  edgeLeft: Int32Array.from([0, 0, 1, 1]),
  edgeRight: Int32Array.from([0, 1, 0, 1]),
  edgeWeight: Float64Array.from([10, 9, 9, 1]),
};

function solved() {
  const network = buildNetwork(problem, makeQuantizer(problem.edgeWeight, 6));
  network.simplex.run();
  return network;
}

describe("checkOptimality", () => {
  it("accepts the simplex's flow and potentials", () => {
    const { simplex, arcOfEdge } = solved();
    expect(checkOptimality(simplex)).toBeNull();
    expect(Array.from(arcOfEdge, (a) => simplex.flow[a])).toEqual([0, 1, 1, 0]);
  });

  it("rejects a feasible but suboptimal matching", () => {
    const { simplex, arcOfEdge } = solved();
    [1, 0, 0, 1].forEach((f, k) => (simplex.flow[arcOfEdge[k]] = f)); // still a circulation
    expect(checkOptimality(simplex)).toMatch(/reduced cost/);
  });

  it("rejects a flow that is not conserved or exceeds capacity", () => {
    const a = solved();
    a.simplex.flow[a.arcOfEdge[0]] = 1;
    expect(checkOptimality(a.simplex)).toMatch(/not conserved|reduced cost/);
    const b = solved();
    b.simplex.flow[b.arcOfEdge[1]] = 2;
    expect(checkOptimality(b.simplex)).toMatch(/outside \[0, 1\]/);
  });
});
