// Judge assignment as a b-matching problem: hand-made panels with exact answers, then random panels
// solved end to end by the real solver, checked against the rules restated independently here
// (conflicts, capacity including kept reviews, k judges per proposal, exact shortfalls).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildAssignmentProblem,
  conflictKeys,
  isConflicted,
  shortfalls,
  type AssignmentInput,
  type Conflict,
  type ExistingReview,
  type PanelJudge,
  type PanelProposal,
} from "../../../app/rules/judging/assignment-problem";
import { solveBMatching, type MatchProblem, type MatchSolution } from "../../../app/rules/match/solver";

const proposal = (id: string, orgId: string): PanelProposal => ({ id, orgId });
const judge = (id: string, capacity: number, memberOrgIds: string[] = []): PanelJudge => ({ id, capacity, memberOrgIds });
const flat = () => 1;

function input(partial: Partial<AssignmentInput> & Pick<AssignmentInput, "proposals" | "judges">): AssignmentInput {
  return { reviewsPerProposal: 2, conflicts: [], existing: [], affinity: flat, ...partial };
}

function solve(inp: AssignmentInput) {
  const problem = buildAssignmentProblem(inp);
  const solution = solveBMatching(problem);
  return { problem, solution, short: shortfalls(inp, solution) };
}

const pairsOf = (solution: MatchSolution) => solution.pairs.map((p) => `${p.left}-${p.right}`);
const edgesOf = (problem: MatchProblem) => problem.edges.map((e) => `${e.left}-${e.right}`);

describe("conflictKeys / isConflicted", () => {
  const p = proposal("p1", "orgA");

  it("is conflicted when the judge is a member of the proposal's organisation", () => {
    expect(isConflicted(judge("j1", 3, ["orgX", "orgA"]), p, new Set())).toBe(true);
    expect(isConflicted(judge("j1", 3, ["orgX"]), p, new Set())).toBe(false);
  });

  it("is conflicted through a declared conflict with the organisation, for every proposal of that org", () => {
    const keys = conflictKeys([{ judgeId: "j1", orgId: "orgA" }]);
    expect(isConflicted(judge("j1", 3), p, keys)).toBe(true);
    expect(isConflicted(judge("j1", 3), proposal("p2", "orgA"), keys)).toBe(true);
    expect(isConflicted(judge("j1", 3), proposal("p3", "orgB"), keys)).toBe(false);
  });

  it("is conflicted through a declared conflict with the proposal only, not its sibling proposals", () => {
    const keys = conflictKeys([{ judgeId: "j1", proposalId: "p1" }]);
    expect(isConflicted(judge("j1", 3), p, keys)).toBe(true);
    expect(isConflicted(judge("j1", 3), proposal("p2", "orgA"), keys)).toBe(false);
  });

  it("does not leak one judge's conflict to another judge", () => {
    const keys = conflictKeys([
      { judgeId: "j1", orgId: "orgA" },
      { judgeId: "j1", proposalId: "p9" },
    ]);
    expect(isConflicted(judge("j2", 3), p, keys)).toBe(false);
    expect(isConflicted(judge("j2", 3), proposal("p9", "orgZ"), keys)).toBe(false);
  });

  it("builds one key per declared target and ignores null, undefined and empty targets", () => {
    const conflicts: Conflict[] = [
      { judgeId: "j1", orgId: "orgA", proposalId: null },
      { judgeId: "j1", orgId: null, proposalId: "p1" },
      { judgeId: "j2", orgId: "orgA", proposalId: "p2" },
      { judgeId: "j3" },
      { judgeId: "j4", orgId: "", proposalId: "" },
    ];
    expect([...conflictKeys(conflicts)].sort()).toEqual(["j1|org|orgA", "j1|proposal|p1", "j2|org|orgA", "j2|proposal|p2"]);
  });

  it("distinguishes an organisation and a proposal that share an id", () => {
    const keys = conflictKeys([{ judgeId: "j1", orgId: "x" }]);
    expect(isConflicted(judge("j1", 3), proposal("x", "other"), keys)).toBe(false);
    expect(isConflicted(judge("j1", 3), proposal("y", "x"), keys)).toBe(true);
  });
});

describe("buildAssignmentProblem", () => {
  it("asks k judges per proposal, offers each judge's full capacity and every pair, weighted by affinity", () => {
    const seen: [number, number][] = [];
    const problem = buildAssignmentProblem(
      input({
        reviewsPerProposal: 3,
        proposals: [proposal("p1", "o1"), proposal("p2", "o2")],
        judges: [judge("j1", 2), judge("j2", 5)],
        affinity: (pi, ji) => {
          seen.push([pi, ji]);
          return pi * 10 + ji; // identifies the indices the weight was computed for
        },
      }),
    );
    expect(problem.left).toEqual([
      { id: "p1", demand: 3 },
      { id: "p2", demand: 3 },
    ]);
    expect(problem.right).toEqual([
      { id: "j1", capacity: 2 },
      { id: "j2", capacity: 5 },
    ]);
    expect(problem.edges).toEqual([
      { left: "p1", right: "j1", weight: 0 },
      { left: "p1", right: "j2", weight: 1 },
      { left: "p2", right: "j1", weight: 10 },
      { left: "p2", right: "j2", weight: 11 },
    ]);
    expect(seen.sort()).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
  });

  it("offers no conflicted pair, whatever the reason for the conflict", () => {
    const problem = buildAssignmentProblem(
      input({
        proposals: [proposal("p1", "orgA"), proposal("p2", "orgA"), proposal("p3", "orgB")],
        judges: [judge("member", 3, ["orgA"]), judge("declaredOrg", 3), judge("declaredProposal", 3), judge("free", 3)],
        conflicts: [
          { judgeId: "declaredOrg", orgId: "orgB" },
          { judgeId: "declaredProposal", proposalId: "p2" },
        ],
      }),
    );
    expect(edgesOf(problem)).toEqual([
      "p1-declaredOrg",
      "p1-declaredProposal",
      "p1-free",
      "p2-declaredOrg",
      "p2-free",
      "p3-member",
      "p3-declaredProposal",
      "p3-free",
    ]);
  });

  it("counts kept reviews toward demand and capacity and does not offer their pair again", () => {
    const problem = buildAssignmentProblem(
      input({
        reviewsPerProposal: 2,
        proposals: [proposal("p1", "o1"), proposal("p2", "o2")],
        judges: [judge("j1", 3), judge("j2", 3)],
        existing: [{ proposalId: "p1", judgeId: "j1", kind: "kept" }],
      }),
    );
    expect(problem.left).toEqual([
      { id: "p1", demand: 1 },
      { id: "p2", demand: 2 },
    ]);
    expect(problem.right).toEqual([
      { id: "j1", capacity: 2 },
      { id: "j2", capacity: 3 },
    ]);
    expect(edgesOf(problem)).toEqual(["p1-j2", "p2-j1", "p2-j2"]);
  });

  it("never offers a recused pair again, and a recusal frees the demand and the capacity it held", () => {
    const problem = buildAssignmentProblem(
      input({
        reviewsPerProposal: 2,
        proposals: [proposal("p1", "o1"), proposal("p2", "o2")],
        judges: [judge("j1", 3), judge("j2", 3)],
        existing: [{ proposalId: "p1", judgeId: "j1", kind: "recused" }],
      }),
    );
    expect(problem.left.map((l) => l.demand)).toEqual([2, 2]);
    expect(problem.right.map((r) => r.capacity)).toEqual([3, 3]);
    expect(edgesOf(problem)).toEqual(["p1-j2", "p2-j1", "p2-j2"]);
  });

  it("clamps demand and capacity at zero when kept reviews already exceed them", () => {
    const existing: ExistingReview[] = ["p1", "p2", "p3"].map((p) => ({ proposalId: p, judgeId: "busy", kind: "kept" }));
    existing.push({ proposalId: "p1", judgeId: "other", kind: "kept" });
    const problem = buildAssignmentProblem(
      input({
        reviewsPerProposal: 1,
        proposals: [proposal("p1", "o"), proposal("p2", "o"), proposal("p3", "o")],
        judges: [judge("busy", 2), judge("other", 5)],
        existing,
      }),
    );
    expect(problem.left).toEqual([
      { id: "p1", demand: 0 },
      { id: "p2", demand: 0 },
      { id: "p3", demand: 0 },
    ]);
    expect(problem.right).toEqual([
      { id: "busy", capacity: 0 },
      { id: "other", capacity: 4 },
    ]);
  });

  it("counts kept reviews of proposals no longer in the round toward the judge's load", () => {
    const problem = buildAssignmentProblem(
      input({
        proposals: [proposal("p1", "o")],
        judges: [judge("j1", 2)],
        existing: [{ proposalId: "withdrawn", judgeId: "j1", kind: "kept" }],
      }),
    );
    expect(problem.right).toEqual([{ id: "j1", capacity: 1 }]);
    expect(problem.left).toEqual([{ id: "p1", demand: 2 }]);
  });

  it("produces a problem the solver accepts for an empty round", () => {
    const { problem, solution, short } = solve(input({ proposals: [], judges: [judge("j1", 3)] }));
    expect(problem).toEqual({ left: [], right: [{ id: "j1", capacity: 3 }], edges: [] });
    expect(solution.pairs).toEqual([]);
    expect(short).toEqual([]);
  });
});

describe("shortfalls", () => {
  it("lists nothing when every proposal has k judges", () => {
    const inp = input({
      reviewsPerProposal: 2,
      proposals: [proposal("p1", "o1"), proposal("p2", "o2"), proposal("p3", "o3")],
      judges: [judge("j1", 2), judge("j2", 2), judge("j3", 2)],
    });
    const { solution, short } = solve(inp);
    expect(solution.matched).toBe(6);
    expect(short).toEqual([]);
  });

  it("reports a panel too small for k, proposal by proposal, in input order", () => {
    const inp = input({
      reviewsPerProposal: 3,
      proposals: [proposal("p1", "o1"), proposal("p2", "o2"), proposal("p3", "o3")],
      judges: [judge("j1", 10), judge("j2", 10)],
    });
    const { solution, short } = solve(inp);
    expect(solution.matched).toBe(6);
    expect(short).toEqual([
      { proposalId: "p1", needed: 3, assigned: 2, missing: 1 },
      { proposalId: "p2", needed: 3, assigned: 2, missing: 1 },
      { proposalId: "p3", needed: 3, assigned: 2, missing: 1 },
    ]);
  });

  it("reports where scarce capacity ran out, the solver having favoured the highest affinities", () => {
    const affinity = [
      [1, 0.9, 0.8],
      [0.5, 0.5, 0.5],
      [0.1, 0.1, 0.1],
    ];
    const inp = input({
      reviewsPerProposal: 2,
      proposals: [proposal("p1", "o1"), proposal("p2", "o2"), proposal("p3", "o3")],
      judges: [judge("j1", 1), judge("j2", 1), judge("j3", 1)],
      affinity: (pi, ji) => affinity[pi][ji],
    });
    const { solution, short } = solve(inp);
    expect(pairsOf(solution)).toEqual(["p1-j1", "p1-j2", "p2-j3"]);
    expect(solution.totalWeight).toBeCloseTo(2.4, 12);
    expect(short).toEqual([
      { proposalId: "p2", needed: 2, assigned: 1, missing: 1 },
      { proposalId: "p3", needed: 2, assigned: 0, missing: 2 },
    ]);
  });

  it("counts kept reviews as assigned, and reports the proposal whose only free judge recused", () => {
    const inp = input({
      reviewsPerProposal: 2,
      proposals: [proposal("p1", "o1"), proposal("p2", "o2")],
      judges: [judge("j1", 5), judge("j2", 5, ["o2"])],
      existing: [
        { proposalId: "p1", judgeId: "j2", kind: "kept" },
        { proposalId: "p2", judgeId: "j1", kind: "recused" },
      ],
    });
    const { solution, short } = solve(inp);
    expect(pairsOf(solution)).toEqual(["p1-j1"]);
    expect(short).toEqual([{ proposalId: "p2", needed: 2, assigned: 0, missing: 2 }]);
  });

  it("reports a proposal every judge is conflicted with, and no proposal that has more kept reviews than k", () => {
    const inp = input({
      reviewsPerProposal: 1,
      proposals: [proposal("own", "orgA"), proposal("over", "orgB")],
      judges: [judge("j1", 5, ["orgA"]), judge("j2", 5)],
      conflicts: [{ judgeId: "j2", proposalId: "own" }],
      existing: [
        { proposalId: "over", judgeId: "j1", kind: "kept" },
        { proposalId: "over", judgeId: "j2", kind: "kept" },
      ],
    });
    const { solution, short } = solve(inp);
    expect(solution.pairs).toEqual([]);
    expect(short).toEqual([{ proposalId: "own", needed: 1, assigned: 0, missing: 1 }]);
  });

  it("reads the solution it is given: pairs the solver found count, nothing else does", () => {
    const inp = input({
      reviewsPerProposal: 2,
      proposals: [proposal("p1", "o1"), proposal("p2", "o2")],
      judges: [judge("j1", 5), judge("j2", 5)],
      existing: [{ proposalId: "p2", judgeId: "j1", kind: "kept" }],
    });
    const partial: MatchSolution = { pairs: [{ left: "p1", right: "j1" }], matched: 1, totalWeight: 1 };
    expect(shortfalls(inp, partial)).toEqual([
      { proposalId: "p1", needed: 2, assigned: 1, missing: 1 },
      { proposalId: "p2", needed: 2, assigned: 1, missing: 1 },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Random panels, solved end to end.

interface RawPanel {
  k: number;
  proposalOrgs: number[];
  judges: { capacity: number; orgs: number[] }[];
  conflicts: { judge: number; org: number | null; proposal: number | null }[];
  existing: { p: number; j: number; kept: boolean }[];
  weights: number[];
}

const ORGS = [0, 1, 2, 3];
const weightArb = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 0.5, 1));

function panelArb(opts: { maxProposals: number; minJudges: number; maxJudges: number; capacity: fc.Arbitrary<number> }) {
  return fc.record({
    k: fc.integer({ min: 0, max: 4 }),
    proposalOrgs: fc.array(fc.constantFrom(...ORGS), { maxLength: opts.maxProposals }),
    judges: fc.array(fc.record({ capacity: opts.capacity, orgs: fc.subarray(ORGS, { maxLength: 2 }) }), {
      minLength: opts.minJudges,
      maxLength: opts.maxJudges,
    }),
    conflicts: fc.array(
      fc.record({
        judge: fc.nat(),
        org: fc.option(fc.constantFrom(...ORGS), { nil: null }),
        proposal: fc.option(fc.nat(), { nil: null }),
      }),
      { maxLength: 6 },
    ),
    existing: fc.array(fc.record({ p: fc.nat(), j: fc.nat(), kept: fc.boolean() }), { maxLength: 10 }),
    weights: fc.array(weightArb, { minLength: 100, maxLength: 100 }),
  });
}

/** Turns index-based random data into an AssignmentInput (out-of-range indices wrap, repeated pairs keep the first). */
function toInput(raw: RawPanel): AssignmentInput {
  const P = raw.proposalOrgs.length;
  const J = raw.judges.length;
  const proposals = raw.proposalOrgs.map((o, i) => proposal(`p${i}`, `org${o}`));
  const judges = raw.judges.map((j, i) => judge(`j${i}`, j.capacity, j.orgs.map((o) => `org${o}`)));
  const conflicts: Conflict[] =
    J === 0
      ? []
      : raw.conflicts.map((c) => ({
          judgeId: `j${c.judge % J}`,
          orgId: c.org === null ? null : `org${c.org}`,
          proposalId: c.proposal === null || P === 0 ? null : `p${c.proposal % P}`,
        }));
  const seen = new Set<string>();
  const existing: ExistingReview[] = [];
  if (P > 0 && J > 0) {
    for (const e of raw.existing) {
      const key = `${e.p % P}/${e.j % J}`;
      if (seen.has(key)) continue;
      seen.add(key);
      existing.push({ proposalId: `p${e.p % P}`, judgeId: `j${e.j % J}`, kind: e.kept ? "kept" : "recused" });
    }
  }
  return {
    reviewsPerProposal: raw.k,
    proposals,
    judges,
    conflicts,
    existing,
    affinity: (pi, ji) => raw.weights[(pi * 11 + ji) % raw.weights.length],
  };
}

/** The conflict rule, restated from the raw data without the module's keys. */
function conflictedByRule(inp: AssignmentInput, p: PanelProposal, j: PanelJudge): boolean {
  return (
    j.memberOrgIds.includes(p.orgId) ||
    inp.conflicts.some((c) => c.judgeId === j.id && (c.orgId === p.orgId || c.proposalId === p.id))
  );
}

function tally(inp: AssignmentInput, solution: MatchSolution) {
  const count = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);
  const keptByProposal = new Map<string, number>();
  const keptByJudge = new Map<string, number>();
  for (const r of inp.existing) {
    if (r.kind !== "kept") continue;
    count(keptByProposal, r.proposalId);
    count(keptByJudge, r.judgeId);
  }
  const newByProposal = new Map<string, number>();
  const newByJudge = new Map<string, number>();
  for (const pair of solution.pairs) {
    count(newByProposal, pair.left);
    count(newByJudge, pair.right);
  }
  return { keptByProposal, keptByJudge, newByProposal, newByJudge };
}

describe("assignment end to end on random panels (fast-check)", () => {
  const anyPanel = panelArb({ maxProposals: 8, minJudges: 0, maxJudges: 6, capacity: fc.integer({ min: 0, max: 5 }) });

  it("never assigns a conflicted, recused or already-kept pair, and never assigns a pair twice", () => {
    fc.assert(
      fc.property(anyPanel, (raw) => {
        const inp = toInput(raw);
        const { solution } = solve(inp);
        const byId = {
          p: new Map(inp.proposals.map((p) => [p.id, p])),
          j: new Map(inp.judges.map((j) => [j.id, j])),
        };
        const existingPairs = new Set(inp.existing.map((r) => `${r.proposalId}-${r.judgeId}`));
        const assigned = pairsOf(solution);
        expect(new Set(assigned).size).toBe(assigned.length);
        for (const pair of solution.pairs) {
          const p = byId.p.get(pair.left)!;
          const j = byId.j.get(pair.right)!;
          expect(p, `unknown proposal ${pair.left}`).toBeDefined();
          expect(j, `unknown judge ${pair.right}`).toBeDefined();
          expect(conflictedByRule(inp, p, j), `${p.id} assigned to conflicted ${j.id}`).toBe(false);
          expect(existingPairs.has(`${p.id}-${j.id}`), `${p.id}-${j.id} already reviewed or recused`).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("respects capacity including kept reviews, and k judges per proposal including kept ones", () => {
    fc.assert(
      fc.property(anyPanel, (raw) => {
        const inp = toInput(raw);
        const { solution } = solve(inp);
        const t = tally(inp, solution);
        const k = inp.reviewsPerProposal;
        for (const j of inp.judges) {
          const kept = t.keptByJudge.get(j.id) ?? 0;
          const added = t.newByJudge.get(j.id) ?? 0;
          // A judge already over capacity through kept reviews gets nothing new.
          expect(added).toBeLessThanOrEqual(Math.max(0, j.capacity - kept));
          if (kept <= j.capacity) expect(kept + added).toBeLessThanOrEqual(j.capacity);
        }
        for (const p of inp.proposals) {
          const kept = t.keptByProposal.get(p.id) ?? 0;
          const added = t.newByProposal.get(p.id) ?? 0;
          expect(added).toBeLessThanOrEqual(Math.max(0, k - kept));
          if (kept <= k) expect(kept + added).toBeLessThanOrEqual(k);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("reports shortfalls of exactly k − (kept + assigned) for every proposal short of k, and none otherwise", () => {
    fc.assert(
      fc.property(anyPanel, (raw) => {
        const inp = toInput(raw);
        const { solution, short } = solve(inp);
        const t = tally(inp, solution);
        const k = inp.reviewsPerProposal;
        const expected = inp.proposals.flatMap((p) => {
          const got = (t.keptByProposal.get(p.id) ?? 0) + (t.newByProposal.get(p.id) ?? 0);
          return got < k ? [{ proposalId: p.id, needed: k, assigned: got, missing: k - got }] : [];
        });
        expect(short).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("leaves no shortfall that an idle eligible judge could have reduced", () => {
    // The solver maximises the number of pairs, so no allowed pair joins a short proposal to a
    // judge with spare capacity (otherwise adding it would give a larger matching).
    fc.assert(
      fc.property(anyPanel, (raw) => {
        const inp = toInput(raw);
        const { problem, solution, short } = solve(inp);
        const t = tally(inp, solution);
        const spare = new Map(problem.right.map((r) => [r.id, r.capacity - (t.newByJudge.get(r.id) ?? 0)]));
        const shortIds = new Set(short.map((s) => s.proposalId));
        const assigned = new Set(pairsOf(solution));
        for (const e of problem.edges) {
          if (shortIds.has(e.left) && !assigned.has(`${e.left}-${e.right}`)) {
            expect(spare.get(e.right), `${e.left} is short but ${e.right} is idle`).toBe(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("gives every proposal k judges when capacity is ample and enough judges are eligible", () => {
    const amplePanel = panelArb({ maxProposals: 8, minJudges: 4, maxJudges: 8, capacity: fc.constant(0) }).map((raw) => ({
      ...raw,
      k: Math.min(raw.k, 3),
      // At least twice the number of proposals: kept reviews (at most one per proposal) leave every
      // judge room for every proposal, so capacity can never be what limits the assignment.
      judges: raw.judges.map((j) => ({ ...j, capacity: 2 * raw.proposalOrgs.length })),
    }));
    let checked = 0;
    fc.assert(
      fc.property(amplePanel, (raw) => {
        const inp = toInput(raw);
        const k = inp.reviewsPerProposal;
        const takenPairs = new Set(inp.existing.map((r) => `${r.proposalId}-${r.judgeId}`));
        const keptOf = (id: string) => inp.existing.filter((r) => r.proposalId === id && r.kind === "kept").length;
        const enoughEligible = inp.proposals.every(
          (p) =>
            inp.judges.filter((j) => !conflictedByRule(inp, p, j) && !takenPairs.has(`${p.id}-${j.id}`)).length >=
            k - keptOf(p.id),
        );
        fc.pre(enoughEligible);
        checked++;
        const { solution, short } = solve(inp);
        expect(short).toEqual([]);
        const newCount = inp.proposals.reduce((s, p) => s + Math.max(0, k - keptOf(p.id)), 0);
        expect(solution.matched).toBe(newCount);
      }),
      { numRuns: 200 },
    );
    expect(checked).toBeGreaterThan(100);
  });

  it("takes the highest-affinity judges when capacity is ample (the choice follows affinity)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 3 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 6, maxLength: 6 }),
        (P, k, ranks) => {
          // One affinity per judge, the same for every proposal, all distinct: each proposal's best k
          // judges are then the same k judges, and no conflict or capacity forces another choice.
          const judges = ranks.map((_, i) => judge(`j${i}`, P));
          const proposals = Array.from({ length: P }, (_, i) => proposal(`p${i}`, `o${i}`));
          const inp = input({ reviewsPerProposal: k, proposals, judges, affinity: (_pi, ji) => ranks[ji] / 1000 });
          const { solution } = solve(inp);
          const best = ranks
            .map((r, i) => ({ r, id: `j${i}` }))
            .sort((a, b) => b.r - a.r)
            .slice(0, k)
            .map((x) => x.id)
            .sort();
          for (const p of proposals) {
            expect(solution.pairs.filter((x) => x.left === p.id).map((x) => x.right).sort()).toEqual(best);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
