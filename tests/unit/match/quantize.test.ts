// Weight quantisation: the quantum is a power of two, integer costs stay inside the exact range,
// and rounding error is at most half a quantum.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeQuantizer } from "../../../app/rules/match/quantize";

describe("makeQuantizer", () => {
  it("gives all-zero costs when every weight is equal", () => {
    const q = makeQuantizer(Float64Array.from([0.3, 0.3]), 10);
    expect(q.toInteger(0.3)).toBe(0);
  });

  it("uses a fine quantum for unit-range weights on the largest benchmark graph", () => {
    const q = makeQuantizer(Float64Array.from([0, 1]), 7002);
    expect(q.quantum).toBe(2 ** -40);
  });

  it("keeps costs integral, bounded, and within half a quantum of the shifted weight", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 2, max: 1_000_000 }),
        (ws, nodes) => {
          const weights = Float64Array.from(ws);
          const q = makeQuantizer(weights, nodes);
          const limit = Math.floor(2 ** 53 / (2 * nodes + 2));
          expect(Number.isInteger(Math.log2(q.quantum))).toBe(true);
          for (const w of weights) {
            const c = q.toInteger(w);
            expect(Number.isSafeInteger(c)).toBe(true);
            expect(Math.abs(c)).toBeLessThanOrEqual(limit);
            // |c·q − (w − centre)| ≤ q/2, checked in units of q to avoid overflow near ±1e308.
            const exact = w / q.quantum - q.centre / q.quantum;
            if (Number.isFinite(exact)) expect(Math.abs(c - exact)).toBeLessThanOrEqual(0.5 + 1e-6);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
