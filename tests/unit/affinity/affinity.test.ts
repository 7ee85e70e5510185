import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  affinity,
  affinityMatrix,
  DEFAULT_WEIGHTS,
  jaccard,
  type JudgeProfile,
  type ProposalProfile,
} from "../../../app/rules/affinity/affinity";
import { buildTfIdfModel } from "../../../app/rules/affinity/tfidf";
import { syntheticProfiles } from "./helpers/synthetic";

const proposals: ProposalProfile[] = [
  { theme: "Climate", tags: ["flooding", "coast"], text: "Sea walls and wetland restoration to protect coastal towns from flooding" },
  { theme: "Health", tags: ["nutrition", "schools"], text: "Healthy school meals and cooking lessons for primary school children" },
  { theme: "Transport", tags: ["buses", "rural"], text: "Electric buses for rural routes with solar charging depots" },
];
const judges: JudgeProfile[] = [
  { themes: ["climate"], tags: ["Flooding", "water"], text: "Hydrologist: coastal flood risk, wetlands and sea defences" },
  { themes: ["Health", "Education"], tags: ["schools"], text: "Public health nutritionist working with schools on meals" },
  { themes: [], tags: [], text: "" },
];
const model = buildTfIdfModel([...proposals.map((p) => p.text), ...judges.map((j) => j.text)]);
const onlyText = { theme: 0, tags: 0, text: 1 };

describe("affinity", () => {
  it("matches each expert to their own field", () => {
    expect(affinity(judges[0], proposals[0], model)).toBeGreaterThan(affinity(judges[0], proposals[1], model));
    expect(affinity(judges[1], proposals[1], model)).toBeGreaterThan(affinity(judges[1], proposals[0], model));
    expect(affinity(judges[0], proposals[0], model, onlyText)).toBeGreaterThan(affinity(judges[0], proposals[2], model, onlyText));
  });

  it("scores the theme component 1 when the judge lists the proposal's theme (any case)", () => {
    const onlyTheme = { theme: 1, tags: 0, text: 0 };
    expect(affinity(judges[0], proposals[0], model, onlyTheme)).toBe(1);
    expect(affinity(judges[0], proposals[1], model, onlyTheme)).toBe(0);
    expect(affinity(judges[2], proposals[0], model, onlyTheme)).toBe(0);
  });

  it("scores the tag component as the Jaccard index of the tag sets", () => {
    const onlyTags = { theme: 0, tags: 1, text: 0 };
    // {flooding, water} vs {flooding, coast}: 1 shared of 3.
    expect(affinity(judges[0], proposals[0], model, onlyTags)).toBeCloseTo(1 / 3, 12);
    expect(affinity(judges[1], proposals[1], model, onlyTags)).toBeCloseTo(1 / 2, 12);
    expect(jaccard(new Set(), new Set())).toBe(0);
    expect(jaccard(new Set(["a"]), new Set(["a"]))).toBe(1);
  });

  it("combines the components with the default weights 0.4 / 0.3 / 0.3", () => {
    expect(DEFAULT_WEIGHTS).toEqual({ theme: 0.4, tags: 0.3, text: 0.3 });
    const parts = (w: typeof onlyText) => affinity(judges[0], proposals[0], model, w);
    const combined = 0.4 * parts({ theme: 1, tags: 0, text: 0 }) + 0.3 * parts({ theme: 0, tags: 1, text: 0 }) + 0.3 * parts(onlyText);
    expect(affinity(judges[0], proposals[0], model)).toBeCloseTo(combined, 12);
    // Weights are relative: doubling them all changes nothing.
    expect(affinity(judges[0], proposals[0], model, { theme: 0.8, tags: 0.6, text: 0.6 })).toBeCloseTo(combined, 12);
  });

  it("gives 0 to a judge with no themes, tags or text, and handles empty proposal text", () => {
    for (const p of proposals) expect(affinity(judges[2], p, model)).toBe(0);
    const empty: ProposalProfile = { theme: "Climate", tags: [], text: "" };
    expect(affinity(judges[0], empty, model)).toBeCloseTo(0.4, 12);
  });

  it("rejects negative or all-zero weights", () => {
    expect(() => affinity(judges[0], proposals[0], model, { theme: -1, tags: 1, text: 1 })).toThrow(RangeError);
    expect(() => affinity(judges[0], proposals[0], model, { theme: 0, tags: 0, text: 0 })).toThrow(RangeError);
  });

  it("stays within [0, 1] for arbitrary profiles (property test)", () => {
    const label = fc.constantFrom("Climate", "climate ", "Health", "x", "");
    const words = fc.array(fc.constantFrom("flood", "coast", "school", "meals", "bus", "the", "é", "42", "wetlands"), { maxLength: 12 });
    const judge = fc.record({ themes: fc.array(label, { maxLength: 3 }), tags: fc.array(label, { maxLength: 3 }), text: words.map((w) => w.join(" ")) });
    const proposal = fc.record({ theme: label, tags: fc.array(label, { maxLength: 3 }), text: words.map((w) => w.join(" ")) });
    fc.assert(
      fc.property(judge, proposal, (j, p) => {
        const value = affinity(j, p, model);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe("affinityMatrix", () => {
  it("is row-major proposals × judges and equal to affinity for every pair", () => {
    const m = affinityMatrix(judges, proposals, model);
    expect(m).toBeInstanceOf(Float64Array);
    expect(m).toHaveLength(proposals.length * judges.length);
    proposals.forEach((p, i) => judges.forEach((j, k) => expect(m[i * judges.length + k]).toBe(affinity(j, p, model))));
  });

  it("equals pairwise affinity on a larger synthetic set, with custom weights", () => {
    const data = syntheticProfiles(2, 60, 25);
    const m2 = buildTfIdfModel([...data.proposals.map((p) => p.text), ...data.judges.map((j) => j.text)]);
    const weights = { theme: 0.2, tags: 0.5, text: 0.3 };
    const m = affinityMatrix(data.judges, data.proposals, m2, weights);
    data.proposals.forEach((p, i) =>
      data.judges.forEach((j, k) => expect(m[i * data.judges.length + k]).toBe(affinity(j, p, m2, weights))),
    );
  });

  it("handles no judges or no proposals", () => {
    expect(affinityMatrix([], proposals, model)).toHaveLength(0);
    expect(affinityMatrix(judges, [], model)).toHaveLength(0);
  });

  // Speed is measured in bench/affinity (against the pairwise baseline), not asserted here.
  it("matches the pairwise definition on a panel-sized matrix", () => {
    const data = syntheticProfiles(1, 1000, 200);
    const model = buildTfIdfModel([...data.proposals.map((p) => p.text), ...data.judges.map((j) => j.text)]);
    const m = affinityMatrix(data.judges, data.proposals, model);
    expect(m).toHaveLength(200_000);
    for (const [p, j] of [[0, 0], [999, 199], [123, 56], [500, 100]]) expect(m[p * 200 + j]).toBe(affinity(data.judges[j], data.proposals[p], model));
  });
});
