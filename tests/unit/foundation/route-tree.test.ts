// Remix flat routes nest `a.b.tsx` inside `a.tsx` when both exist; a parent without <Outlet /> then hides
// its children's pages (their loaders still run, so route tests alone would not notice).
import { readdirSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";

it("every route module that has child routes renders an <Outlet />", () => {
  const dir = new URL("../../../app/routes/", import.meta.url);
  const files = readdirSync(dir).filter((f) => /\.(tsx?|jsx?)$/.test(f));
  const ids = files.map((f) => f.replace(/\.(tsx?|jsx?)$/, ""));
  const parentsWithoutOutlet = ids.filter((id) => {
    const hasChildren = ids.some((other) => other.startsWith(`${id}.`));
    if (!hasChildren) return false;
    const source = readFileSync(new URL(files[ids.indexOf(id)]!, dir), "utf8");
    return !source.includes("<Outlet");
  });
  expect(parentsWithoutOutlet).toEqual([]);
});
