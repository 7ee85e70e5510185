import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { counted } from "../../../app/lib/words";

describe("counted", () => {
  it("is singular for exactly one and plural otherwise, with the number in British form", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom("judge", "new assignment", "pair"), (n, noun) => {
      const text = counted(n, noun);
      expect(text).toBe(`${n.toLocaleString("en-GB")} ${n === 1 ? noun : `${noun}s`}`);
    }));
    expect(counted(1, "judge")).toBe("1 judge");
    expect(counted(0, "judge")).toBe("0 judges");
    expect(counted(1204, "challenge")).toBe("1,204 challenges");
    expect(counted(2, "person", "people")).toBe("2 people");
  });
});
