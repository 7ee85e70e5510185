// Reference solve with HiGHS (WASM) from the same compact instance: the b-matching LP (integral,
// as the bipartite incidence matrix is totally unimodular) solved lexicographically.
//   phase 1: maximise Σx                          → K
//   phase 2: add row Σx = K, maximise Σ w·x       → W   (warm-started from phase 1's basis)
import highsLoader from "highs";
import type { CompactMatchProblem } from "../../app/rules/match/types";

type Highs = Awaited<ReturnType<typeof highsLoader>>;

export interface HighsOutcome {
  status: "ok" | "time limit" | "error";
  matched: number;
  totalWeight: number;
  ms: number;
  detail?: string;
}

export function solveWithHighs(highs: Highs, p: CompactMatchProblem, timeLimitSeconds: number, extraOptions: Record<string, string | number | boolean> = {}): HighsOutcome {
  const t0 = performance.now();
  const m = p.edgeLeft.length;
  const starts = new Int32Array(m + 1);
  const indices = new Int32Array(2 * m);
  for (let k = 0; k < m; k++) {
    starts[k + 1] = 2 * k + 2;
    indices[2 * k] = p.edgeLeft[k];
    indices[2 * k + 1] = p.leftCount + p.edgeRight[k];
  }
  const rows = p.leftCount + p.rightCount;
  const rowUpper = new Float64Array(rows);
  for (let i = 0; i < p.leftCount; i++) rowUpper[i] = p.demand[i];
  for (let j = 0; j < p.rightCount; j++) rowUpper[p.leftCount + j] = p.capacity[j];
  const model = highs.createModel({
    numCols: m,
    numRows: rows,
    sense: highs.constants.objectiveSense.maximize,
    colCost: new Float64Array(m).fill(1),
    colLower: new Float64Array(m),
    colUpper: new Float64Array(m).fill(1),
    rowLower: new Float64Array(rows),
    rowUpper,
    matrix: { format: "csc", numRows: rows, numCols: m, starts, indices, values: new Float64Array(2 * m).fill(1) },
  });
  try {
    model.options.set({ output_flag: false, time_limit: timeLimitSeconds, ...extraOptions });
    const optimal = highs.constants.modelStatus.optimal;
    const timeLimit = highs.constants.modelStatus.timeLimit;
    const ms = () => performance.now() - t0;
    const failed = (phase: number, status: number): HighsOutcome => ({
      status: status === timeLimit ? "time limit" : "error",
      matched: NaN,
      totalWeight: NaN,
      ms: ms(),
      detail: `phase ${phase} status ${status}`,
    });
    const s1 = model.run().modelStatus;
    if (s1 !== optimal) return failed(1, s1);
    const matched = Math.round(model.getObjectiveValue());
    const all = new Int32Array(m);
    for (let k = 0; k < m; k++) all[k] = k;
    model.addRow(matched, matched, { indices: all, values: new Float64Array(m).fill(1) });
    model.changeColsCost({ kind: "range", from: 0, to: m - 1 }, p.edgeWeight);
    model.options.set({ time_limit: Math.max(1, timeLimitSeconds - ms() / 1000) });
    const s2 = model.run().modelStatus;
    if (s2 !== optimal) return failed(2, s2);
    return { status: "ok", matched, totalWeight: model.getObjectiveValue(), ms: ms() };
  } finally {
    model.dispose();
  }
}
