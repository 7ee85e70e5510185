// Seeded dense reviewer-assignment instances in compact form (no per-edge objects):
// every proposal needs k judges, judge capacities are uniform in [capMin, capMax], a fraction of
// pairs is forbidden (conflicts of interest) and every other pair is an edge with weight U[0, 1).
import { seededRandom } from "../../app/lib/seeded-random";
import type { CompactMatchProblem } from "../../app/rules/match/types";

export interface InstanceSpec {
  proposals: number;
  judges: number;
  demand?: number;
  capMin?: number;
  capMax?: number;
  conflictRate?: number;
  seed?: number;
}

export function denseInstance(spec: InstanceSpec): CompactMatchProblem {
  const { proposals: nL, judges: nR, demand = 3, capMin = 15, capMax = 25, conflictRate = 0.02, seed = 1 } = spec;
  const random = seededRandom(seed);
  const capacity = new Int32Array(nR);
  for (let j = 0; j < nR; j++) capacity[j] = random.int(capMin, capMax);
  const max = nL * nR;
  const edgeLeft = new Int32Array(max);
  const edgeRight = new Int32Array(max);
  const edgeWeight = new Float64Array(max);
  let m = 0;
  for (let i = 0; i < nL; i++) {
    for (let j = 0; j < nR; j++) {
      if (random.next() < conflictRate) continue;
      edgeLeft[m] = i;
      edgeRight[m] = j;
      edgeWeight[m] = random.next();
      m++;
    }
  }
  return {
    leftCount: nL,
    rightCount: nR,
    demand: new Int32Array(nL).fill(demand),
    capacity,
    edgeLeft: edgeLeft.subarray(0, m),
    edgeRight: edgeRight.subarray(0, m),
    edgeWeight: edgeWeight.subarray(0, m),
  };
}
