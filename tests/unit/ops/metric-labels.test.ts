// Whatever status or method a response has, its labels come from a small fixed set.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { methodLabel, statusClass } from "../../../app/rules/ops/metric-labels";

describe("metric labels", () => {
  it("a status is one of six classes, and a real status keeps its hundreds digit", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e6, max: 1e6 }), (status) => {
        const label = statusClass(status);
        expect(["1xx", "2xx", "3xx", "4xx", "5xx", "other"]).toContain(label);
        if (status >= 100 && status < 600) expect(label).toBe(`${String(status)[0]}xx`);
      }),
    );
  });

  it("a method a client invented is 'other'; the standard ones keep their name", () => {
    const standard = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...standard), fc.string({ maxLength: 20 })), (method) => {
        expect(methodLabel(method)).toBe(standard.includes(method) ? method : "other");
      }),
    );
  });
});
