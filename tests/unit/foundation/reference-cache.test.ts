// The in-process cache for reference data (themes, areas): kept for its stated lifetime on its own clock,
// loaded once for concurrent misses, a failed load never kept, and forgotten on demand.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createReferenceCache, REFERENCE_DATA_TTL_MS } from "../../../app/server/reference-cache.server";

function clocked(ttlMs = 1_000) {
  let now = 1_000_000; // lru-cache treats a start time of 0 as "never set"
  let loads = 0;
  const cache = createReferenceCache({ ttlMs, now: () => now });
  const load = async () => ({ version: ++loads });
  return { cache, load, loads: () => loads, advance: (ms: number) => { now += ms; } };
}

describe("the reference-data cache", () => {
  it("states a lifetime of a minute", () => {
    expect(REFERENCE_DATA_TTL_MS).toBe(60_000);
  });

  it("loads again exactly when a value has outlived its lifetime, whatever the steps of the clock", async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 1_500 }), { minLength: 1, maxLength: 30 }), async (steps) => {
      const c = clocked(1_000);
      let loadedAt = 0;
      let expected = 1;
      expect(await c.cache.get("themes", c.load)).toEqual({ version: 1 });
      let elapsed = 0;
      for (const step of steps) {
        c.advance(step);
        elapsed += step;
        if (elapsed - loadedAt > 1_000) {
          expected++;
          loadedAt = elapsed;
        }
        expect(await c.cache.get("themes", c.load)).toEqual({ version: expected });
      }
      expect(c.loads()).toBe(expected);
    }), { numRuns: 100 });
  });

  it("loads once for misses that arrive together", async () => {
    const c = clocked();
    const got = await Promise.all(Array.from({ length: 20 }, () => c.cache.get("areas", c.load)));
    expect(new Set(got.map((g) => g.version))).toEqual(new Set([1]));
    expect(c.loads()).toBe(1);
  });

  it("keeps nothing from a load that failed: the next look-up tries again", async () => {
    const c = clocked();
    await expect(c.cache.get("themes", () => Promise.reject(new Error("database unavailable")))).rejects.toThrow("database unavailable");
    expect(await c.cache.get("themes", c.load)).toEqual({ version: 1 });
  });

  it("loads again at once after forget, and keeps each key apart", async () => {
    const c = clocked();
    await c.cache.get("themes", c.load);
    await c.cache.get("areas", c.load);
    c.cache.forget("themes");
    expect(await c.cache.get("themes", c.load)).toEqual({ version: 3 });
    expect(await c.cache.get("areas", c.load)).toEqual({ version: 2 });
  });
});
