// The browser's languages → ours (decision 042): any header at all gives one of ours, never an error; the
// first of ours by preference wins; a wildcard or nothing of ours gives English.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LOCALES } from "../../../app/lib/i18n";
import { fromAcceptLanguage } from "../../../app/server/locale.server";

describe("fromAcceptLanguage", () => {
  it("answers one of our languages for any header", () => {
    fc.assert(fc.property(fc.option(fc.string({ maxLength: 2000 })), (header) => {
      expect(LOCALES).toContain(fromAcceptLanguage(header));
    }), { numRuns: 2000 });
  });

  it("takes the most preferred of ours, by q and then by order", () => {
    const entry = fc.record({ tag: fc.constantFrom("es", "es-ES", "es-419", "en", "en-GB", "fr", "pl", "ro", "bn"), q: fc.integer({ min: 1, max: 1000 }) });
    fc.assert(fc.property(fc.array(entry, { maxLength: 6 }), (entries) => {
      const header = entries.map((e) => `${e.tag};q=${(e.q / 1000).toFixed(3)}`).join(", ");
      const ours = entries.map((e, i) => ({ ...e, i, lang: e.tag.split("-")[0]! }))
        .filter((e) => e.lang === "en" || e.lang === "es").sort((a, b) => b.q - a.q || a.i - b.i);
      expect(fromAcceptLanguage(header)).toBe(ours[0]?.lang ?? "en");
    }), { numRuns: 1000 });
  });

  it("reads the usual forms", () => {
    expect(fromAcceptLanguage("es-ES,es;q=0.9,en;q=0.8")).toBe("es");
    expect(fromAcceptLanguage("en-GB,en;q=0.9,es;q=0.8")).toBe("en");
    expect(fromAcceptLanguage("ES")).toBe("es");
    expect(fromAcceptLanguage("fr, *;q=0.5")).toBe("en");
    expect(fromAcceptLanguage("es;q=0")).toBe("en");
    expect(fromAcceptLanguage(null)).toBe("en");
  });
});
