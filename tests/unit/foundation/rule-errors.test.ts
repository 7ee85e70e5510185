// One way for a command to refuse: RuleError, turned into field errors by withRuleErrors.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RuleError, withRuleErrors } from "~/server/rule-error.server";

async function body(res: unknown) {
  expect(res).toBeInstanceOf(Response);
  const r = res as Response;
  return { status: r.status, data: await r.json() };
}

describe("withRuleErrors", () => {
  it("returns what the command returns when no rule is broken", async () => {
    expect(await withRuleErrors(async () => "done")).toBe("done");
  });

  it("puts a rule's message next to the field it names, keeping what was typed", async () => {
    const res = await withRuleErrors(async () => { throw new RuleError("The deadline has passed", "closesAt"); }, { values: { title: "Cleaner air", password: "x" }, field: "form" });
    const { status, data } = await body(res);
    expect(status).toBe(400);
    expect(data.errors.fields).toEqual({ closesAt: "The deadline has passed" });
    expect(data.errors.summary).toEqual([{ text: "The deadline has passed", href: "#closesAt" }]);
    expect(data.errors.values).toEqual({ title: "Cleaner air" });
    expect(data).not.toHaveProperty("part");
  });

  it("uses the page's field for a rule that names none, and says which part of the page it is for", async () => {
    const res = await withRuleErrors(async () => { throw new RuleError("Choose a file"); }, { field: "file", part: "attachments" });
    const { data } = await body(res);
    expect(data.errors.fields).toEqual({ file: "Choose a file" });
    expect(data.part).toBe("attachments");
  });

  it("lets every other error through (a fault is not a rule)", async () => {
    await expect(withRuleErrors(async () => { throw new TypeError("boom"); })).rejects.toThrow(TypeError);
    const thrown = new Response(null, { status: 404 });
    await expect(withRuleErrors(async () => { throw thrown; })).rejects.toBe(thrown);
  });
});

describe("the area modules", () => {
  const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });

  // Refusals of a malformed request (over a limit, an unreadable upload, a bad query parameter, a file past
  // the size its storage was told to take) are not business rules: they never reach a form's fields.
  const REQUEST_REFUSALS = ["InputRefused", "UploadRefused", "BadParam", "StoredFileTooLarge"];

  it("declare no error class of their own: a refusal of a rule is a RuleError", () => {
    const own = files("app/server").filter((f) => !f.endsWith("rule-error.server.ts"))
      .flatMap((f) => [...readFileSync(f, "utf8").matchAll(/class (\w+) extends Error\b/g)].map((m) => m[1]))
      .filter((name) => !REQUEST_REFUSALS.includes(name));
    expect(own).toEqual([]);
  });

  it("are not caught by hand in routes: withRuleErrors turns them into field errors", () => {
    const byHand = files("app/routes").filter((f) => /instanceof \w*(Rule)?Error\b/.test(readFileSync(f, "utf8")))
      .filter((f) => !f.endsWith("challenges.$id.apply.tsx"));
    expect(byHand).toEqual([]);
  });
});
