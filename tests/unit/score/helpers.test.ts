// The test helpers are measuring instruments: check them before trusting their figures.
import { describe, expect, it } from "vitest";
import { kendallTauB } from "./helpers/kendall";
import { simulatePanel } from "./helpers/simulate";

describe("kendallTauB", () => {
  it("is 1 for the same order, -1 for the reverse, 0 for a constant", () => {
    expect(kendallTauB([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(kendallTauB([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    expect(kendallTauB([1, 2, 3], [5, 5, 5])).toBe(0);
  });

  it("matches a hand-worked example with ties", () => {
    // x = [1,2,2,3], y = [1,3,2,2]: pairs (C,D,tx,ty) = 3 concordant, 1 discordant,
    // 1 tied in x only, 1 tied in y only → (3−1)/√((3+1+1)(3+1+1)) = 0.4.
    expect(kendallTauB([1, 2, 2, 3], [1, 3, 2, 2])).toBeCloseTo(0.4, 12);
  });

  it("rejects arrays of different length", () => {
    expect(() => kendallTauB([1], [1, 2])).toThrow(RangeError);
  });
});

describe("simulatePanel", () => {
  it("gives each proposal at most 3 distinct judges, scores in 0–5 and a truth for each reviewed proposal", () => {
    const { reviews, truth } = simulatePanel({ seed: 1 });
    const pairs = new Set(reviews.map((r) => `${r.proposal}/${r.judge}`));
    expect(pairs.size).toBe(reviews.length);
    for (const r of reviews) expect(r.score).toBeGreaterThanOrEqual(0);
    for (const r of reviews) expect(r.score).toBeLessThanOrEqual(5);
    const perProposal = new Map<string, number>();
    for (const r of reviews) perProposal.set(r.proposal, (perProposal.get(r.proposal) ?? 0) + 1);
    expect(Math.max(...perProposal.values())).toBeLessThanOrEqual(3);
    expect([...perProposal.keys()].sort()).toEqual([...truth.keys()].sort());
    // Some reviews go missing (10% by default).
    expect(reviews.length).toBeLessThan(180);
    expect(reviews.length).toBeGreaterThan(140);
  });
});
