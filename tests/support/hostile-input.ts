// Generators of the input a hostile or careless client sends (fast-check arbitraries): the classes that
// have taken services down, not a list of strings. Used by the fuzzer (tests/integration/fuzz.test.ts)
// and by the unit tests of the input limits.
import fc from "fast-check";

const PROTOTYPE = ["constructor", "__proto__", "prototype", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf", "__defineGetter__", "propertyIsEnumerable", "toLocaleString"];

/** Texts: NUL and other controls, invalid UTF-8 (sent as raw bytes), odd numbers and dates, prototype names, long runs. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "\u0000", "a\u0000b", "\u0007\u001b[31m", "\u007f", "\u0085", "\uFFFE", "\uD800", "\uDFFF",
    "1e309", "-1e309", "0x10", "-0", "NaN", "Infinity", "-1", "99999999999999999999", "1.5", "0", " ", "",
    "0000-00-00", "2024-02-30", "9999-99-99", "-271821-04-19", "2027-13-01T25:61:61Z",
    "%00", "%FF", "../../etc/passwd", "<script>alert(1)</script>", "' OR 1=1 --", "${7*7}", "{{7*7}}",
    "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
    ...PROTOTYPE,
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.integer({ min: 1_000, max: 300_000 }).map((n) => "x".repeat(n)),
  fc.double().map(String),
);

/** Field names: real ones, prototype names, huge and sparse indices, deep nesting, very long names. */
export function hostileName(known: string[]): fc.Arbitrary<string> {
  const base = known.length > 0 ? fc.constantFrom(...known) : fc.constant("field");
  return fc.oneof(
    { weight: 4, arbitrary: base },
    fc.constantFrom(...PROTOTYPE, "_data", "intent", "redirectTo", "sort", "page", "pageSize", "q"),
    fc.tuple(base, fc.constantFrom(120_000_000, 100_000_000, 4_294_967_295, 1_000, 200, 199, -1)).map(([n, i]) => `${n}[${i}]`),
    fc.tuple(base, fc.integer({ min: 5, max: 10_000 })).map(([n, d]) => n + "[0]".repeat(d)),
    fc.tuple(base, fc.integer({ min: 5, max: 10_000 })).map(([n, d]) => n + ".a".repeat(d)),
    fc.tuple(base, fc.constantFrom(...PROTOTYPE)).map(([n, p]) => `${n}.${p}`),
    fc.tuple(base, fc.constantFrom(...PROTOTYPE)).map(([n, p]) => `${n}[${p}]`),
    fc.integer({ min: 121, max: 20_000 }).map((n) => "n".repeat(n)),
    fc.string({ unit: "binary", minLength: 1, maxLength: 20 }),
  );
}

export type Body = { contentType: string; body: Uint8Array | string };

const encoder = new TextEncoder();
/** Percent-encodes a text as UTF-8, or (for `raw`) byte by byte, so invalid UTF-8 reaches the server as bytes. */
function enc(s: string, raw: boolean): string {
  if (raw) return [...s].map((c) => `%${(c.charCodeAt(0) & 0xff).toString(16).padStart(2, "0")}`).join("");
  // A lone surrogate goes as its WTF-8 bytes (ED A0 80 for U+D800): not UTF-8, as a broken client sends it.
  return [...s].map((c) => (c.length === 1 && c >= "\uD800" && c <= "\uDFFF" ? wtf8(c.charCodeAt(0)) : encodeURIComponent(c))).join("").replace(/%20/g, "+");
}

function wtf8(code: number): string {
  return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join("");
}

/** A list of name/value pairs: a few, or thousands, with duplicates. */
export function hostilePairs(known: string[], fixed: [string, string][] = []): fc.Arbitrary<[string, string][]> {
  const pair = fc.tuple(hostileName(known), hostileText);
  // `fixed`: real pairs the page offers (a button's intent), so the hostile fields reach that intent's code.
  const withFixed = fc.tuple(fixed.length ? fc.subarray(fixed, { maxLength: 1 }) : fc.constant([]), fc.array(pair, { minLength: 1, maxLength: 12 }))
    .map(([f, p]) => [...f, ...p]);
  return fc.oneof(
    { weight: 6, arbitrary: withFixed },
    fc.tuple(pair, fc.integer({ min: 1_001, max: 20_000 })).map(([p, n]) => Array.from({ length: n }, (_, i) => [`${p[0].slice(0, 200)}${i % 2 ? "" : i}`, p[1].slice(0, 16)] as [string, string])),
    // Every field the form has, each with a hostile value: reaches the code after validation.
    fc.tuple(fixed.length ? fc.subarray(fixed, { maxLength: 1 }) : fc.constant([]), fc.array(hostileText, { minLength: known.length, maxLength: known.length }))
      .map(([f, vs]) => [...f, ...known.map((k, i) => [k, vs[i]!] as [string, string])]),
  );
}

/**
 * A query string of hostile pairs, some with invalid UTF-8 bytes. At most 12,000 characters: past 16 KB of
 * headers Node's own parser closes the connection before any code of ours runs (431), which is not ours to test.
 */
export function hostileQuery(known: string[]): fc.Arbitrary<string> {
  return fc.tuple(hostilePairs(known), fc.boolean())
    .map(([pairs, raw]) => pairs.slice(0, 60).map(([k, v]) => `${enc(k.slice(0, 3000), false)}=${enc(v.slice(0, 3000), raw)}`).join("&").slice(0, 12_000));
}

/** A request body: a form (urlencoded or multipart, some invalid UTF-8), or one of the wrong type. */
export function hostileBody(known: string[], fixed: [string, string][] = []): fc.Arbitrary<Body> {
  const urlencoded = fc.tuple(hostilePairs(known, fixed), fc.boolean()).map(([pairs, raw]): Body => ({
    contentType: "application/x-www-form-urlencoded",
    body: pairs.map(([k, v]) => `${enc(k, false)}=${enc(v, raw)}`).join("&"),
  }));
  const multipart = hostilePairs(known, fixed).map((pairs): Body => {
    const boundary = "----fuzz" + "x".repeat(8);
    const parts = pairs.slice(0, 300).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k.replace(/["\r\n]/g, "")}"\r\n\r\n${v}\r\n`);
    return { contentType: `multipart/form-data; boundary=${boundary}`, body: encoder.encode(parts.join("") + `--${boundary}--\r\n`) };
  });
  const wrong = fc.constantFrom<Body>(
    { contentType: "application/json", body: '{"email":{"$gt":""},"__proto__":{"admin":true}}' },
    { contentType: "application/json", body: "[".repeat(10_000) },
    { contentType: "text/plain", body: "email=a@b.org" },
    { contentType: "multipart/form-data", body: "no boundary" },
    { contentType: "multipart/form-data; boundary=zz", body: "--zz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated" },
    { contentType: "application/x-www-form-urlencoded; charset=utf-16", body: "a=%FF%FE" },
    { contentType: "application/x-www-form-urlencoded", body: "%" },
    { contentType: "application/x-www-form-urlencoded", body: "a=%E0%A4%A" },
  );
  return fc.oneof({ weight: 5, arbitrary: urlencoded }, { weight: 2, arbitrary: multipart }, { weight: 1, arbitrary: wrong });
}
