import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calibrateScores, type Review } from "../../../app/rules/score/calibrate";
import { kendallTauB } from "./helpers/kendall";
import { seededRandom } from "../../../app/lib/seeded-random";
import { simulatePanel } from "./helpers/simulate";

const r = (proposal: string, judge: string, score: number): Review => ({ proposal, judge, score });
const byId = <T extends { id: string }>(items: T[]) => new Map(items.map((x) => [x.id, x]));

// j1 is lenient, j2 harsh; they share p1 and p2, so their offsets are estimable.
const SMALL: Review[] = [
  r("p1", "j1", 3.5),
  r("p1", "j2", 2.5),
  r("p2", "j1", 4),
  r("p2", "j2", 2.8),
  r("p3", "j2", 1),
  r("p4", "j1", 4.5),
];

describe("calibrateScores: edge cases", () => {
  it("returns nothing for no reviews", () => {
    const result = calibrateScores([]);
    expect(result.proposals).toEqual([]);
    expect(result.judges).toEqual([]);
    expect(result.groupCount).toBe(0);
  });

  it("handles a single review: calibrated = raw, uncertainty = the noise prior sd", () => {
    const { proposals, judges } = calibrateScores([r("p1", "j1", 3.2)]);
    expect(proposals).toEqual([
      { id: "p1", raw: 3.2, calibrated: 3.2, uncertainty: 0.5, reviewCount: 1, spread: 0, disagreement: false, group: 0 },
    ]);
    expect(judges).toEqual([{ id: "j1", offset: 0, scale: 1, reviewCount: 1, group: 0 }]);
  });

  it("leaves a single judge's scores as they are (no one to compare with)", () => {
    const reviews = [r("a", "j", 1), r("b", "j", 4), r("c", "j", 2.5)];
    const { proposals, judges } = calibrateScores(reviews);
    for (const p of proposals) expect(p.calibrated).toBeCloseTo(p.raw, 9);
    expect(judges[0].offset).toBeCloseTo(0, 9);
    // No residual information: uncertainty is the prior noise sd per single review.
    for (const p of proposals) expect(p.uncertainty).toBeCloseTo(0.5, 9);
  });

  it("removes a lenient judge's offset and sorts outputs by id", () => {
    const { proposals, judges } = calibrateScores(SMALL);
    expect(proposals.map((p) => p.id)).toEqual(["p1", "p2", "p3", "p4"]);
    expect(judges.map((j) => j.id)).toEqual(["j1", "j2"]);
    const j = byId(judges);
    expect(j.get("j1")!.offset).toBeGreaterThan(0.3);
    expect(j.get("j1")!.offset + j.get("j2")!.offset).toBeCloseTo(0, 9);
    const p = byId(proposals);
    // p3 was only seen by the harsh judge, p4 only by the lenient one.
    expect(p.get("p3")!.calibrated).toBeGreaterThan(p.get("p3")!.raw);
    expect(p.get("p4")!.calibrated).toBeLessThan(p.get("p4")!.raw);
    // Proposals both judges saw keep their mean.
    expect(p.get("p1")!.calibrated).toBeCloseTo(3, 9);
  });

  it("shrinks the offset of a judge with one review more than one with many (fixed λ)", () => {
    // Both judges always score 1 point above their colleague.
    const reviews: Review[] = [];
    for (let i = 0; i < 10; i++) reviews.push(r(`m${i}`, "many", 3.5), r(`m${i}`, "base", 2.5));
    reviews.push(r("o", "once", 3.5), r("o", "base", 2.5));
    const j = byId(calibrateScores(reviews, { offsetPenalty: 1 }).judges);
    expect(j.get("many")!.offset - j.get("base")!.offset).toBeGreaterThan(0.85);
    expect(j.get("once")!.offset - j.get("base")!.offset).toBeLessThan(0.7);
    expect(j.get("once")!.offset).toBeGreaterThan(j.get("base")!.offset);
  });

  it("keeps calibrated scores on 0–5", () => {
    const reviews = [r("top", "harsh", 5), r("x", "harsh", 1), r("x", "kind", 4), r("low", "kind", 0)];
    for (const p of calibrateScores(reviews).proposals) {
      expect(p.calibrated).toBeGreaterThanOrEqual(0);
      expect(p.calibrated).toBeLessThanOrEqual(5);
    }
  });

  it("treats disconnected groups of judges independently", () => {
    const groupA = [r("a1", "ja", 4), r("a1", "jb", 3), r("a2", "ja", 2), r("a2", "jb", 1.5)];
    const groupB = [r("b1", "jc", 1), r("b1", "jd", 2), r("b2", "jc", 3)];
    const both = calibrateScores([...groupA, ...groupB], { offsetPenalty: 1 });
    expect(both.groupCount).toBe(2);
    const p = byId(both.proposals);
    expect([p.get("a1")!.group, p.get("b1")!.group]).toEqual([0, 1]);
    // Offsets sum to 0 within each group.
    const j = byId(both.judges);
    expect(j.get("ja")!.offset + j.get("jb")!.offset).toBeCloseTo(0, 9);
    expect(j.get("jc")!.offset + j.get("jd")!.offset).toBeCloseTo(0, 9);
    // Fitting a group alone gives the same qualities (with λ fixed; "auto" pools the estimate).
    const alone = byId(calibrateScores(groupA, { offsetPenalty: 1 }).proposals);
    for (const id of ["a1", "a2"]) expect(p.get(id)!.calibrated).toBeCloseTo(alone.get(id)!.calibrated, 9);
  });

  it("flags proposals whose judge-adjusted scores span more than the threshold", () => {
    const reviews = [r("split", "j1", 0.5), r("split", "j2", 4.5), r("agreed", "j1", 3), r("agreed", "j2", 3.2)];
    const p = byId(calibrateScores(reviews).proposals);
    expect(p.get("split")!.disagreement).toBe(true);
    expect(p.get("agreed")!.disagreement).toBe(false);
    expect(p.get("split")!.spread).toBeGreaterThan(1.5);
    const lenient = byId(calibrateScores(reviews, { disagreementThreshold: 10 }).proposals);
    expect(lenient.get("split")!.disagreement).toBe(false);
  });

  it("gives more uncertainty to proposals with fewer reviews", () => {
    const panel = simulatePanel({ seed: 3 });
    const { proposals } = calibrateScores(panel.reviews);
    const meanSe = (n: number) => {
      const se = proposals.filter((p) => p.reviewCount === n).map((p) => p.uncertainty);
      return se.reduce((s, x) => s + x, 0) / se.length;
    };
    expect(meanSe(1)).toBeGreaterThan(meanSe(2));
    expect(meanSe(2)).toBeGreaterThan(meanSe(3));
  });

  it("estimates a large λ (little calibration) for unbiased judges and a small one for biased judges", () => {
    const unbiased = calibrateScores(simulatePanel({ seed: 1, offsetSd: 0, scaleSd: 0 }).reviews);
    const biased = calibrateScores(simulatePanel({ seed: 1, offsetSd: 0.8 }).reviews);
    expect(unbiased.offsetPenalty).toBeGreaterThan(10);
    expect(biased.offsetPenalty).toBeLessThan(1);
  });

  it("rejects duplicates, out-of-range or non-finite scores, and bad options", () => {
    expect(() => calibrateScores([r("p", "j", 3), r("p", "j", 4)])).toThrow(/duplicate/);
    expect(() => calibrateScores([r("p", "j", 5.01)])).toThrow(RangeError);
    expect(() => calibrateScores([r("p", "j", -0.1)])).toThrow(RangeError);
    expect(() => calibrateScores([r("p", "j", Number.NaN)])).toThrow(RangeError);
    expect(() => calibrateScores([r("p", "j", Infinity)])).toThrow(RangeError);
    expect(() => calibrateScores(SMALL, { offsetPenalty: 0 })).toThrow(RangeError);
    expect(() => calibrateScores(SMALL, { scalePenalty: -1 })).toThrow(RangeError);
    expect(() => calibrateScores(SMALL, { disagreementThreshold: -1 })).toThrow(RangeError);
  });
});

describe("calibrateScores: exactness", () => {
  it("returns the exact minimiser for a fixed λ (gradient of the objective is 0)", () => {
    const lambda = 0.7;
    const reviews = simulatePanel({ seed: 5, proposals: 20, judges: 6, offsetSd: 0.6 }).reviews;
    const { proposals, judges } = calibrateScores(reviews, { offsetPenalty: lambda });
    const q = new Map(proposals.map((p) => [p.id, p.calibrated]));
    const b = new Map(judges.map((j) => [j.id, j.offset]));
    for (const p of proposals) expect(p.calibrated > 0 && p.calibrated < 5).toBe(true); // no clamping
    const gradQ = new Map<string, number>();
    const gradB = new Map(judges.map((j) => [j.id, lambda * j.offset]));
    for (const { proposal, judge, score } of reviews) {
      const residual = score - q.get(proposal)! - b.get(judge)!;
      gradQ.set(proposal, (gradQ.get(proposal) ?? 0) - residual);
      gradB.set(judge, gradB.get(judge)! - residual);
    }
    for (const g of [...gradQ.values(), ...gradB.values()]) expect(Math.abs(g)).toBeLessThan(1e-9);
  });

  it("with the scale term, fits a judge who compresses the scale with scale < 1", () => {
    const reviews: Review[] = [];
    const rng = seededRandom(11);
    for (let i = 0; i < 40; i++) {
      const quality = 0.5 + 4 * rng.next();
      const id = `p${i}`;
      reviews.push(r(id, "wide", quality), r(id, "narrow", 2.5 + 0.4 * (quality - 2.5)));
      reviews.push(r(id, "typical", Math.min(5, Math.max(0, quality + rng.normal(0, 0.2)))));
    }
    const j = byId(calibrateScores(reviews, { scalePenalty: 5 }).judges);
    expect(j.get("narrow")!.scale).toBeLessThan(0.7);
    expect(j.get("wide")!.scale).toBeGreaterThan(0.9);
    const additive = calibrateScores(reviews).judges;
    for (const judge of additive) expect(judge.scale).toBe(1);
  });
});

describe("calibrateScores: invariants", () => {
  it("does not depend on input order", () => {
    const { reviews } = simulatePanel({ seed: 9 });
    const expected = calibrateScores(reviews);
    for (let s = 0; s < 3; s++) expect(calibrateScores(seededRandom(s).shuffle(reviews))).toEqual(expected);
  });

  it("shifts every calibrated score by a constant added to all scores, and keeps offsets", () => {
    const base = simulatePanel({ seed: 4, offsetSd: 0.3, noiseSd: 0.2 }).reviews.map((x) => ({
      ...x,
      score: 1 + 0.6 * x.score, // squeeze into 1–4 so the shift never clips
    }));
    const shifted = base.map((x) => ({ ...x, score: x.score + 0.75 }));
    const a = calibrateScores(base);
    const b = calibrateScores(shifted);
    a.proposals.forEach((p, i) => expect(b.proposals[i].calibrated).toBeCloseTo(p.calibrated + 0.75, 9));
    a.judges.forEach((j, i) => expect(b.judges[i].offset).toBeCloseTo(j.offset, 9));
  });

  it("barely changes calibrated ranks when one judge's scores all move by a constant, unlike raw ranks", () => {
    let rawTau = 0;
    let calibratedTau = 0;
    const seeds = 20;
    for (let seed = 1; seed <= seeds; seed++) {
      const { reviews } = simulatePanel({ seed, offsetSd: 0.3 });
      const before = calibrateScores(reviews).proposals;
      const moved = reviews.map((x) => (x.judge === "j1" ? { ...x, score: Math.min(5, x.score + 1.2) } : x));
      const after = calibrateScores(moved).proposals;
      rawTau += kendallTauB(before.map((p) => p.raw), after.map((p) => p.raw)) / seeds;
      calibratedTau += kendallTauB(before.map((p) => p.calibrated), after.map((p) => p.calibrated)) / seeds;
    }
    expect(calibratedTau).toBeGreaterThan(0.95);
    expect(calibratedTau).toBeGreaterThan(rawTau + 0.03);
  });

  it("is well-behaved on arbitrary small panels (property test)", () => {
    const review = fc.record({
      proposal: fc.constantFrom("p1", "p2", "p3", "p4", "p5", "p6"),
      judge: fc.constantFrom("j1", "j2", "j3", "j4"),
      score: fc.double({ min: 0, max: 5, noNaN: true }),
    });
    const panel = fc.uniqueArray(review, { selector: (x) => `${x.proposal}/${x.judge}`, minLength: 1, maxLength: 24 });
    fc.assert(
      fc.property(panel, fc.integer(), (reviews, seed) => {
        const result = calibrateScores(reviews);
        for (const p of result.proposals) {
          const own = reviews.filter((x) => x.proposal === p.id);
          expect(p.reviewCount).toBe(own.length);
          expect(p.raw).toBeCloseTo(own.reduce((s, x) => s + x.score, 0) / own.length, 9);
          expect(p.calibrated).toBeGreaterThanOrEqual(0);
          expect(p.calibrated).toBeLessThanOrEqual(5);
          expect(Number.isFinite(p.uncertainty) && p.uncertainty > 0).toBe(true);
        }
        // Offsets sum to 0 within each connected group.
        const sums = new Map<number, number>();
        for (const j of result.judges) sums.set(j.group, (sums.get(j.group) ?? 0) + j.offset);
        for (const s of sums.values()) expect(Math.abs(s)).toBeLessThan(1e-6);
        expect(calibrateScores(seededRandom(seed).shuffle(reviews))).toEqual(result);
      }),
      { numRuns: 200 },
    );
  });
});
