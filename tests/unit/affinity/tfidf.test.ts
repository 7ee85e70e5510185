import { describe, expect, it } from "vitest";
import { buildTfIdfModel, cosine, vectorize } from "../../../app/rules/affinity/tfidf";

const corpus = [
  "Flood defences for coastal communities using natural sea walls and wetlands",
  "Coastal flooding early warning with river level sensors",
  "School meals: reducing food waste in primary schools",
  "Electric bus fleet charging for rural transport",
  "Community energy: solar panels on village halls",
];
const model = buildTfIdfModel(corpus);
const norm = (v: { values: Float64Array }) => Math.sqrt(v.values.reduce((s, x) => s + x * x, 0));

describe("TF-IDF vectors", () => {
  it("are unit length with sorted, distinct term indices", () => {
    for (const text of corpus) {
      const v = vectorize(model, text);
      expect(norm(v)).toBeCloseTo(1, 12);
      for (let k = 1; k < v.indices.length; k++) expect(v.indices[k]).toBeGreaterThan(v.indices[k - 1]);
    }
  });

  it("weigh a rare word above a common one", () => {
    const v = vectorize(model, "coastal wetlands");
    const weight = (word: string) => v.values[v.indices.indexOf(model.vocabulary.get(word)!)];
    expect(weight("wetland")).toBeGreaterThan(weight("coast"));
  });

  it("are empty for empty text and for words outside the corpus", () => {
    expect(vectorize(model, "").indices).toHaveLength(0);
    expect(vectorize(model, "quantum cryptography").indices).toHaveLength(0);
  });

  it("do not depend on corpus order", () => {
    const reversed = buildTfIdfModel([...corpus].reverse());
    expect(vectorize(reversed, corpus[0])).toEqual(vectorize(model, corpus[0]));
  });
});

describe("cosine", () => {
  const vectors = corpus.map((t) => vectorize(model, t));

  it("is 1 for the same text, 0 for texts sharing no word, and 0 with an empty text", () => {
    expect(cosine(vectors[0], vectors[0])).toBeCloseTo(1, 12);
    expect(cosine(vectors[2], vectors[3])).toBe(0);
    expect(cosine(vectors[0], vectorize(model, ""))).toBe(0);
    expect(cosine(vectorize(model, ""), vectorize(model, ""))).toBe(0);
  });

  it("is symmetric and within [0, 1]", () => {
    for (const a of vectors) {
      for (const b of vectors) {
        expect(cosine(a, b)).toBe(cosine(b, a));
        expect(cosine(a, b)).toBeGreaterThanOrEqual(0);
        expect(cosine(a, b)).toBeLessThanOrEqual(1);
      }
    }
  });

  it("ranks related texts above unrelated ones", () => {
    const floods = vectorize(model, "flood risk on the coast");
    expect(cosine(floods, vectors[0])).toBeGreaterThan(cosine(floods, vectors[2]));
    expect(cosine(floods, vectors[1])).toBeGreaterThan(cosine(floods, vectors[4]));
  });
});
