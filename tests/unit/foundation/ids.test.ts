// One id parser: the URL's, the form's and zod's readings of an id agree, for any string.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { idField, isUuid } from "~/lib/ids";
import { requireFormId, requireId } from "~/server/ids.server";

const status = (f: () => unknown): number | "ok" => {
  try {
    f();
    return "ok";
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
};

const anyId = fc.oneof(fc.uuid(), fc.uuid().map((u) => u.toUpperCase()), fc.string(), fc.string({ unit: "binary" }),
  fc.uuid().map((u) => ` ${u}`), fc.uuid().map((u) => `${u}/..`), fc.uuid().map((u) => u.replace(/-/g, "")), fc.uuid().map((u) => `{${u}}`));

describe("ids", () => {
  it("agree between the URL (404), the form (400) and zod (field error), and come back in lower case", () => {
    fc.assert(fc.property(anyId, (value) => {
      const valid = isUuid(value);
      expect(status(() => requireId(value))).toBe(valid ? "ok" : 404);
      const form = new FormData();
      form.set("id", value);
      expect(status(() => requireFormId(form, "id"))).toBe(valid ? "ok" : 400);
      const parsed = idField().safeParse(value);
      expect(parsed.success).toBe(valid);
      if (valid) {
        expect(requireId(value)).toBe(value.toLowerCase());
        expect(parsed.data).toBe(value.toLowerCase());
      }
    }), { numRuns: 2000 });
  });

  it("refuses a missing form field and undefined route parameters", () => {
    expect(status(() => requireFormId(new FormData(), "id"))).toBe(400);
    expect(status(() => requireId(undefined))).toBe(404);
    expect(idField("Select a judge").safeParse(undefined).error?.issues[0]?.message).toBe("Select a judge");
  });

  it("are read nowhere else: no zod .uuid() (stricter than our ids) and no second UUID pattern", () => {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
    });
    const elsewhere = [...files("app"), ...files("jobs")].filter((f) => !f.endsWith(join("lib", "ids.ts")))
      .filter((f) => /\.uuid\(|\[0-9a-f\]\{8\}-/.test(readFileSync(f, "utf8")));
    expect(elsewhere).toEqual([]);
  });
});
