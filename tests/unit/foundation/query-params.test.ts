// parseQuery: the one way a loader reads its query string (app/server/query-params.server.ts).
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { oneOf, parseQuery, redirectToParams, searchText, slugParam, wholeNumber } from "../../../app/server/query-params.server";

const schema = z.object({
  page: wholeNumber(1, 100).default(1),
  theme: z.array(slugParam).max(3).default([]),
  area: slugParam.optional(),
  status: oneOf(["open", "closed"]).default("open"),
  q: searchText(10).optional(),
});
const parse = (qs: string) => parseQuery(new URL(`http://localhost/x?${qs}`), schema);

describe("parseQuery", () => {
  it("reads good values, a list from every value of its name and a single value from the first", () => {
    expect(parse("page=3&theme=climate&theme=ageing&area=camden&area=hackney&status=closed&q=%20river%20")).toEqual({
      value: { page: 3, theme: ["climate", "ageing"], area: "camden", status: "closed", q: "river" },
      problems: [],
    });
  });

  it("gives the defaults when nothing is given, and treats an empty value as absent", () => {
    const expected = { value: { page: 1, theme: [], area: undefined, status: "open", q: undefined }, problems: [] };
    expect(parse("")).toEqual(expected);
    expect(parse("page=&theme=&area=&status=&q=")).toEqual(expected);
  });

  it("reads a bad value as if absent, and says what was wrong with each, in the schema's order", () => {
    const { value, problems } = parse("q=" + "x".repeat(11) + "&status=draft&area=Camden%20Town&theme=climate&theme=Bad!&page=abc");
    expect(value).toEqual({ page: 1, theme: [], area: undefined, status: "open", q: undefined });
    expect(problems).toEqual([
      "page must be a whole number from 1 to 100",
      'theme must be a slug such as "climate" or "camden"',
      'area must be a slug such as "climate" or "camden"',
      "status must be one of: open, closed",
      "q must be 10 characters or fewer",
    ]);
  });

  it("takes whole numbers written in digits only, within their range", () => {
    for (const bad of ["0", "101", "-1", "1.5", "1e2", "0x10", " 2", "abc", "Infinity"]) {
      expect(parse(`page=${encodeURIComponent(bad)}`), bad).toEqual(expect.objectContaining({ value: expect.objectContaining({ page: 1 }), problems: ["page must be a whole number from 1 to 100"] }));
    }
    expect(parse("page=100").value.page).toBe(100);
  });

  it("reads only its own fields: prototype names and other parameters are not looked at", () => {
    expect(parse("status=constructor&__proto__=1&toString=x&other=y")).toEqual({
      value: { page: 1, theme: [], area: undefined, status: "open", q: undefined },
      problems: ["status must be one of: open, closed"],
    });
  });

  it("refuses a schema with a field that needs a value: that is a mistake of ours, not of the visitor", () => {
    expect(() => parseQuery(new URL("http://localhost/x?n=a"), z.object({ n: z.string().regex(/^\d+$/) }))).toThrow(/needs a value/);
  });

  it("takes the request's URL", () => {
    expect(parseQuery(new Request("http://localhost/x?page=2"), schema).value.page).toBe(2);
  });

  it("?redirectTo= is a path on this site, or the fallback", () => {
    const read = (qs: string) => parseQuery(new URL(`http://localhost/sign-in?${qs}`), redirectToParams("/home")).value.redirectTo;
    expect(read("redirectTo=%2Fmy%2Fproposals%3Fa%3D1")).toBe("/my/proposals?a=1");
    for (const bad of ["", "redirectTo=", "redirectTo=https%3A%2F%2Fevil.example", "redirectTo=%2F%2Fevil.example", "redirectTo=%2F%5Cevil"]) expect(read(bad), bad).toBe("/home");
  });
});
