// The seeded generator behind the tests' instances, the city seed and the benchmarks: its numbers must
// repeat, or seeded rows and benchmark figures stop being comparable from run to run.
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../app/lib/seeded-random";

describe("seededRandom", () => {
  it("repeats for the same seed and differs across seeds", () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
  });

  it("is mulberry32: the city seed's and the benchmarks' seed gives the numbers their recorded runs used", () => {
    const r = seededRandom(20261126);
    expect(Array.from({ length: 3 }, () => r.next())).toEqual([0.8969419626519084, 0.6857463242486119, 0.16515310131944716]);
  });

  it("draws normals with about the requested mean and sd", () => {
    const rng = seededRandom(1);
    const xs = Array.from({ length: 20_000 }, () => rng.normal(2, 0.5));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(2, 1);
    expect(sd).toBeCloseTo(0.5, 1);
  });

  it("keeps integers in their ranges and reaches both ends", () => {
    const rng = seededRandom(2);
    const below = new Set(Array.from({ length: 500 }, () => rng.below(4)));
    const between = new Set(Array.from({ length: 500 }, () => rng.int(-2, 2)));
    expect([...below].sort((x, y) => x - y)).toEqual([0, 1, 2, 3]);
    expect([...between].sort((x, y) => x - y)).toEqual([-2, -1, 0, 1, 2]);
    expect(new Set(Array.from({ length: 100 }, () => rng.pick(["a", "b"])))).toEqual(new Set(["a", "b"]));
  });

  it("shuffles and samples without losing or repeating items, leaving the input alone", () => {
    const items = [1, 2, 3, 4, 5];
    const rng = seededRandom(3);
    expect(rng.shuffle(items).sort()).toEqual(items);
    const some = rng.sample(items, 3);
    expect(new Set(some).size).toBe(3);
    expect(some.every((x) => items.includes(x))).toBe(true);
    expect(rng.sample(items, 9).sort()).toEqual(items);
    expect(items).toEqual([1, 2, 3, 4, 5]);
  });

  it("makes v4-shaped uuids that repeat for the same seed", () => {
    const a = seededRandom(4).uuid();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(seededRandom(4).uuid()).toBe(a);
  });
});
