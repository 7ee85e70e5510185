// TF-IDF over a corpus of proposal and judge texts, with unit-length sparse vectors so that the
// cosine of two documents is a plain dot product.
import { tokenize } from "./tokenize";

export interface TfIdfModel {
  /** Stem → term index. */
  vocabulary: ReadonlyMap<string, number>;
  /** Inverse document frequency per term index. */
  idf: Float64Array;
  documentCount: number;
}

/** Sparse vector with strictly increasing term indices and unit (or zero) Euclidean length. */
export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

export const EMPTY_VECTOR: SparseVector = { indices: new Int32Array(0), values: new Float64Array(0) };

/**
 * Builds the model from every text that will be compared (proposals' title, summary and approach;
 * judges' expertise), so rare shared words weigh more than words everyone uses. Smoothed idf,
 * ln((1 + N) / (1 + df)) + 1, stays positive, so a word in every document still counts a little.
 */
export function buildTfIdfModel(documents: Iterable<string>): TfIdfModel {
  const documentFrequency = new Map<string, number>();
  let documentCount = 0;
  for (const text of documents) {
    documentCount++;
    for (const term of new Set(tokenize(text))) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  // Sorted vocabulary: term indices (and so every floating-point sum) do not depend on corpus order.
  const terms = [...documentFrequency.keys()].sort();
  const vocabulary = new Map(terms.map((t, i) => [t, i]));
  const idf = Float64Array.from(terms, (t) => Math.log((1 + documentCount) / (1 + documentFrequency.get(t)!)) + 1);
  return { vocabulary, idf, documentCount };
}

/**
 * Unit-length TF-IDF vector of `text`, with sublinear term frequency 1 + ln(count) so that a word
 * repeated ten times does not drown the rest. Words the model has never seen are dropped: they
 * appear in no other document, so they could not match anything anyway.
 */
export function vectorize(model: TfIdfModel, text: string): SparseVector {
  const counts = new Map<number, number>();
  for (const term of tokenize(text)) {
    const index = model.vocabulary.get(term);
    if (index !== undefined) counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  if (counts.size === 0) return EMPTY_VECTOR;
  const indices = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
  const values = Float64Array.from(indices, (i) => (1 + Math.log(counts.get(i)!)) * model.idf[i]);
  let norm = 0;
  for (const v of values) norm += v * v;
  norm = Math.sqrt(norm);
  for (let k = 0; k < values.length; k++) values[k] /= norm;
  return { indices, values };
}

/** Cosine similarity of two unit vectors (a merge over sorted indices); 0 if either is empty. */
export function cosine(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < a.indices.length && j < b.indices.length) {
    const ai = a.indices[i];
    const bj = b.indices[j];
    if (ai === bj) dot += a.values[i++] * b.values[j++];
    else if (ai < bj) i++;
    else j++;
  }
  // Rounding can push the cosine of identical texts a hair above 1.
  return Math.min(1, dot);
}
