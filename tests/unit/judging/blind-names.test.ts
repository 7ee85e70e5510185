// Blind review hides an applicant's names in their parts, not only whole: for generated organisation and person
// names, and texts that embed them as people write them (any case, joined, possessive, hyphenated, in a domain,
// an email, a tag or a handle), the blinded text holds none of the names' significant words, no email address
// and no web address; and text that names nobody and holds no address comes back unchanged.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blinder, EMAIL_REDACTED, REDACTED, WEB_REDACTED } from "../../../app/server/judging/blind";

// Name words are pseudo-words that always hold a letter from CONSONANTS; the filler text and the markers have
// none of those letters, so a name's word can only be in the output where the text planted it.
const CONSONANTS = [..."fghjkqvxz"];
const VOWELS = [..."ouy"];
const FILLER = ["pilot", "sensor", "street", "data", "resident", "council", "air", "monitor", "we", "will", "test", "in", "at", "a",
  "the", "team", "leads", "trial", "and", "see", "on", "our", "plan", "costs", "site", ""].filter((w) => !/[fghjkqvxz]/.test(w));
const SHARED = ["Labs", "Analytics", "Tech", "Mobility", "Systems", "Ltd", "Limited", "plc", "and Partners"];

const syllable = fc.tuple(fc.constantFrom(...CONSONANTS), fc.constantFrom(...VOWELS)).map(([c, v]) => c + v);
const pseudoWord = fc.array(syllable, { minLength: 2, maxLength: 4 }).map((s) => s.join("")).map((w) => w[0]!.toUpperCase() + w.slice(1));

const nameArb = fc.record({
  org: fc.uniqueArray(pseudoWord, { minLength: 1, maxLength: 3, selector: (w) => w.toLowerCase() }),
  shared: fc.option(fc.constantFrom(...SHARED), { nil: undefined }),
  people: fc.array(fc.uniqueArray(pseudoWord, { minLength: 2, maxLength: 3, selector: (w) => w.toLowerCase() }), { minLength: 1, maxLength: 3 }),
});

type Names = { org: string[]; shared?: string; people: string[][] };

const lower = (s: string) => s.toLowerCase();
const camel = (ws: string[]) => ws.join("");
const tld = fc.constantFrom("example", "io", "co.uk", "org", "com", "EXAMPLE");

/** One way a writer could mention the applicant, given its names. */
function mentionArb(n: Names): fc.Arbitrary<string> {
  const orgWord = fc.constantFrom(...n.org);
  const person = fc.constantFrom(...n.people);
  const anyWord = fc.constantFrom(...n.org, ...n.people.flat());
  return fc.oneof(
    fc.constant([...n.org, n.shared ?? ""].join(" ").trim()),
    anyWord.map(lower), anyWord.map((w) => w.toUpperCase()), anyWord,
    fc.constant(camel(n.org)), fc.constant(lower(camel(n.org))), fc.constant(lower(camel([...n.org, ...(n.shared ? [n.shared.split(" ").pop()!] : [])]))),
    anyWord.map((w) => `${w}'s`), anyWord.map((w) => `${w}’s`), fc.constant(`${camel(n.org)}'s`),
    fc.constant(n.org.join("-")), fc.constant(lower(n.org.join("-"))), person.map((p) => p.join("-")),
    fc.tuple(tld, fc.constantFrom("", "https://", "http://www.", "www."), fc.constantFrom("", "/about", ":8443/x?y=1")).map(([t, pre, path]) => `${pre}${lower(n.org.join(""))}.${t}${path}`),
    fc.tuple(tld).map(([t]) => `${lower(n.org.join("-"))}.${t}`),
    fc.tuple(person, tld).map(([p, t]) => `${lower(p.join("."))}@${lower(camel(n.org))}.${t}`),
    fc.tuple(person, tld).map(([p, t]) => `${p[0]![0]!.toLowerCase()}${lower(p[p.length - 1]!)}@mail.${t}`),
    person.map((p) => lower(p.join("."))), person.map((p) => lower(p.join(""))), person.map((p) => lower([...p].reverse().join("."))),
    person.map((p) => p.join(" ")), person.map((p) => `${p[0]![0]}. ${p[p.length - 1]}`),
    fc.constant(`#${lower(camel(n.org))}`), fc.constant(`@${camel(n.org)}`), fc.constant(`#${camel(n.org)}2026`),
    orgWord.map((w) => `my${w}App`), fc.constant(`${camel(n.org)}HQ`),
  );
}

const textArb = nameArb.chain((n) =>
  fc.record({
    names: fc.constant(n as Names),
    pieces: fc.array(fc.oneof(mentionArb(n), fc.constantFrom(...FILLER)), { minLength: 1, maxLength: 14 }),
    glue: fc.array(fc.constantFrom(" ", ", ", ". ", "\n", " (", ") ", "; ", " / ", ": "), { minLength: 14, maxLength: 14 }),
  }));

function blindFor(n: Names) {
  const orgName = [...n.org, n.shared ?? ""].join(" ").trim();
  const members = n.people.map((p) => ({ name: p.join(" "), email: `${lower(p.join("."))}@${lower(camel(n.org))}.example` }));
  return blinder({ name: orgName, website: `https://www.${lower(camel(n.org))}.example` }, members);
}

describe("blinding names in their parts (fast-check)", () => {
  it("leaves none of the organisation's or members' significant words, and no email or web address", () => {
    fc.assert(
      fc.property(textArb, ({ names, pieces, glue }) => {
        const text = pieces.map((p, i) => p + glue[i]).join("");
        const out = blindFor(names)(text);
        for (const word of [...names.org, ...names.people.flat()]) expect(lower(out)).not.toContain(lower(word));
        expect(out).not.toMatch(/@[\p{L}\p{N}]|https?:|www\.|\.example|\.co\.uk|\.io\b/iu);
      }),
      { numRuns: 600 },
    );
  });

  it("leaves a text that names nobody and holds no address exactly as it was", () => {
    fc.assert(
      fc.property(nameArb, fc.array(fc.constantFrom(...FILLER, "3.5 km", "e.g.", "i.e.", "plan.pdf", "end.Next", "£40,000", "—", "'quoted'"), { maxLength: 20 }), (names, words) => {
        const text = words.join(" ");
        expect(blindFor(names)(text)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});

describe("blinding, by example", () => {
  const blind = blinder({ name: "AirSense Labs", website: "https://www.airsense.example" }, [
    { name: "Wei Chen", email: "founder@airsense.example" },
    { name: "Dr Ama van der Berg", email: "ama@airsense.example" },
  ]);

  it("hides the forms that reached judges: a tag, a domain, a person's dotted name", () => {
    expect(blind("airsense")).toBe(REDACTED);
    // The organisation's own domain is one of its names; any other is a web address.
    expect(blind("Visit airsense.example or air-sense.example.")).toBe(`Visit ${REDACTED} or ${WEB_REDACTED}.`);
    expect(blind("Contact wei.chen or WeiChen or chen.wei")).toBe(`Contact ${REDACTED} or ${REDACTED} or ${REDACTED}`);
    expect(blind("Mail wei.chen@airsense.example, or https://github.com/airsense/app.")).toBe(`Mail ${EMAIL_REDACTED}, or ${WEB_REDACTED}.`);
  });

  it("hides each significant word, joined or not, and one marker stands for a name written in pieces", () => {
    expect(blind("AirSense Labs and AIRSENSE and AirSense's and AirSenseLabs and airsense-labs and #airsense2026 and myAirSenseApp"))
      .toBe(`${REDACTED} and ${REDACTED} and ${REDACTED}'s and ${REDACTED} and ${REDACTED} and #${REDACTED}2026 and my${REDACTED}App`);
    expect(blind("Chen's team: Wei, Ama and Dr Berg")).toBe(`${REDACTED}'s team: ${REDACTED}, ${REDACTED} and Dr ${REDACTED}`);
  });

  it("keeps words the names share with everyone, and words that only contain a name", () => {
    expect(blind("Our labs will measure the air and make sense of it; Chenault is not Chen.")).toBe(
      `Our labs will measure the air and make sense of it; Chenault is not ${REDACTED}.`,
    );
    expect(blind("See plan.pdf, e.g. section 2, and the 3.5 km route")).toBe("See plan.pdf, e.g. section 2, and the 3.5 km route");
  });
});
