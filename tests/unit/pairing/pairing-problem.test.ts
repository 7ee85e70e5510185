// Building the pairing problem (edges, demand, capacity, locks) and reading the solver's answer back,
// on hand-made cases with exact answers solved by the real solver.
import { describe, expect, it } from "vitest";
import { solveBMatching, type MatchProblem } from "../../../app/rules/match/solver";
import { buildPairingProblem, readPairingSolution, type PairingInput } from "../../../app/rules/pairing/pairing-problem";
import { input, proposal, ref, sponsor } from "./helpers/factories";

const edgesOf = (problem: MatchProblem) => problem.edges.map((e) => `${e.left}-${e.right}`);

function solve(inp: PairingInput) {
  const problem = buildPairingProblem(inp);
  const result = readPairingSolution(inp, solveBMatching(problem));
  return { problem, result, pairs: result.pairs.map((p) => `${p.proposalId}-${p.sponsorId}${p.locked ? " (locked)" : ""}`) };
}

describe("buildPairingProblem", () => {
  it("asks one sponsor per proposal, offers each sponsor's capacity and every pair, weighted by the fit", () => {
    const problem = buildPairingProblem(
      input({
        proposals: [proposal("p1", { calibrated: 5 }), proposal("p2", { calibrated: 2.5 })],
        sponsors: [sponsor("s1", { capacity: 2 }), sponsor("s2", { capacity: 1, prefAreaIds: [9] })],
      }),
    );
    expect(problem.left).toEqual([
      { id: "p1", demand: 1 },
      { id: "p2", demand: 1 },
    ]);
    expect(problem.right).toEqual([
      { id: "s1", capacity: 2 },
      { id: "s2", capacity: 1 },
    ]);
    // p2: score 0.5 → 1 − 0.4·0.5; s2 also misses the area → − 0.1.
    expect(problem.edges).toEqual([
      { left: "p1", right: "s1", weight: 1 },
      { left: "p1", right: "s2", weight: 0.9 },
      { left: "p2", right: "s1", weight: 0.8 },
      { left: "p2", right: "s2", weight: 0.7 },
    ]);
  });

  it("removes exactly the excluded pair, the declined pair, and the pairs with an organisation the sponsor excludes", () => {
    const problem = buildPairingProblem(
      input({
        proposals: [proposal("p1", { orgId: "A" }), proposal("p2", { orgId: "B" }), proposal("p3", { orgId: "A" })],
        sponsors: [sponsor("s1", { capacity: 3 }), sponsor("s2", { capacity: 3, excludedOrgIds: ["A"] })],
        exclusions: [ref("p1", "s1")],
        declined: [ref("p2", "s1")],
      }),
    );
    expect(edgesOf(problem)).toEqual(["p2-s2", "p3-s1"]);
  });

  it("ignores exclusions and declines naming proposals or sponsors not in the run", () => {
    const problem = buildPairingProblem(
      input({ proposals: [proposal("p1")], sponsors: [sponsor("s1")], exclusions: [ref("gone", "s1")], declined: [ref("p1", "gone")] }),
    );
    expect(edgesOf(problem)).toEqual(["p1-s1"]);
  });

  it("takes a locked proposal out of the problem and counts its pair against the sponsor's capacity", () => {
    const problem = buildPairingProblem(
      input({
        proposals: [proposal("p1"), proposal("p2")],
        sponsors: [sponsor("s1", { capacity: 2 }), sponsor("s2", { capacity: 1 })],
        locked: [ref("p1", "s1")],
      }),
    );
    expect(problem.left).toEqual([{ id: "p2", demand: 1 }]);
    expect(problem.right).toEqual([
      { id: "s1", capacity: 1 },
      { id: "s2", capacity: 1 },
    ]);
    expect(edgesOf(problem)).toEqual(["p2-s1", "p2-s2"]);
  });

  it("clamps capacity at zero when locks exceed it, and offers no pair with a full sponsor", () => {
    const problem = buildPairingProblem(
      input({
        proposals: [proposal("p1"), proposal("p2"), proposal("p3")],
        sponsors: [sponsor("s1", { capacity: 1 }), sponsor("s2", { capacity: 0 })],
        locked: [ref("p1", "s1"), ref("p2", "s1"), ref("p1", "s1")],
      }),
    );
    expect(problem.right).toEqual([
      { id: "s1", capacity: 0 },
      { id: "s2", capacity: 0 },
    ]);
    expect(problem.edges).toEqual([]);
  });

  it("rounds edge weights to 1e-6", () => {
    const problem = buildPairingProblem(input({ proposals: [proposal("p1", { calibrated: 1 / 3 })], sponsors: [sponsor("s1")] }));
    expect(problem.edges[0].weight).toBe(0.626667); // 1 − 0.4 · (1 − 1/15)
  });

  it("weights edges with the input's weights", () => {
    const problem = buildPairingProblem(
      input({ proposals: [proposal("p1", { calibrated: 2 })], sponsors: [sponsor("s1")], weights: { score: 1, preferences: 0, needs: 0, readiness: 0, area: 1 } }),
    );
    expect(problem.edges[0].weight).toBe(0.7);
  });

  it("rejects inconsistent input with a RangeError", () => {
    const base = { proposals: [proposal("p1"), proposal("p2")], sponsors: [sponsor("s1"), sponsor("s2")] };
    expect(() => buildPairingProblem(input({ ...base, locked: [ref("p9", "s1")] }))).toThrow(/unknown proposal/);
    expect(() => buildPairingProblem(input({ ...base, locked: [ref("p1", "s9")] }))).toThrow(/unknown sponsor/);
    expect(() => buildPairingProblem(input({ ...base, locked: [ref("p1", "s1"), ref("p1", "s2")] }))).toThrow(/locked to both/);
    expect(() => buildPairingProblem(input({ ...base, proposals: [proposal("p1"), proposal("p1")] }))).toThrow(RangeError);
    expect(() => buildPairingProblem(input({ ...base, sponsors: [sponsor("s1"), sponsor("s1")] }))).toThrow(RangeError);
    expect(() => buildPairingProblem(input({ ...base, weights: { score: -1, preferences: 1, needs: 1, readiness: 1, area: 1 } }))).toThrow(RangeError);
  });
});

describe("readPairingSolution, end to end", () => {
  it("gives the last place to the better fit; the other proposal is 'capacity-taken'", () => {
    const { result, pairs } = solve(
      input({ proposals: [proposal("weak", { calibrated: 2 }), proposal("strong", { calibrated: 4.5 })], sponsors: [sponsor("s1")] }),
    );
    expect(pairs).toEqual(["strong-s1"]);
    expect(result.unpaired).toEqual([{ proposalId: "weak", reason: "capacity-taken" }]);
    expect(result.pairs[0]).toMatchObject({ fit: 0.96, factors: { score: 0.9 }, locked: false });
  });

  it("pairs as many proposals as possible before maximising the fit", () => {
    const { pairs, result } = solve(
      input({
        proposals: [proposal("flexible", { calibrated: 5 }), proposal("picky", { calibrated: 1 })],
        sponsors: [sponsor("best"), sponsor("other", { prefAreaIds: [9] })],
        exclusions: [ref("picky", "other")],
      }),
    );
    expect(pairs).toEqual(["flexible-other", "picky-best"]);
    expect(result.totals.totalFit).toBeCloseTo(0.9 + 0.68, 12);
  });

  it("never pairs a proposal with a sponsor that excludes its organisation, even at the cost of fit", () => {
    const { pairs, result } = solve(
      input({
        proposals: [proposal("a", { orgId: "A" }), proposal("b", { orgId: "B", calibrated: 1 })],
        sponsors: [sponsor("good", { capacity: 2, excludedOrgIds: ["B"] }), sponsor("meh", { prefTags: ["x"] })],
      }),
    );
    expect(pairs).toEqual(["a-good", "b-meh"]);
    expect(result.unpaired).toEqual([]);
  });

  it("reports 'excluded' when every sponsor with room was excluded or declined the proposal", () => {
    const { result } = solve(
      input({
        proposals: [proposal("p1"), proposal("p2", { orgId: "X" })],
        sponsors: [sponsor("s1", { capacity: 2 }), sponsor("s2", { capacity: 2, excludedOrgIds: ["X"] }), sponsor("full", { capacity: 1 })],
        declined: [ref("p1", "s1"), ref("p1", "s2"), ref("p2", "s1")],
        exclusions: [ref("p1", "full")],
      }),
    );
    expect(result.unpaired).toEqual([{ proposalId: "p1", reason: "excluded" }]);
    expect(result.pairs.map((p) => `${p.proposalId}-${p.sponsorId}`)).toEqual(["p2-full"]);
  });

  it("reports 'excluded' when a sponsor without room is the only one not ruled out", () => {
    const { result } = solve(
      input({
        proposals: [proposal("locked"), proposal("p")],
        sponsors: [sponsor("s1"), sponsor("s2")],
        locked: [ref("locked", "s1")],
        declined: [ref("p", "s2")],
      }),
    );
    expect(result.unpaired).toEqual([{ proposalId: "p", reason: "excluded" }]);
  });

  it("reports 'no-eligible-sponsor' when there are no sponsors, or locks have taken every place", () => {
    expect(solve(input({ proposals: [proposal("p1")], sponsors: [] })).result).toEqual({
      pairs: [],
      unpaired: [{ proposalId: "p1", reason: "no-eligible-sponsor" }],
      totals: { proposals: 1, paired: 0, unpaired: 1, totalFit: 0, locked: 0 },
    });
    const full = solve(input({ proposals: [proposal("p1"), proposal("p2")], sponsors: [sponsor("s1")], locked: [ref("p1", "s1")] }));
    expect(full.result.unpaired).toEqual([{ proposalId: "p2", reason: "no-eligible-sponsor" }]);
  });

  it("lists locked pairs first, keeps them even when excluded or over capacity, and counts them in the totals", () => {
    const { result, pairs } = solve(
      input({
        proposals: [proposal("p1"), proposal("p2", { orgId: "X" }), proposal("p3", { calibrated: 0 })],
        sponsors: [sponsor("s1", { capacity: 2 }), sponsor("s2", { capacity: 1, excludedOrgIds: ["X"] })],
        locked: [ref("p2", "s2")],
        exclusions: [ref("p2", "s2")],
      }),
    );
    expect(pairs).toEqual(["p2-s2 (locked)", "p1-s1", "p3-s1"]);
    expect(result.totals).toEqual({ proposals: 3, paired: 3, unpaired: 0, totalFit: 2.6, locked: 1 });
  });

  it("returns the fit's explanation with each pair", () => {
    const { result } = solve(input({ proposals: [proposal("p1", { calibrated: 2.5 })], sponsors: [sponsor("s1")] }));
    const [pair] = result.pairs;
    expect(pair.fit).toBe(0.8);
    expect(pair.factors).toEqual({ score: 0.5, preferences: 1, needs: 1, readiness: 1, area: 1 });
    expect(pair.shares.score).toBeCloseTo(0.25, 12);
    expect(pair.shares.needs).toBeCloseTo(0.25, 12);
  });

  it("refuses a solution that breaks the rules rather than reporting it", () => {
    const inp = input({ proposals: [proposal("p1"), proposal("p2")], sponsors: [sponsor("s1")], declined: [ref("p2", "s1")] });
    const answer = (pairs: [string, string][]) => ({ pairs: pairs.map(([left, right]) => ({ left, right })), matched: pairs.length, totalWeight: 0 });
    expect(() => readPairingSolution(inp, answer([["p2", "s1"]]))).toThrow(/not an allowed pair/);
    expect(() => readPairingSolution(inp, answer([["p1", "s1"], ["p1", "s1"]]))).toThrow(/twice/);
    const twoSlots = input({ proposals: [proposal("p1"), proposal("p2")], sponsors: [sponsor("s1")] });
    expect(() => readPairingSolution(twoSlots, answer([["p1", "s1"], ["p2", "s1"]]))).toThrow(/capacity/);
  });
});
