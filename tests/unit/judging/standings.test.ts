import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { standings, type ScoredProposal, type StandingCriterion } from "../../../app/rules/judging/standings";

const criteria: StandingCriterion[] = [
  { id: "impact", weight: 50, threshold: 3 },
  { id: "feasibility", weight: 30, threshold: 3 },
  { id: "value", weight: 20, threshold: null },
];
const consensus = (impact: number, feasibility: number, value: number) => [
  { criterionId: "impact", score: impact }, { criterionId: "feasibility", score: feasibility }, { criterionId: "value", score: value },
];
const scored = (proposalId: string, calibrated: number, means: [number, number, number], report: ReturnType<typeof consensus> | null = null): ScoredProposal => ({
  proposalId, raw: calibrated, calibrated, criterionMeans: { impact: means[0], feasibility: means[1], value: means[2] }, consensus: report,
});

describe("standings", () => {
  it("fails a proposal below a criterion's threshold or below the total threshold, and passes one meeting both exactly", () => {
    const [a, b, c] = [
      scored("a", 3.4, [3, 3, 5]), // meets both thresholds exactly, total 3.4
      scored("b", 4.1, [4.5, 2.9, 5]), // a criterion below 3
      scored("c", 3.2, [3.2, 3.2, 3.2]), // every criterion met, total below 3.3
    ];
    const byId = Object.fromEntries(standings([a, b, c], criteria, 3.3).map((s) => [s.proposalId, s]));
    expect(byId.a).toMatchObject({ passes: true, failedCriteria: [], failedTotal: false });
    expect(byId.b).toMatchObject({ passes: false, failedCriteria: ["feasibility"], failedTotal: false });
    expect(byId.c).toMatchObject({ passes: false, failedCriteria: [], failedTotal: true });
    // Without a total threshold only the criteria count.
    expect(standings([c], criteria, null)[0]).toMatchObject({ passes: true, failedTotal: false });
  });

  it("ranks and judges a proposal with a consensus report on the report, keeping the calibrated score beside it", () => {
    // "low" was calibrated lower, but its panel agreed on a strong report; "high" has no report.
    const high = scored("high", 4.0, [4, 4, 4]);
    const low = scored("low", 2.5, [2, 2, 4], consensus(5, 4, 4)); // consensus total 4.5
    const [first, second] = standings([high, low], criteria, 3.3);
    expect(first).toMatchObject({ proposalId: "low", basis: "consensus", calibrated: 2.5, rank: 1, passes: true });
    expect(first!.consensusTotal).toBeCloseTo(4.5, 12);
    expect(second).toMatchObject({ proposalId: "high", basis: "calibrated", consensusTotal: null, rank: 2, passes: true });
    // The report's criterion scores decide the criterion thresholds too: its reviews' means (2) would fail.
    expect(first!.failedCriteria).toEqual([]);
    // And a weak report fails a proposal its calibrated score would have passed.
    const [weak] = standings([scored("w", 4.5, [5, 5, 5], consensus(2, 4, 4))], criteria, 3.3);
    expect(weak).toMatchObject({ passes: false, failedCriteria: ["impact"], failedTotal: true });
  });

  const score = fc.integer({ min: 0, max: 5 });
  const proposal = fc.record({
    calibrated: fc.double({ min: 0, max: 5, noNaN: true }),
    means: fc.tuple(fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true })),
    report: fc.option(fc.tuple(score, score, score), { nil: null }),
  });
  const threshold = fc.option(fc.double({ min: 0, max: 5, noNaN: true }), { nil: null });
  const proposalsOf = fc.array(proposal, { minLength: 1, maxLength: 12 }).map((ps) =>
    ps.map((p, i) => scored(`p${String(i).padStart(2, "0")}`, p.calibrated, p.means, p.report ? consensus(...p.report) : null)));

  it("passes exactly the proposals at or above every threshold, on the report where there is one (property)", () => {
    fc.assert(fc.property(proposalsOf, threshold, (ps, total) => {
      for (const s of standings(ps, criteria, total)) {
        const p = ps.find((x) => x.proposalId === s.proposalId)!;
        const byCriterion = p.consensus ? Object.fromEntries(p.consensus.map((c) => [c.criterionId, c.score])) : p.criterionMeans;
        const expectedTotal = p.consensus ? (50 * byCriterion.impact! + 30 * byCriterion.feasibility! + 20 * byCriterion.value!) / 100 : p.calibrated;
        expect(s.score).toBeCloseTo(expectedTotal, 9);
        const criteriaMet = criteria.every((c) => c.threshold === null || byCriterion[c.id]! >= c.threshold - 1e-9);
        const totalMet = total === null || expectedTotal >= total - 1e-9;
        expect(s.passes).toBe(criteriaMet && totalMet);
        expect(s.failedTotal).toBe(!totalMet);
      }
    }));
  });

  it("ranks 1…n by the standing score, best first, whatever order the proposals come in (property)", () => {
    fc.assert(fc.property(proposalsOf, threshold, fc.integer(), (ps, total, seed) => {
      const shuffled = [...ps].sort((a, b) => ((a.proposalId.charCodeAt(2) * 31 + seed) % 7) - ((b.proposalId.charCodeAt(2) * 31 + seed) % 7));
      const a = standings(ps, criteria, total);
      const b = standings(shuffled, criteria, total);
      expect(b).toEqual(a);
      expect(a.map((s) => s.rank)).toEqual(a.map((_, i) => i + 1));
      for (let i = 1; i < a.length; i++) expect(a[i - 1]!.score).toBeGreaterThanOrEqual(a[i]!.score);
      // Pass or fail never changes the order: a threshold only labels the ranking.
      expect(standings(ps, criteria, null).map((s) => s.proposalId)).toEqual(a.map((s) => s.proposalId));
    }));
  });
});
