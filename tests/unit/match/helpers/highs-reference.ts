// Independent reference: the b-matching LP solved lexicographically by HiGHS (CPLEX LP text).
// The constraint matrix is the incidence matrix of a bipartite graph (totally unimodular), so the
// LP optimum is integral and equals the b-matching optimum.
//   phase 1: maximise Σx                 → K
//   phase 2: Σx = K, maximise Σ w·x      → W
import highsLoader from "highs";
import type { MatchProblem } from "../../../../app/rules/match/types";

type Highs = Awaited<ReturnType<typeof highsLoader>>;
let loaded: Promise<Highs> | undefined;
export const loadHighs = (): Promise<Highs> => (loaded ??= highsLoader());

export interface ReferenceResult {
  matched: number;
  totalWeight: number;
}

const term = (coef: number, name: string): string =>
  `${coef < 0 ? "-" : "+"} ${Math.abs(coef).toPrecision(17)} ${name}`;

export function solveWithHighs(highs: Highs, problem: MatchProblem): ReferenceResult {
  const m = problem.edges.length;
  if (m === 0) return { matched: 0, totalWeight: 0 };
  const byLeft = new Map<string, string[]>();
  const byRight = new Map<string, string[]>();
  problem.edges.forEach((e, k) => {
    (byLeft.get(e.left) ?? byLeft.set(e.left, []).get(e.left)!).push(`x${k}`);
    (byRight.get(e.right) ?? byRight.set(e.right, []).get(e.right)!).push(`x${k}`);
  });
  const rows: string[] = [];
  problem.left.forEach((l, i) => {
    const vars = byLeft.get(l.id);
    if (vars) rows.push(` l${i}: ${vars.join(" + ")} <= ${l.demand}`);
  });
  problem.right.forEach((r, j) => {
    const vars = byRight.get(r.id);
    if (vars) rows.push(` r${j}: ${vars.join(" + ")} <= ${r.capacity}`);
  });
  const all = problem.edges.map((_, k) => `x${k}`);
  const bounds = all.map((x) => ` 0 <= ${x} <= 1`).join("\n");
  const lp = (objective: string, extraRows: string[]) =>
    `Maximize\n obj: ${objective}\nSubject To\n${[...rows, ...extraRows].join("\n")}\nBounds\n${bounds}\nEnd\n`;

  const phase1 = highs.solve(lp(all.join(" + "), []), { output_flag: false });
  if (phase1.Status !== "Optimal") throw new Error(`highs phase 1: ${phase1.Status}`);
  const matched = Math.round(phase1.ObjectiveValue);
  if (matched === 0) return { matched: 0, totalWeight: 0 };

  const weighted = problem.edges.map((e, k) => term(e.weight, `x${k}`)).join(" ");
  const phase2 = highs.solve(lp(weighted, [` card: ${all.join(" + ")} = ${matched}`]), { output_flag: false });
  if (phase2.Status !== "Optimal") throw new Error(`highs phase 2: ${phase2.Status}`);
  return { matched, totalWeight: phase2.ObjectiveValue };
}
