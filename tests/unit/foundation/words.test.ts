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

describe("formatters", () => {
  it("are made once, in app/lib/dates, app/lib/words and (once per language) app/lib/formats, never per value (a new Intl formatter per call showed in every page's profile)", async () => {
    const { readdirSync, readFileSync, statSync } = await import("node:fs");
    const { join } = await import("node:path");
    const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
    });
    const elsewhere = [...files("app"), ...files("jobs")]
      .filter((f) => !f.endsWith(join("lib", "dates.ts")) && !f.endsWith(join("lib", "words.ts")) && !f.endsWith(join("lib", "formats.ts")))
      .filter((f) => /new Intl\./.test(readFileSync(f, "utf8")));
    expect(elsewhere).toEqual([]);
    for (const f of ["app/lib/dates.ts", "app/lib/words.ts"]) {
      // In those two, every formatter is a module-level constant.
      const inFunctions = readFileSync(f, "utf8").split("\n").filter((line) => /new Intl\./.test(line) && !/^const [A-Z_]+ = new Intl\./.test(line));
      expect(inFunctions, f).toEqual([]);
    }
    // The languages' formatters (decision 042) are made on a language's first use and kept.
    const { formatsFor } = await import("~/lib/formats");
    expect(formatsFor("es")).toBe(formatsFor("es"));
    expect(formatsFor("en")).toBe(formatsFor("en"));
  });

  it("give calendar days and decimals as people read them", async () => {
    const { formatDay, formatShortDay, toDay } = await import("~/lib/dates");
    const { formatDecimal } = await import("~/lib/words");
    expect(formatDay("2027-03-26")).toBe("26 Mar 2027");
    expect(formatShortDay(toDay("2027-03-26"))).toBe("26 Mar");
    expect(formatDecimal(1234.5678)).toBe("1,234.57");
  });
});
