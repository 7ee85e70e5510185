import { describe, expect, it } from "vitest";
import { criterionMeans, failedThresholds, passesThresholds, weightedTotal } from "../../../app/rules/score/rubric";

const criteria = [
  { id: "impact", weight: 50 },
  { id: "feasibility", weight: 30 },
  { id: "value", weight: 20 },
];
const scores = (impact: number, feasibility: number, value: number) => [
  { criterionId: "impact", score: impact },
  { criterionId: "feasibility", score: feasibility },
  { criterionId: "value", score: value },
];

describe("weightedTotal", () => {
  it("weights criterion scores into a 0–5 total", () => {
    expect(weightedTotal(scores(4, 2, 5), criteria)).toBeCloseTo((50 * 4 + 30 * 2 + 20 * 5) / 100, 12);
    expect(weightedTotal(scores(0, 0, 0), criteria)).toBe(0);
    expect(weightedTotal(scores(5, 5, 5), criteria)).toBe(5);
  });

  it("does not depend on the order of scores or on the weights' scale", () => {
    const reversed = scores(4, 2, 5).reverse();
    const tenths = criteria.map((c) => ({ ...c, weight: c.weight / 10 }));
    expect(weightedTotal(reversed, tenths)).toBeCloseTo(weightedTotal(scores(4, 2, 5), criteria), 12);
  });

  it("lets a zero-weight criterion be scored without effect", () => {
    const withZero = [...criteria, { id: "bonus", weight: 0 }];
    const total = weightedTotal([...scores(3, 3, 3), { criterionId: "bonus", score: 5 }], withZero);
    expect(total).toBeCloseTo(3, 12);
  });

  it("rejects missing, unknown, duplicate or out-of-range scores and bad weights", () => {
    expect(() => weightedTotal(scores(4, 2, 5).slice(1), criteria)).toThrow(/impact has no score/);
    expect(() => weightedTotal([...scores(4, 2, 5), { criterionId: "other", score: 1 }], criteria)).toThrow(/unknown/);
    expect(() => weightedTotal([...scores(4, 2, 5), { criterionId: "value", score: 1 }], criteria)).toThrow(/twice/);
    expect(() => weightedTotal(scores(6, 2, 5), criteria)).toThrow(/0–5/);
    expect(() => weightedTotal(scores(Number.NaN, 2, 5), criteria)).toThrow(/0–5/);
    expect(() => weightedTotal(scores(1, 2, 3), [{ id: "impact", weight: -1 }, ...criteria.slice(1)])).toThrow(/weight/);
    expect(() => weightedTotal([], [])).toThrow(/sum/);
  });
});

describe("thresholds", () => {
  const thresholds = [
    { id: "impact", threshold: 3 },
    { id: "feasibility", threshold: null },
    { id: "value" },
    { id: "safety", threshold: 2 },
  ];

  it("passes when every criterion with a threshold meets it (meeting it exactly counts)", () => {
    const means = [
      { criterionId: "impact", mean: 3 },
      { criterionId: "feasibility", mean: 0 },
      { criterionId: "safety", mean: 4.5 },
    ];
    expect(passesThresholds(means, thresholds)).toBe(true);
    expect(failedThresholds(means, thresholds)).toEqual([]);
  });

  it("fails, naming the criteria, when a mean falls short or is missing", () => {
    const means = [{ criterionId: "impact", mean: 2.99 }];
    expect(passesThresholds(means, thresholds)).toBe(false);
    expect(failedThresholds(means, thresholds)).toEqual(["impact", "safety"]);
  });

  it("passes trivially when no criterion has a threshold", () => {
    expect(passesThresholds([], [{ id: "impact" }])).toBe(true);
  });

  it("averages criterion scores across reviews", () => {
    const means = criterionMeans([scores(4, 2, 5), scores(2, 3, 5), [{ criterionId: "impact", score: 3 }]]);
    expect(means).toEqual([
      { criterionId: "impact", mean: 3 },
      { criterionId: "feasibility", mean: 2.5 },
      { criterionId: "value", mean: 5 },
    ]);
  });
});
