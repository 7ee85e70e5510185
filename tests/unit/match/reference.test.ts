// Optimality against an independent reference: the lexicographic LP solved by HiGHS.
import { beforeAll, describe, expect, it } from "vitest";
import { solveBMatching } from "../../../app/rules/match/solver";
import { loadHighs, solveWithHighs } from "./helpers/highs-reference";
import { randomProblem } from "./helpers/random";

let highs: Awaited<ReturnType<typeof loadHighs>>;
beforeAll(async () => {
  highs = await loadHighs();
});

function compare(seed: number, opts?: Parameters<typeof randomProblem>[1]) {
  const problem = randomProblem(seed, opts);
  const ours = solveBMatching(problem);
  const ref = solveWithHighs(highs, problem);
  expect({ seed, matched: ours.matched }).toEqual({ seed, matched: ref.matched });
  expect(Math.abs(ours.totalWeight - ref.totalWeight), `seed ${seed}: weight ${ours.totalWeight} vs ${ref.totalWeight}`).toBeLessThanOrEqual(1e-6);
}

describe("solveBMatching agrees with HiGHS (max cardinality, then max weight)", () => {
  it("on 200 seeded small instances (ties, zeros, isolated nodes, negative weights, starved demand)", () => {
    for (let seed = 1; seed <= 200; seed++) compare(seed);
  });

  it("on 30 seeded medium instances (up to 60 x 30)", () => {
    for (let seed = 1001; seed <= 1030; seed++) compare(seed, { maxLeft: 60, maxRight: 30 });
  });
});
