// safeRedirectPath decides on the URL as a browser will resolve it: whatever it returns, resolved against
// any of our pages (and resolved again from where that lands), stays on our origin. Examples of each kind
// of trick, then a property test over strings built from the characters those tricks are made of.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "../../../app/server/http.server";

const OURS = "https://our.example";
/** Pages a redirect may be answered from, and so resolved against. */
const PAGES = [`${OURS}/`, `${OURS}/sign-in?redirectTo=%2F`, `${OURS}/a/b/c`, `${OURS}/a/b/`, `${OURS}//x/y`, `${OURS}/sign-in/two-factor#top`];

function staysHome(result: string) {
  for (const page of PAGES) {
    const first = new URL(result, page);
    expect(first.origin, `${JSON.stringify(result)} from ${page}`).toBe(OURS);
    // Where it lands is a page of ours too: the same string from there stays as well.
    expect(new URL(result, first).origin, `${JSON.stringify(result)} from ${first.href}`).toBe(OURS);
  }
}

describe("safeRedirectPath: the tricks, one by one", () => {
  it.each([
    ["/my/proposals?tab=1", "/my/proposals?tab=1"],
    ["/challenges/abc#apply", "/challenges/abc#apply"],
    ["/a/../my/proposals", "/my/proposals"],
    ["/%0d%0aSet-Cookie:x", "/%0d%0aSet-Cookie:x"],
    ["/%2f/evil.example", "/%2f/evil.example"], // an encoded slash is not a separator: a path of ours
    ["/%5c/evil.example", "/%5c/evil.example"],
  ])("keeps our own path %j as %j", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
    staysHome(expected);
  });

  it.each([
    "//evil.example", "/.//evil.example", "/..//evil.example", "/a/..//evil.example", "/a/b/../..//evil.example",
    "/%2e//evil.example", "/%2E%2e//evil.example", "/./%2e//evil.example", "/.\\/evil.example", "/\\evil.example",
    "\\\\evil.example", "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\t\\evil.example", "\t//evil.example",
    " //evil.example", "https://evil.example/", "HTTPS://evil.example", "hTtP:/evil.example", "https:evil.example",
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "evil.example", "", "/\u0000/evil.example",
  ])("refuses %j", (input) => {
    expect(safeRedirectPath(input)).toBe("/");
    expect(safeRedirectPath(input, "/organisations?notice=signed-up")).toBe("/organisations?notice=signed-up");
  });

  it("refuses what is not a string", () => {
    expect(safeRedirectPath(null)).toBe("/");
    expect(safeRedirectPath(undefined, "/account")).toBe("/account");
  });
});

// Pieces of the tricks: slashes, backslashes, dots and their percent-encodings (the commonest, so that
// runs of them such as "/./" and "/..//" come up often), scheme and authority punctuation, whitespace and
// controls the URL parser drops, and letters.
const DOTS = [".", "..", "%2e", "%2E", "%2e%2e", ".%2E"];
const SLASHES = ["\\", "%2f", "%2F", "%5c", "%5C", "//"];
const OTHERS = [":", "@", "?", "#", "\t", "\n", "\r", " ", "\u0000", "%", "a", "e", "l", "v", "x", "h", "t", "p", "s", "H", "T", "P", "S",
  "evil.example", "http:", "HTTPS:", "javascript:", "\u3002", "\uff0f"];
const unit = fc.oneof(
  { weight: 4, arbitrary: fc.constant("/") },
  { weight: 3, arbitrary: fc.constantFrom(...DOTS) },
  { weight: 2, arbitrary: fc.constantFrom(...SLASHES) },
  { weight: 2, arbitrary: fc.constantFrom(...OTHERS) },
);
const tricky = fc.string({ unit, maxLength: 16 });
const candidates = fc.oneof(tricky, tricky.map((s) => `/${s}`), fc.string({ unit: "binary", maxLength: 40 }));

describe("safeRedirectPath: property", () => {
  it("whatever it returns resolves to our origin from any of our pages, and again from where it lands", () => {
    fc.assert(fc.property(candidates, (input) => {
      const result = safeRedirectPath(input);
      staysHome(result);
    }), { numRuns: 3000 });
  });

  it("returns a normalised path-absolute URL: no scheme, no authority, nothing a Location header cannot carry, stable when checked again", () => {
    fc.assert(fc.property(candidates, (input) => {
      const result = safeRedirectPath(input);
      expect(result.startsWith("/")).toBe(true);
      expect(result.startsWith("//")).toBe(false);
      // eslint-disable-next-line no-control-regex -- no control characters, spaces or backslashes may leave
      expect(result).not.toMatch(/[\u0000-\u0020\u007f\\]/);
      expect(/^[\x21-\x7e]*$/.test(result)).toBe(true);
      expect(safeRedirectPath(result)).toBe(result);
      const url = new URL(result, OURS);
      expect(url.pathname + url.search + url.hash).toBe(result);
    }), { numRuns: 3000 });
  });
});
