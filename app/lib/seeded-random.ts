// The one seeded random generator, shared by the tests, the city seed and the benchmarks: the same seed
// gives the same numbers on every run and machine, so generated instances, seeded rows and benchmark
// sizes repeat. mulberry32 is tiny and fast, and good enough for test data (not for anything secret).
// It lives in app/lib, not in app/rules, because no rule draws random numbers; tests, db/ and bench/
// may import it without crossing the layering (docs/decisions/017-layering.md).

export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  below(n: number): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** One item of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** Standard normal by default (Box–Muller, two draws). */
  normal(mean?: number, sd?: number): number;
  /** A shuffled copy (Fisher–Yates from the end). */
  shuffle<T>(items: readonly T[]): T[];
  /** `k` distinct items in a random order (a partial Fisher–Yates from the front). */
  sample<T>(items: readonly T[], k: number): T[];
  /** A v4-shaped uuid, so ids (and the orders that use them) repeat run to run. */
  uuid(): string;
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const below = (n: number) => Math.floor(next() * n);
  return {
    next,
    below,
    int: (min, max) => min + below(max - min + 1),
    pick: (items) => items[below(items.length)]!,
    normal(mean = 0, sd = 1) {
      const u = 1 - next(); // (0, 1]: log is finite
      const v = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    shuffle(items) {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = below(i + 1);
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
    sample(items, k) {
      const out = items.slice();
      for (let i = 0; i < Math.min(k, out.length); i++) {
        const j = i + below(out.length - i);
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out.slice(0, k);
    },
    uuid() {
      const hex = Array.from({ length: 4 }, () => below(2 ** 32).toString(16).padStart(8, "0")).join("");
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
  };
}
