// Builds the circulation network for a compact b-matching problem.
//
//   S -> left i     capacity demand_i (clamped to i's degree)      cost (0, 0)
//   left i -> right j   capacity 1 per allowed pair                cost (0, -weight as integer)
//   right j -> T    capacity capacity_j (clamped to j's degree)    cost (0, 0)
//   T -> S          capacity min(total demand, total capacity)     cost (-1, 0)
//
// Every unit circulating through T -> S is one matched pair, so minimising the lexicographic cost
// (primary, secondary) maximises cardinality first and weight second, exactly. Clamping to degree
// changes nothing (a node cannot use more pairs than it has edges) and keeps capacities in int32.
import { NetworkSimplex } from "./network-simplex";
import type { Quantizer } from "./quantize";
import type { CompactMatchProblem } from "./types";

export interface MatchNetwork {
  simplex: NetworkSimplex;
  /** Arc index of each input edge (arcs are stored in a mixed order, see below). */
  arcOfEdge: Int32Array;
  /** Arc index of T -> S; its flow is the number of matched pairs. */
  returnArc: number;
}

export function buildNetwork(p: CompactMatchProblem, quantizer: Quantizer): MatchNetwork {
  const { leftCount: nL, rightCount: nR, edgeLeft, edgeRight, edgeWeight } = p;
  const m = edgeLeft.length;
  const S = nL + nR;
  const T = S + 1;
  const nodeCount = nL + nR + 2;
  const arcCount = m + nL + nR + 1;

  const degree = new Int32Array(nL + nR);
  for (let k = 0; k < m; k++) {
    degree[edgeLeft[k]]++;
    degree[nL + edgeRight[k]]++;
  }

  const ns = new NetworkSimplex(nodeCount, arcCount);
  // Arc mixing (as in LEMON): logical arc i goes to slot i·skip mod-ish, so each pricing block
  // samples arcs from all over the graph instead of one node's neighbourhood. Bijective by
  // construction: slots are filled column by column of a skip-wide grid.
  const skip = Math.max(3, Math.floor(arcCount / nodeCount));
  let slot = 0;
  let column = 0;
  const nextSlot = (): number => {
    const s = slot;
    slot += skip;
    if (slot >= arcCount) slot = ++column;
    return s;
  };

  const arcOfEdge = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const a = nextSlot();
    arcOfEdge[k] = a;
    ns.setArc(a, edgeLeft[k], nL + edgeRight[k], 1, 0, -quantizer.toInteger(edgeWeight[k]));
  }
  let totalDemand = 0;
  for (let i = 0; i < nL; i++) {
    const d = Math.min(p.demand[i], degree[i]);
    totalDemand += d;
    ns.setArc(nextSlot(), S, i, d, 0, 0);
  }
  let totalCapacity = 0;
  for (let j = 0; j < nR; j++) {
    const c = Math.min(p.capacity[j], degree[nL + j]);
    totalCapacity += c;
    ns.setArc(nextSlot(), nL + j, T, c, 0, 0);
  }
  const returnArc = nextSlot();
  ns.setArc(returnArc, T, S, Math.min(totalDemand, totalCapacity), -1, 0);
  return { simplex: ns, arcOfEdge, returnArc };
}
