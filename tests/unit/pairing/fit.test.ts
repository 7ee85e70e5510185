// Fit factors, shares and weights on hand-computed examples, then invariants on random pairs.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_FIT_WEIGHTS, FIT_FACTORS, fitFactors, normaliseWeights, pairFit, type FitWeights } from "../../../app/rules/pairing/fit";
import { proposal, sponsor } from "./helpers/factories";

const sum = (xs: Record<string, number>) => Object.values(xs).reduce((a, b) => a + b, 0);

describe("fitFactors", () => {
  it("gives 1 for every factor when the score is top and the sponsor states no preference", () => {
    expect(fitFactors(proposal("p"), sponsor("s"))).toEqual({ score: 1, preferences: 1, needs: 1, readiness: 1, area: 1 });
  });

  it("gives 0 for every factor on a complete misfit", () => {
    const p = proposal("p", { calibrated: 0, theme: "health", tags: ["drones"], trl: 9, needs: ["mentoring"], areaIds: [1] });
    const s = sponsor("s", { prefThemes: ["transport"], prefTags: ["ai"], inKind: ["cloud-credits"], trlMin: 1, trlMax: 5, prefAreaIds: [2] });
    expect(fitFactors(p, s)).toEqual({ score: 0, preferences: 0, needs: 0, readiness: 0, area: 0 });
  });

  it("computes partial factors", () => {
    const p = proposal("p", { calibrated: 4, tags: ["AI", "open data"], trl: 5, needs: ["mentoring", "cloud-credits"], areaIds: [1, 2] });
    const s = sponsor("s", {
      prefThemes: ["transport", "health"],
      prefTags: ["ai", "sensors", "Open Data", "iot"],
      inKind: ["mentoring", "test-sites"],
      trlMin: 3,
      trlMax: 4,
      prefAreaIds: [2, 7],
    });
    // theme 1, tags 2 of 4 → (1 + 0.5) / 2; needs 1 of 2; TRL one level above the band → 1 − 1/4.
    expect(fitFactors(p, s)).toEqual({ score: 0.8, preferences: 0.75, needs: 0.5, readiness: 0.75, area: 1 });
  });

  it("scores: calibrated / 5, and a missing score counts as 0", () => {
    expect(fitFactors(proposal("p", { calibrated: 2.5 }), sponsor("s")).score).toBe(0.5);
    expect(fitFactors(proposal("p", { calibrated: null }), sponsor("s")).score).toBe(0);
  });

  it("preferences: a theme mismatch alone halves it; tags match case-insensitively and count once", () => {
    expect(fitFactors(proposal("p", { theme: "health" }), sponsor("s", { prefThemes: ["transport"] })).preferences).toBe(0.5);
    expect(fitFactors(proposal("p", { theme: "Health" }), sponsor("s", { prefThemes: ["health"] })).preferences).toBe(1);
    const tags = fitFactors(proposal("p", { tags: ["ai"] }), sponsor("s", { prefTags: ["AI", "ai", "iot"] }));
    expect(tags.preferences).toBe(0.75); // (1 + 1/2) / 2: "AI" and "ai" are one preferred tag
  });

  it("needs: the share of distinct needs the in-kind offer covers", () => {
    const p = proposal("p", { needs: ["mentoring", "data-access", "test-sites", "mentoring"] });
    expect(fitFactors(p, sponsor("s", { inKind: ["data-access"] })).needs).toBeCloseTo(1 / 3, 15);
    expect(fitFactors(p, sponsor("s", { inKind: ["mentoring", "data-access", "test-sites"] })).needs).toBe(1);
  });

  it("readiness: 1 on the band's edges, a quarter off per level outside, 0 from four levels, 0.5 when unknown", () => {
    const s = sponsor("s", { trlMin: 4, trlMax: 6 });
    const at = (trl: number | null) => fitFactors(proposal("p", { trl }), s).readiness;
    expect([at(4), at(6), at(3), at(2), at(8), at(9), at(null)]).toEqual([1, 1, 0.75, 0.5, 0.5, 0.25, 0.5]);
    expect(fitFactors(proposal("p", { trl: 1 }), sponsor("s", { trlMin: 5, trlMax: 9 })).readiness).toBe(0);
    expect(fitFactors(proposal("p", { trl: 1 }), sponsor("s", { trlMin: 6, trlMax: 9 })).readiness).toBe(0);
  });

  it("area: any overlap is enough; no listed area is no restriction", () => {
    expect(fitFactors(proposal("p", { areaIds: [3, 4] }), sponsor("s", { prefAreaIds: [4] })).area).toBe(1);
    expect(fitFactors(proposal("p", { areaIds: [] }), sponsor("s", { prefAreaIds: [4] })).area).toBe(0);
    expect(fitFactors(proposal("p", { areaIds: [] }), sponsor("s")).area).toBe(1);
  });
});

describe("pairFit", () => {
  const p = proposal("p", { calibrated: 4, tags: ["AI", "open data"], trl: 5, needs: ["mentoring", "cloud-credits"], areaIds: [1, 2] });
  const s = sponsor("s", { prefThemes: ["transport"], prefTags: ["ai", "sensors", "open data", "iot"], inKind: ["mentoring"], trlMin: 3, trlMax: 4, prefAreaIds: [2] });

  it("weights the factors with the defaults and explains each factor's share", () => {
    const r = pairFit(p, s);
    // 0.4·0.8 + 0.2·0.75 + 0.2·0.5 + 0.1·0.75 + 0.1·1
    expect(r.fit).toBeCloseTo(0.745, 12);
    expect(r.shares.score).toBeCloseTo(0.32 / 0.745, 12);
    expect(r.shares.preferences).toBeCloseTo(0.15 / 0.745, 12);
    expect(r.shares.needs).toBeCloseTo(0.1 / 0.745, 12);
    expect(r.shares.readiness).toBeCloseTo(0.075 / 0.745, 12);
    expect(r.shares.area).toBeCloseTo(0.1 / 0.745, 12);
    expect(sum(r.shares)).toBeCloseTo(1, 12);
  });

  it("gives fit 1 for a perfect pair and fit 0, with all shares 0, for a complete misfit", () => {
    expect(pairFit(proposal("p"), sponsor("s")).fit).toBeCloseTo(1, 12);
    const bad = pairFit(
      proposal("p", { calibrated: null, theme: "health", tags: [], needs: ["mentoring"], trl: 9 }),
      sponsor("s", { prefThemes: ["transport"], prefTags: ["ai"], trlMax: 4, prefAreaIds: [9] }),
    );
    expect(bad.fit).toBe(0);
    expect(bad.shares).toEqual({ score: 0, preferences: 0, needs: 0, readiness: 0, area: 0 });
  });

  it("uses custom weights after normalising them: scaling all weights changes nothing", () => {
    const scaled = Object.fromEntries(FIT_FACTORS.map((k) => [k, DEFAULT_FIT_WEIGHTS[k] * 7])) as FitWeights;
    expect(pairFit(p, s, scaled).fit).toBeCloseTo(pairFit(p, s).fit, 12);
    const scoreOnly = pairFit(p, s, { score: 3, preferences: 0, needs: 0, readiness: 0, area: 0 });
    expect(scoreOnly.fit).toBeCloseTo(0.8, 12);
    expect(scoreOnly.shares).toEqual({ score: 1, preferences: 0, needs: 0, readiness: 0, area: 0 });
  });

  it("gives a factor with weight 0 a share of 0 even when the factor is 1", () => {
    const r = pairFit(proposal("p"), sponsor("s"), { score: 1, preferences: 1, needs: 0, readiness: 0, area: 0 });
    expect(r.shares).toEqual({ score: 0.5, preferences: 0.5, needs: 0, readiness: 0, area: 0 });
  });
});

describe("normaliseWeights", () => {
  it("scales the weights to sum to 1", () => {
    expect(normaliseWeights({ score: 2, preferences: 1, needs: 1, readiness: 0, area: 0 })).toEqual({ score: 0.5, preferences: 0.25, needs: 0.25, readiness: 0, area: 0 });
    expect(sum(normaliseWeights(DEFAULT_FIT_WEIGHTS))).toBeCloseTo(1, 15);
  });

  it.each([
    ["negative", { ...DEFAULT_FIT_WEIGHTS, needs: -0.1 }],
    ["NaN", { ...DEFAULT_FIT_WEIGHTS, area: NaN }],
    ["infinite", { ...DEFAULT_FIT_WEIGHTS, score: Infinity }],
    ["all zero", { score: 0, preferences: 0, needs: 0, readiness: 0, area: 0 }],
    ["missing", { score: 1, preferences: 1, needs: 1, readiness: 1 } as FitWeights],
  ])("throws a RangeError for %s weights, in normaliseWeights and pairFit", (_, w) => {
    expect(() => normaliseWeights(w)).toThrow(RangeError);
    expect(() => pairFit(proposal("p"), sponsor("s"), w)).toThrow(RangeError);
  });
});

describe("pairFit on random pairs", () => {
  const words = ["AI", "ai", "iot", "mentoring", "data-access", "transport", "health"];
  const arb = fc.record({
    calibrated: fc.option(fc.double({ min: 0, max: 5, noNaN: true }), { nil: null }),
    theme: fc.constantFrom("transport", "health"),
    tags: fc.subarray(words),
    trl: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }),
    needs: fc.subarray(words),
    areaIds: fc.subarray([1, 2, 3]),
    inKind: fc.subarray(words),
    prefThemes: fc.subarray(["transport", "health", "energy"]),
    prefTags: fc.subarray(words),
    band: fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 })),
    prefAreaIds: fc.subarray([1, 2, 3]),
    weights: fc.tuple(...FIT_FACTORS.map(() => fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 10, noNaN: true })))),
  });

  it("keeps fit and factors in [0, 1], the fit equal to the weighted factors, and shares summing to 1 (or all 0)", () => {
    fc.assert(
      fc.property(arb, (r) => {
        fc.pre(r.weights.some((w) => w > 0));
        const weights = Object.fromEntries(FIT_FACTORS.map((k, i) => [k, r.weights[i]])) as FitWeights;
        const p = proposal("p", { calibrated: r.calibrated, theme: r.theme, tags: r.tags, trl: r.trl, needs: r.needs, areaIds: r.areaIds });
        const [trlMin, trlMax] = [Math.min(...r.band), Math.max(...r.band)];
        const s = sponsor("s", { inKind: r.inKind, prefThemes: r.prefThemes, prefTags: r.prefTags, trlMin, trlMax, prefAreaIds: r.prefAreaIds });
        const { fit, factors, shares } = pairFit(p, s, weights);
        const w = normaliseWeights(weights);
        expect(fit).toBeGreaterThanOrEqual(0);
        expect(fit).toBeLessThanOrEqual(1);
        for (const k of FIT_FACTORS) {
          expect(factors[k]).toBeGreaterThanOrEqual(0);
          expect(factors[k]).toBeLessThanOrEqual(1);
          expect(shares[k]).toBeGreaterThanOrEqual(0);
        }
        expect(fit).toBeCloseTo(FIT_FACTORS.reduce((a, k) => a + w[k] * factors[k], 0), 12);
        if (fit === 0) expect(sum(shares)).toBe(0);
        else expect(sum(shares)).toBeCloseTo(1, 12);
      }),
    );
  });
});
