// Blind review: the applicant's identifying strings are removed from free text before a judge sees
// it. Hand-made cases pin the rules (case, longest first, short identifiers, regex safety); random
// texts with planted identifiers check that nothing identifying survives and nothing else changes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { identifiersOf, redact, REDACTED } from "../../../app/server/judging/blind";

const M = REDACTED;

describe("redact", () => {
  it("replaces every occurrence of an identifier, whatever its case", () => {
    const text = "Acme Labs built it. ACME LABS maintains it; acme labs and aCmE lAbS fund it.";
    expect(redact(text, ["Acme Labs"])).toBe(`${M} built it. ${M} maintains it; ${M} and ${M} fund it.`);
  });

  it("is case-insensitive beyond ASCII", () => {
    expect(redact("L'ÉCOLE DE ZOË et l'école de Zoë", ["École de Zoë"])).toBe(`L'${M} et l'${M}`);
  });

  it("leaves text without identifiers exactly as it was, whitespace and punctuation included", () => {
    const text = "  We will pilot the scheme in 3 boroughs.\n\nBudget: £40,000 (phase 1) — see §2.\t";
    expect(redact(text, ["Acme Labs", "Jane Doe", "jane.doe@acme.org", "acme.org"])).toBe(text);
    expect(redact("", ["Acme Labs"])).toBe("");
  });

  it("returns the text unchanged when there are no identifiers", () => {
    expect(redact("Acme Labs", [])).toBe("Acme Labs");
  });

  it("ignores identifiers shorter than 3 characters after trimming", () => {
    const text = "Al and Bo also built a boat with AI.";
    expect(redact(text, ["Al", "Bo", "AI", "  x  ", "", "   "])).toBe(text);
    expect(redact("Abe met Al", ["Abe", "Al"])).toBe(`${M} met Al`);
  });

  it("trims identifiers before matching them", () => {
    expect(redact("Thanks to Acme Labs.", ["  Acme Labs \n"])).toBe(`Thanks to ${M}.`);
  });

  it("prefers the longest identifier at a position, whatever order the identifiers come in", () => {
    const text = "Jane Doe and Jane wrote to jane.doe@acme.org about Acme Labs and Acme.";
    const ids = ["Jane", "Jane Doe", "jane.doe", "jane.doe@acme.org", "Acme", "Acme Labs"];
    const expected = `${M} and ${M} wrote to ${M} about ${M} and ${M}.`;
    expect(redact(text, ids)).toBe(expected);
    expect(redact(text, [...ids].reverse())).toBe(expected);
    // One marker per identifying phrase: never "[applicant] Doe" or "[applicant]@acme.org".
    expect(redact(text, ids)).not.toMatch(/Doe|@acme|Labs/i);
  });

  it("handles overlapping identifiers: the leftmost match wins and the overlap does not survive", () => {
    expect(redact("Ann Lee Foundation", ["Ann Lee", "Lee Foundation"])).toBe(`${M} Foundation`);
    expect(redact("Lee Foundation by Ann Lee", ["Ann Lee", "Lee Foundation"])).toBe(`${M} by ${M}`);
  });

  it("treats regex special characters in identifiers literally", () => {
    const text = "A+B (Labs) is not AB Labs, nor A+B Labs, nor AAB (Labs).";
    expect(redact(text, ["A+B (Labs)"])).toBe(`${M} is not AB Labs, nor A+B Labs, nor AAB (Labs).`);
    // Unescaped, each of these would match far more than itself (or throw).
    expect(redact("C.I.C and CXIXC", ["C.I.C"])).toBe(`${M} and CXIXC`);
    expect(redact("a|b|c: a b c", ["a|b|c"])).toBe(`${M}: a b c`);
    expect(redact("[Lab] and L", ["[Lab]"])).toBe(`${M} and L`);
    expect(redact("^Acme$ vs Acme", ["^Acme$"])).toBe(`${M} vs Acme`);
    expect(redact("x{2} vs xx", ["x{2}"])).toBe(`${M} vs xx`);
    expect(redact("Back\\slash* Ltd? vs Backslash Ltd", ["Back\\slash* Ltd?"])).toBe(`${M} vs Backslash Ltd`);
    expect(redact("Open (Data", ["Open (Data"])).toBe(M);
  });

  it("does not expand replacement patterns found in the text or identifiers", () => {
    expect(redact("Price $& and $1 by Acme", ["Acme", "$&$"])).toBe(`Price $& and $1 by ${M}`);
    expect(redact("The $&$ group", ["$&$"])).toBe(`The ${M} group`);
  });

  it("redacts identifiers embedded in longer tokens (handles, hashtags, possessives)", () => {
    expect(redact("Follow @AcmeLabs and #acmelabs2025; AcmeLabs's team", ["AcmeLabs"])).toBe(
      `Follow @${M} and #${M}2025; ${M}'s team`,
    );
  });

  it("does not rescan its own output, so redacting twice changes nothing more", () => {
    const ids = ["Acme Labs", "Jane Doe"];
    const once = redact("Jane Doe of Acme Labs", ids);
    expect(once).toBe(`${M} of ${M}`);
    expect(redact(once, ids)).toBe(once);
  });
});

describe("identifiersOf", () => {
  const members = [
    { name: "Jane Doe", email: "jane.doe@acme-labs.org" },
    { name: "Sam Okoro", email: "s.okoro@example.com" },
  ];

  it("lists the organisation's name, members' names, emails and email local parts, then website and bare host", () => {
    expect(identifiersOf({ name: "Acme Labs", website: "https://www.acme-labs.org/about" }, members)).toEqual([
      "Acme Labs",
      "Jane Doe",
      "jane.doe@acme-labs.org",
      "jane.doe",
      "Sam Okoro",
      "s.okoro@example.com",
      "s.okoro",
      "https://www.acme-labs.org/about",
      "acme-labs.org",
    ]);
  });

  it("keeps the host as it is when it has no www. prefix", () => {
    expect(identifiersOf({ name: "Acme", website: "http://labs.acme.org" }, [])).toEqual([
      "Acme",
      "http://labs.acme.org",
      "labs.acme.org",
    ]);
  });

  it("adds no website entries when there is no website, and keeps an unparsable website as written", () => {
    expect(identifiersOf({ name: "Acme", website: null }, [])).toEqual(["Acme"]);
    expect(identifiersOf({ name: "Acme", website: "" }, [])).toEqual(["Acme"]);
    expect(identifiersOf({ name: "Acme", website: "acme.org" }, [])).toEqual(["Acme", "acme.org"]);
  });

  it("uses the whole address as the local part of an email without @, listed once", () => {
    expect(identifiersOf({ name: "Acme", website: null }, [{ name: "Jo Bloggs", email: "jbloggs" }])).toEqual([
      "Acme",
      "Jo Bloggs",
      "jbloggs",
    ]);
  });

  it("together with redact, removes every planted identifying string from a proposal", () => {
    const ids = identifiersOf({ name: "Acme Labs", website: "https://www.acme-labs.org/about" }, members);
    const text = [
      "ACME LABS (see https://www.acme-labs.org/about or www.Acme-Labs.org) proposes a pilot.",
      "Lead: Jane Doe <Jane.Doe@Acme-Labs.org>, GitHub @jane.doe; data by Sam Okoro (s.okoro@example.com).",
      "The pilot runs in three boroughs for twelve months.",
    ].join("\n");
    const out = redact(text, ids);
    for (const leak of ["acme", "jane", "doe", "okoro", "example.com", "http"]) expect(out.toLowerCase()).not.toContain(leak);
    expect(out).toBe(
      [
        `${M} (see ${M} or www.${M}) proposes a pilot.`,
        `Lead: ${M} <${M}>, GitHub @${M}; data by ${M} (${M}).`,
        "The pilot runs in three boroughs for twelve months.",
      ].join("\n"),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Random texts. Identifiers are drawn from characters that appear neither in the filler text nor
// (in any case) in the marker "[applicant]", so an identifier can occur only where it was planted
// and the marker can never spell one; the expected output is then known exactly.

const ID_CHARS = [..."bdeghkmorsuvwxyzBDEGHKMORSUVWXYZ0123456789 .+*?^$(){}|\\/-@&'"];
const FILLER_CHARS = [..."acilnptACILNPT,;:!\n\t_#%=<>~\"[]"];

const identifierArb = fc
  .array(fc.constantFrom(...ID_CHARS), { minLength: 3, maxLength: 12 })
  .map((cs) => cs.join("").trim())
  .filter((s) => s.length >= 3);
const fillerArb = fc.array(fc.constantFrom(...FILLER_CHARS), { minLength: 1, maxLength: 10 }).map((cs) => cs.join(""));

/** The identifier with the case of each letter flipped at random, as a writer might type it. */
const caseVariantArb = (id: string) =>
  fc
    .array(fc.boolean(), { minLength: id.length, maxLength: id.length })
    .map((flips) => [...id].map((c, i) => (flips[i] ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c)).join(""));

const plantedArb = fc.uniqueArray(identifierArb, { minLength: 1, maxLength: 5, selector: (s) => s.toLowerCase() }).chain((ids) =>
  fc.record({
    ids: fc.constant(ids),
    plants: fc.array(
      fc.constantFrom(...ids.keys()).chain((i) => caseVariantArb(ids[i])),
      { maxLength: 8 },
    ),
    fillers: fc.array(fillerArb, { minLength: 9, maxLength: 9 }),
  }),
);

describe("redact on random texts (fast-check)", () => {
  it("replaces each planted identifier (in any case) with exactly one marker and keeps everything else", () => {
    fc.assert(
      fc.property(plantedArb, ({ ids, plants, fillers }) => {
        // Planted as words of their own (identifiers inside a longer word are left alone by design).
        const text = fillers[0] + plants.map((p, i) => ` ${p} ${fillers[i + 1]}`).join("");
        const expected = fillers[0] + plants.map((_, i) => ` ${M} ${fillers[i + 1]}`).join("");
        const out = redact(text, ids);
        expect(out).toBe(expected);
        for (const id of ids) expect(out.toLowerCase()).not.toContain(id.toLowerCase());
      }),
      { numRuns: 500 },
    );
  });

  it("leaves no identifier behind even when identifiers overlap and share prefixes", () => {
    // Identifiers built as pieces of one another, planted back to back.
    const nestedArb = fc
      .array(fc.constantFrom(..."bdegmorsuv"), { minLength: 4, maxLength: 10 })
      .map((cs) => cs.join(""))
      .chain((base) =>
        fc.record({
          base: fc.constant(base),
          cuts: fc.array(fc.tuple(fc.nat(base.length), fc.nat(base.length)), { maxLength: 4 }),
          reps: fc.integer({ min: 1, max: 3 }),
        }),
      );
    fc.assert(
      fc.property(nestedArb, ({ base, cuts, reps }) => {
        const ids = [base, ...cuts.map(([a, b]) => base.slice(Math.min(a, b), Math.max(a, b)))].filter((s) => s.length >= 3);
        const text = `${Array(reps).fill(base).join(" ")} ${base.toUpperCase()}`;
        const out = redact(text, ids);
        for (const id of ids) expect(out.toLowerCase()).not.toContain(id.toLowerCase());
        // The full identifier is the longest, so every copy of it becomes exactly one marker.
        expect(out).toBe(`${Array(reps).fill(M).join(" ")} ${M}`);
      }),
      { numRuns: 300 },
    );
  });

  it("never changes text when every identifier is shorter than 3 characters", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 60 }),
        fc.array(fc.string({ maxLength: 2 }), { maxLength: 6 }),
        (text, ids) => {
          expect(redact(text, ids)).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never throws on arbitrary identifiers, and any identifier of 3+ characters is gone afterwards", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.array(fc.string({ minLength: 3, maxLength: 8 }), { maxLength: 4 }), (filler, ids) => {
        // Limited to identifiers that cannot be spelled by the marker or by marker + neighbours.
        const safe = ids.filter((id) => id.trim().length >= 3 && !/[\s[\]acilnpt]/i.test(id));
        const text = ` ${safe.join(` ${filler} `)} `;
        let out = "";
        expect(() => (out = redact(text, ids))).not.toThrow();
        // Every copy that stands as a word of its own is gone.
        for (const id of safe) expect(out.toLowerCase()).not.toContain(` ${id.toLowerCase()} `);
      }),
      { numRuns: 300 },
    );
  });
});

describe("redact leaves ordinary words alone", () => {
  it("does not cut a short member name out of a longer word", () => {
    expect(redact("Our annual plan, by Ann, has more information", ["Ann", "info"])).toBe(`Our annual plan, by ${M}, has more information`);
  });

  it("hides the website's bare domain even with a port or an accented name", () => {
    const ids = identifiersOf({ name: "Acme", website: "https://acme.org:8443/x" }, []);
    expect(redact("Visit acme.org today", ids)).toBe(`Visit ${M} today`);
    const accented = identifiersOf({ name: "Zoë", website: "https://zoë.org" }, []);
    expect(redact("See zoë.org", accented)).toBe(`See ${M}`);
  });
});
