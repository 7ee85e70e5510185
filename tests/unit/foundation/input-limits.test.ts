// The input limits as properties: which names and texts are refused, for generated input, not examples.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkForm, checkQuery, fieldNameProblem, INPUT_LIMITS, InputRefused, normaliseText, textProblem } from "../../../app/server/input-limits.server";

const ident = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,10}$/);
const key = fc.oneof(ident, fc.uuid());
const part = fc.oneof(key.map((i) => `.${i}`), fc.integer({ min: 0, max: INPUT_LIMITS.index }).map((i) => `[${i}]`));
const PROTOTYPE = new Set(["constructor", "prototype", ...Object.getOwnPropertyNames(Object.prototype)]);
const ourName = fc.tuple(ident, fc.array(part, { maxLength: INPUT_LIMITS.depth }))
  .map(([h, ps]) => h + ps.join(""))
  .filter((n) => n.length <= INPUT_LIMITS.nameLength && !n.split(/[.[\]]+/).some((p) => PROTOTYPE.has(p)));

describe("field names", () => {
  it("accepts every name of our grammar within the limits", () => {
    fc.assert(fc.property(ourName, (name) => fieldNameProblem(name) === null));
  });
  it("refuses any index past the limit, however written", () => {
    fc.assert(fc.property(ident, fc.bigInt({ min: BigInt(INPUT_LIMITS.index + 1), max: 10n ** 30n }), (h, i) => fieldNameProblem(`${h}[${i}]`) !== null));
  });
  it("refuses any nesting past the limit", () => {
    fc.assert(fc.property(ident, fc.array(part, { minLength: INPUT_LIMITS.depth + 1, maxLength: 200 }), (h, ps) => fieldNameProblem(h + ps.join("")) !== null));
  });
  it("refuses prototype names in any part", () => {
    fc.assert(fc.property(ident, fc.constantFrom(...PROTOTYPE), fc.boolean(), (h, p, first) => fieldNameProblem(first ? `${p}.${h}` : `${h}.${p}`) !== null));
  });
  it("refuses names longer than the limit", () => {
    fc.assert(fc.property(fc.integer({ min: INPUT_LIMITS.nameLength + 1, max: 50_000 }), (n) => fieldNameProblem("a".repeat(n)) !== null));
  });
});

describe("texts", () => {
  const bad = fc.oneof(
    fc.integer({ min: 0, max: 0x1f }).filter((c) => ![0x09, 0x0a, 0x0b, 0x0c, 0x0d].includes(c)),
    fc.integer({ min: 0x7f, max: 0x9f }).filter((c) => c !== 0x85),
    fc.constantFrom(0xfffd, 0xfffe, 0xffff),
  ).map((c) => String.fromCharCode(c));
  it("finds any control character, U+FFFD or non-character wherever it is", () => {
    fc.assert(fc.property(fc.string(), bad, fc.string(), (a, b, c) => textProblem(a + b + c) !== null));
  });
  it("finds an unpaired surrogate, and accepts paired ones", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), fc.integer({ min: 0xd800, max: 0xdfff }), (a, s) => textProblem(a + String.fromCharCode(s)) !== null));
    expect(textProblem("Clean air 🌳 for São Paulo")).toBeNull();
  });
  it("accepts any printable text with tabs and line breaks", () => {
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    fc.assert(fc.property(fc.string({ unit: "grapheme" }).map((s) => s.replace(/[\u0000-\u001f\u007f-\u009f\ufffd\ufffe\uffff]/g, "")), (s) => textProblem(`${s}\t\r\n${s}`) === null));
  });
  it("turns other line breaks into line feeds and changes nothing else", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (s) => {
      const [out, inp] = [[...normaliseText(s)], [...s]];
      return out.length === inp.length && out.every((c, i) => c === inp[i] || (c === "\n" && "\u000b\u000c\u0085\u2028\u2029".includes(inp[i]!)));
    }));
  });
});

describe("forms and query strings", () => {
  it("refuses a form with more fields than the limit", () => {
    const form = new FormData();
    for (let i = 0; i <= INPUT_LIMITS.fields; i++) form.append(`f${i}`, "1");
    expect(() => checkForm(form)).toThrow(InputRefused);
  });
  it("reports bad texts by field and keeps the rest", () => {
    const form = new FormData();
    form.append("title", "a\u0000b");
    form.append("summary", "line one\u000bline two");
    const { formData, textProblems } = checkForm(form);
    expect(Object.keys(textProblems)).toEqual(["title"]);
    expect(formData.get("summary")).toBe("line one\nline two");
  });
  it("refuses query strings past the limits", () => {
    expect(() => checkQuery(new URL(`http://x/?${Array.from({ length: 41 }, (_, i) => `p${i}=1`).join("&")}`))).toThrow(InputRefused);
    expect(() => checkQuery(new URL(`http://x/?q=${"a".repeat(2_001)}`))).toThrow(InputRefused);
    expect(() => checkQuery(new URL("http://x/?q=%00"))).toThrow(InputRefused);
    expect(() => checkQuery(new URL("http://x/?q=%FF"))).toThrow(InputRefused);
    expect(() => checkQuery(new URL("http://x/?q=air+quality&page=2"))).not.toThrow();
  });
});
