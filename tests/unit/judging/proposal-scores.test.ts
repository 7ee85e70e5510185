// From submitted reviews to ranked proposal scores: hand-computable panels (weighted totals,
// thresholds, rank and tie-breaks, a harsh judge), then random panels checked against the same
// quantities recomputed independently.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeProposalScores, type Criterion, type SubmittedReview } from "../../../app/rules/judging/proposal-scores";

/** Two criteria, 60/40, no thresholds: a review's total is 0.6·a + 0.4·b. */
const C2: Criterion[] = [
  { id: "c1", weight: 60, threshold: null },
  { id: "c2", weight: 40, threshold: null },
];

const review = (proposalId: string, judgeId: string, c1: number, c2: number): SubmittedReview => ({
  proposalId,
  judgeId,
  scores: [
    { criterionId: "c1", score: c1 },
    { criterionId: "c2", score: c2 },
  ],
});

const byProposal = <T extends { proposalId: string }>(items: T[]) => new Map(items.map((x) => [x.proposalId, x]));
const order = (items: { proposalId: string }[]) => items.map((x) => x.proposalId);

describe("computeProposalScores: single reviews and single judges", () => {
  it("returns nothing for no reviews", () => {
    expect(computeProposalScores([], C2)).toEqual({ scores: [], judges: [], noiseSd: 0.5 });
  });

  it("scores a single review at its weighted total, calibrated = raw", () => {
    const { scores, judges } = computeProposalScores([review("p1", "j1", 5, 0)], C2);
    expect(scores).toEqual([
      {
        proposalId: "p1",
        raw: 3,
        calibrated: 3,
        uncertainty: 0.5,
        reviewCount: 1,
        disagreement: false,
        passesThresholds: true,
        criterionMeans: { c1: 5, c2: 0 },
        rank: 1,
      },
    ]);
    expect(judges).toEqual([{ id: "j1", offset: 0, scale: 1, reviewCount: 1, group: 0 }]);
  });

  it("divides by the weight sum, so weights need not add up to 100", () => {
    const scaled: Criterion[] = [
      { id: "c1", weight: 3, threshold: null },
      { id: "c2", weight: 2, threshold: null },
    ];
    const reviews = [review("p1", "j1", 4, 1)];
    expect(computeProposalScores(reviews, scaled).scores[0].raw).toBeCloseTo(2.8, 12);
    expect(computeProposalScores(reviews, C2).scores[0].raw).toBeCloseTo(2.8, 12);
  });

  it("with a single judge, keeps calibrated ≈ raw and ranks by raw", () => {
    const reviews = [review("a", "j", 1, 1), review("b", "j", 4, 5), review("c", "j", 3, 2), review("d", "j", 5, 0)];
    const { scores, judges } = computeProposalScores(reviews, C2);
    const expectedRaw = { a: 1, b: 4.4, c: 2.6, d: 3 };
    for (const s of scores) {
      expect(s.raw).toBeCloseTo(expectedRaw[s.proposalId as keyof typeof expectedRaw], 12);
      expect(s.calibrated).toBeCloseTo(s.raw, 9);
    }
    expect(order(scores)).toEqual(["b", "d", "c", "a"]);
    expect(scores.map((s) => s.rank)).toEqual([1, 2, 3, 4]);
    expect(judges[0].offset).toBeCloseTo(0, 9);
  });
});

describe("computeProposalScores: a harsh judge", () => {
  // True quality of each proposal (c1, c2), total in brackets. A and B score it as it is; H scores
  // every criterion 1 point lower. The proposals H reviewed lose 0.5 on their raw mean.
  //   p6 (5,4) [4.6]: B, H    p1 (4,4) [4.0]: A, H    p2 (4,3) [3.6]: A, B
  //   p3 (3,3) [3.0]: B, H    p4 (3,2) [2.6]: A, B    p5 (2,2) [2.0]: A, H
  const reviews = [
    review("p1", "A", 4, 4), review("p1", "H", 3, 3),
    review("p2", "A", 4, 3), review("p2", "B", 4, 3),
    review("p3", "B", 3, 3), review("p3", "H", 2, 2),
    review("p4", "A", 3, 2), review("p4", "B", 3, 2),
    review("p5", "A", 2, 2), review("p5", "H", 1, 1),
    review("p6", "B", 5, 4), review("p6", "H", 4, 3),
  ];
  const result = computeProposalScores(reviews, C2);
  const s = byProposal(result.scores);
  const reviewedByH = ["p1", "p3", "p5", "p6"];

  it("computes raw means that the harsh judge has dragged down", () => {
    const raw = { p1: 3.5, p2: 3.6, p3: 2.5, p4: 2.6, p5: 1.5, p6: 4.1 };
    for (const [id, value] of Object.entries(raw)) expect(s.get(id)!.raw).toBeCloseTo(value, 12);
    // Raw order puts p2 above p1 and p4 above p3, against their true quality.
    const rawOrder = [...result.scores].sort((a, b) => b.raw - a.raw).map((x) => x.proposalId);
    expect(rawOrder).toEqual(["p6", "p2", "p1", "p4", "p3", "p5"]);
  });

  it("ranks by true quality once the judge's offset is removed", () => {
    expect(order(result.scores)).toEqual(["p6", "p1", "p2", "p3", "p4", "p5"]);
    expect(result.scores.map((x) => x.rank)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("does not sink the proposals the harsh judge reviewed relative to the raw ranking", () => {
    const rawRank = new Map([...result.scores].sort((a, b) => b.raw - a.raw).map((x, i) => [x.proposalId, i + 1]));
    for (const id of reviewedByH) {
      expect(s.get(id)!.rank).toBeLessThanOrEqual(rawRank.get(id)!);
      expect(s.get(id)!.calibrated).toBeGreaterThan(s.get(id)!.raw);
    }
    for (const id of ["p2", "p4"]) expect(s.get(id)!.calibrated).toBeLessThan(s.get(id)!.raw);
    // Proposals H saw keep their true spacing: p1 and p3 differ by exactly 1 point, as do p3 and p5.
    expect(s.get("p1")!.calibrated - s.get("p3")!.calibrated).toBeCloseTo(1, 9);
    expect(s.get("p3")!.calibrated - s.get("p5")!.calibrated).toBeCloseTo(1, 9);
  });

  it("reports H as the harsh judge and A, B as alike", () => {
    const j = new Map(result.judges.map((x) => [x.id, x]));
    expect(result.judges.map((x) => x.id)).toEqual(["A", "B", "H"]);
    expect(j.get("H")!.offset).toBeLessThan(-0.4);
    expect(j.get("A")!.offset).toBeCloseTo(j.get("B")!.offset, 9);
    expect(j.get("A")!.offset + j.get("B")!.offset + j.get("H")!.offset).toBeCloseTo(0, 9);
    expect(result.judges.map((x) => x.reviewCount)).toEqual([4, 4, 4]);
  });

  it("keeps criterion means as the judges' raw scores (they are not calibrated)", () => {
    expect(s.get("p1")!.criterionMeans).toEqual({ c1: 3.5, c2: 3.5 });
    expect(s.get("p6")!.criterionMeans).toEqual({ c1: 4.5, c2: 3.5 });
    for (const x of result.scores) {
      expect(x.reviewCount).toBe(2);
      expect(x.disagreement).toBe(false);
    }
  });
});

describe("computeProposalScores: thresholds and criterion means", () => {
  const criteria: Criterion[] = [
    { id: "impact", weight: 50, threshold: 3 },
    { id: "feasibility", weight: 30, threshold: 2 },
    { id: "value", weight: 20, threshold: null },
  ];
  const rv = (proposalId: string, judgeId: string, impact: number, feasibility: number, value: number): SubmittedReview => ({
    proposalId,
    judgeId,
    scores: [
      { criterionId: "impact", score: impact },
      { criterionId: "feasibility", score: feasibility },
      { criterionId: "value", score: value },
    ],
  });

  it("passes a proposal that meets every minimum exactly and fails one that misses any", () => {
    const reviews = [
      rv("exact", "j", 3, 2, 0), // both minimums met exactly; no minimum on value
      rv("lowImpact", "j", 2, 5, 5),
      rv("lowFeasibility", "j", 5, 1, 5), // best total, still fails
      rv("comfortable", "j", 4, 4, 4),
    ];
    const s = byProposal(computeProposalScores(reviews, criteria).scores);
    expect(s.get("exact")!.passesThresholds).toBe(true);
    expect(s.get("comfortable")!.passesThresholds).toBe(true);
    expect(s.get("lowImpact")!.passesThresholds).toBe(false);
    expect(s.get("lowFeasibility")!.passesThresholds).toBe(false);
  });

  it("does not let thresholds change the rank: it stays by score", () => {
    const reviews = [rv("exact", "j", 3, 2, 0), rv("lowFeasibility", "j", 5, 1, 5), rv("comfortable", "j", 4, 4, 4)];
    const { scores } = computeProposalScores(reviews, criteria);
    // Totals: lowFeasibility 0.5·5 + 0.3·1 + 0.2·5 = 3.8, comfortable 4, exact 2.1.
    expect(order(scores)).toEqual(["comfortable", "lowFeasibility", "exact"]);
    expect(byProposal(scores).get("lowFeasibility")!.raw).toBeCloseTo(3.8, 12);
  });

  it("applies thresholds to the mean over the panel, not to each review", () => {
    const reviews = [
      rv("split", "j1", 2, 2, 3), rv("split", "j2", 4, 2, 3), // impact mean 3: passes although j1 gave 2
      rv("short", "j1", 3, 1, 3), rv("short", "j2", 3, 2, 3), // feasibility mean 1.5: fails although j2 gave 2
    ];
    const s = byProposal(computeProposalScores(reviews, criteria).scores);
    expect(s.get("split")!.criterionMeans).toEqual({ impact: 3, feasibility: 2, value: 3 });
    expect(s.get("split")!.passesThresholds).toBe(true);
    expect(s.get("short")!.criterionMeans).toEqual({ impact: 3, feasibility: 1.5, value: 3 });
    expect(s.get("short")!.passesThresholds).toBe(false);
  });

  it("passes everything when no criterion has a threshold, and a zero threshold is always met", () => {
    const lenient: Criterion[] = [
      { id: "impact", weight: 50, threshold: null },
      { id: "feasibility", weight: 30, threshold: 0 },
      { id: "value", weight: 20, threshold: null },
    ];
    const { scores } = computeProposalScores([rv("zero", "j", 0, 0, 0)], lenient);
    expect(scores[0].passesThresholds).toBe(true);
    expect(scores[0].raw).toBe(0);
  });

  it("keys criterion means by criterion id, one key per criterion, using every review", () => {
    const reviews = [rv("p", "j1", 1, 2, 3), rv("p", "j2", 2, 4, 5), rv("p", "j3", 3, 3, 1)];
    const [score] = computeProposalScores(reviews, criteria).scores;
    expect(Object.keys(score.criterionMeans).sort()).toEqual(["feasibility", "impact", "value"]);
    expect(score.criterionMeans.impact).toBeCloseTo(2, 12);
    expect(score.criterionMeans.feasibility).toBeCloseTo(3, 12);
    expect(score.criterionMeans.value).toBeCloseTo(3, 12);
    expect(score.reviewCount).toBe(3);
  });

  it("includes a zero-weight criterion in the means and its threshold, but not in the total", () => {
    const withZero: Criterion[] = [
      { id: "impact", weight: 1, threshold: null },
      { id: "feasibility", weight: 0, threshold: 4 },
      { id: "value", weight: 0, threshold: null },
    ];
    const [score] = computeProposalScores([rv("p", "j", 2, 3, 5)], withZero).scores;
    expect(score.raw).toBe(2);
    expect(score.criterionMeans).toEqual({ impact: 2, feasibility: 3, value: 5 });
    expect(score.passesThresholds).toBe(false);
  });
});

describe("computeProposalScores: rank and tie-breaking", () => {
  it("breaks exact ties by proposal id, giving distinct consecutive ranks", () => {
    const reviews = [review("b", "j", 3, 3), review("c", "j", 3, 3), review("a", "j", 3, 3), review("top", "j", 4, 4)];
    const { scores } = computeProposalScores(reviews, C2);
    expect(order(scores)).toEqual(["top", "a", "b", "c"]);
    expect(scores.map((s) => s.rank)).toEqual([1, 2, 3, 4]);
    expect(scores[1].calibrated).toBe(scores[2].calibrated);
    expect(scores[1].raw).toBe(scores[2].raw);
  });

  it("breaks a calibrated tie (both clamped at 5) by the raw mean before the id", () => {
    // H scores 1 point under A on shared proposals; "zeta" and "alpha" were seen by H alone, so
    // both calibrate above 5 and are clamped to 5. zeta's raw 5 beats alpha's raw 4.6.
    const reviews = [
      review("s1", "A", 4, 4), review("s1", "H", 3, 3),
      review("s2", "A", 3, 3), review("s2", "H", 2, 2),
      review("s3", "A", 2, 3), review("s3", "H", 1, 2),
      review("zeta", "H", 5, 5), review("alpha", "H", 5, 4),
    ];
    const { scores } = computeProposalScores(reviews, C2);
    const s = byProposal(scores);
    expect(s.get("zeta")!.calibrated).toBe(5);
    expect(s.get("alpha")!.calibrated).toBe(5);
    expect(s.get("alpha")!.raw).toBeCloseTo(4.6, 12);
    expect(order(scores)).toEqual(["zeta", "alpha", "s1", "s2", "s3"]);
  });

  it("does not depend on the order reviews are given in", () => {
    const reviews = [
      review("p1", "A", 4, 4), review("p1", "H", 3, 3), review("p2", "A", 4, 3), review("p2", "B", 4, 3),
      review("p3", "B", 3, 3), review("p3", "H", 2, 2), review("p4", "A", 3, 2),
    ];
    const expected = computeProposalScores(reviews, C2);
    expect(computeProposalScores([...reviews].reverse(), C2)).toEqual(expected);
    expect(computeProposalScores([...reviews.slice(3), ...reviews.slice(0, 3)], C2)).toEqual(expected);
  });

  it("flags a proposal whose judges disagree widely", () => {
    // A and B agree on four proposals, so neither is lenient: the split is real disagreement.
    const agreed = [1, 2, 3, 4].flatMap((q) => [review(`agreed${q}`, "A", q, q), review(`agreed${q}`, "B", q, q)]);
    const reviews = [...agreed, review("split", "A", 0, 1), review("split", "B", 5, 4)];
    const s = byProposal(computeProposalScores(reviews, C2).scores);
    expect(s.get("split")!.disagreement).toBe(true);
    for (const q of [1, 2, 3, 4]) expect(s.get(`agreed${q}`)!.disagreement).toBe(false);
  });
});

describe("computeProposalScores: invalid reviews", () => {
  it("rejects a review that misses a criterion, scores one twice, or scores an unknown one", () => {
    const missing: SubmittedReview = { proposalId: "p", judgeId: "j", scores: [{ criterionId: "c1", score: 3 }] };
    expect(() => computeProposalScores([missing], C2)).toThrow(/c2 has no score/);
    const twice: SubmittedReview = { ...review("p", "j", 3, 3), scores: [...review("p", "j", 3, 3).scores, { criterionId: "c1", score: 1 }] };
    expect(() => computeProposalScores([twice], C2)).toThrow(/scored twice/);
    const unknown: SubmittedReview = { ...review("p", "j", 3, 3), scores: [...review("p", "j", 3, 3).scores, { criterionId: "c9", score: 1 }] };
    expect(() => computeProposalScores([unknown], C2)).toThrow(/unknown criterion c9/);
  });

  it("rejects scores outside 0–5 and two reviews of one proposal by one judge", () => {
    expect(() => computeProposalScores([review("p", "j", 6, 3)], C2)).toThrow(RangeError);
    expect(() => computeProposalScores([review("p", "j", -1, 3)], C2)).toThrow(RangeError);
    expect(() => computeProposalScores([review("p", "j", 3, 3), review("p", "j", 4, 4)], C2)).toThrow(/duplicate/);
  });
});

// ---------------------------------------------------------------------------------------------
// Random panels: every output is checked against quantities recomputed here from the reviews.

const panelArb = fc
  .record({
    weights: fc.tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })),
    thresholds: fc.tuple(
      fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
      fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
      fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
    ),
    reviews: fc.uniqueArray(
      fc.record({
        p: fc.integer({ min: 0, max: 6 }),
        j: fc.integer({ min: 0, max: 3 }),
        s: fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })),
      }),
      { minLength: 1, maxLength: 16, selector: (r) => `${r.p}/${r.j}` },
    ),
  })
  .map(({ weights, thresholds, reviews }) => {
    const ids = ["alpha", "beta", "gamma"];
    const criteria: Criterion[] = ids.map((id, i) => ({ id, weight: weights[i], threshold: thresholds[i] }));
    const submitted: SubmittedReview[] = reviews.map((r) => ({
      proposalId: `p${r.p}`,
      judgeId: `j${r.j}`,
      scores: ids.map((id, i) => ({ criterionId: id, score: r.s[i] })),
    }));
    return { criteria, reviews: submitted };
  });

describe("computeProposalScores on random panels (fast-check)", () => {
  it("reports raw totals, criterion means, thresholds and review counts as recomputed by hand", () => {
    fc.assert(
      fc.property(panelArb, ({ criteria, reviews }) => {
        const { scores } = computeProposalScores(reviews, criteria);
        const proposalIds = [...new Set(reviews.map((r) => r.proposalId))];
        expect(scores.map((s) => s.proposalId).sort()).toEqual(proposalIds.sort());
        const weightSum = criteria.reduce((t, c) => t + c.weight, 0);
        for (const s of scores) {
          const mine = reviews.filter((r) => r.proposalId === s.proposalId);
          const totals = mine.map((r) => criteria.reduce((t, c) => t + c.weight * r.scores.find((x) => x.criterionId === c.id)!.score, 0) / weightSum);
          expect(s.reviewCount).toBe(mine.length);
          expect(s.raw).toBeCloseTo(totals.reduce((a, b) => a + b, 0) / totals.length, 9);
          const means = Object.fromEntries(
            criteria.map((c) => [c.id, mine.reduce((t, r) => t + r.scores.find((x) => x.criterionId === c.id)!.score, 0) / mine.length]),
          );
          expect(Object.keys(s.criterionMeans).sort()).toEqual(criteria.map((c) => c.id).sort());
          for (const c of criteria) expect(s.criterionMeans[c.id]).toBeCloseTo(means[c.id], 12);
          const passes = criteria.every((c) => c.threshold === null || means[c.id] >= c.threshold - 1e-12);
          expect(s.passesThresholds).toBe(passes);
          expect(s.calibrated).toBeGreaterThanOrEqual(0);
          expect(s.calibrated).toBeLessThanOrEqual(5);
          expect(s.uncertainty).toBeGreaterThan(0);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("ranks 1..n by calibrated score, ties by raw then id", () => {
    fc.assert(
      fc.property(panelArb, ({ criteria, reviews }) => {
        const { scores } = computeProposalScores(reviews, criteria);
        expect(scores.map((s) => s.rank)).toEqual(scores.map((_, i) => i + 1));
        for (let i = 1; i < scores.length; i++) {
          const a = scores[i - 1];
          const b = scores[i];
          expect(a.calibrated).toBeGreaterThanOrEqual(b.calibrated);
          if (a.calibrated === b.calibrated) {
            expect(a.raw).toBeGreaterThanOrEqual(b.raw);
            if (a.raw === b.raw) expect(a.proposalId < b.proposalId).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("with one judge, keeps calibrated = raw and the raw order", () => {
    fc.assert(
      fc.property(panelArb, ({ criteria, reviews }) => {
        const solo = reviews.filter((r) => r.judgeId === reviews[0].judgeId);
        const { scores } = computeProposalScores(solo, criteria);
        for (const s of scores) expect(s.calibrated).toBeCloseTo(s.raw, 9);
        for (let i = 1; i < scores.length; i++) expect(scores[i - 1].raw).toBeGreaterThanOrEqual(scores[i].raw - 1e-9);
      }),
      { numRuns: 150 },
    );
  });
});
