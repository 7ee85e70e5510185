// Exact capacitated bipartite matching (b-matching): maximum number of pairs first, then maximum
// total weight among those. Pure: no I/O. See graph.ts for the network, quantize.ts for how float
// weights become exact integer costs, network-simplex.ts for the algorithm.
import { checkOptimality } from "./certificate";
import { buildNetwork } from "./graph";
import { makeQuantizer } from "./quantize";
import type { CompactMatchProblem, CompactMatchSolution, MatchProblem, MatchSolution } from "./types";
import { MatchInputError, validateCompactProblem } from "./validate";

export type * from "./types";
export { MatchInputError, parseMatchProblem } from "./validate";

/** Core solver over the compact (index + typed array) form; validates its input first. */
export function solveCompact(problem: CompactMatchProblem): CompactMatchSolution {
  validateCompactProblem(problem);
  const { edgeLeft, edgeRight, edgeWeight } = problem;
  const nodeCount = problem.leftCount + problem.rightCount + 2;
  const quantizer = makeQuantizer(edgeWeight, nodeCount);
  const { simplex, arcOfEdge, returnArc } = buildNetwork(problem, quantizer);
  simplex.run();
  // Cheap (one pass over the arcs) proof that the answer is optimal; a failure would be a bug.
  const defect = checkOptimality(simplex);
  if (defect !== null) throw new Error(`internal error: solution failed its optimality check (${defect})`);

  const flow = simplex.flow;
  const matched = flow[returnArc];
  const chosen = new Int32Array(matched);
  let n = 0;
  for (let k = 0; k < arcOfEdge.length; k++) {
    if (flow[arcOfEdge[k]] === 1) chosen[n++] = k;
  }
  if (n !== matched) throw new Error(`internal error: ${n} pairs carry flow but ${matched} units circulate`);
  chosen.sort((a, b) => edgeLeft[a] - edgeLeft[b] || edgeRight[a] - edgeRight[b]);
  return {
    edges: chosen,
    matched,
    totalWeight: sumWeights(edgeWeight, chosen),
    quantum: quantizer.quantum,
    pivots: simplex.pivots,
  };
}

/** Solves the id-based form (as produced by parseMatchProblem). */
export function solveBMatching(problem: MatchProblem): MatchSolution {
  const leftIndex = indexIds(problem.left, "left");
  const rightIndex = indexIds(problem.right, "right");
  const m = problem.edges.length;
  const edgeLeft = new Int32Array(m);
  const edgeRight = new Int32Array(m);
  const edgeWeight = new Float64Array(m);
  problem.edges.forEach((e, k) => {
    const l = leftIndex.get(e.left);
    if (l === undefined) throw new MatchInputError(`edge ${k}: unknown left id ${JSON.stringify(e.left)}`);
    const r = rightIndex.get(e.right);
    if (r === undefined) throw new MatchInputError(`edge ${k}: unknown right id ${JSON.stringify(e.right)}`);
    edgeLeft[k] = l;
    edgeRight[k] = r;
    edgeWeight[k] = e.weight;
  });
  const solution = solveCompact({
    leftCount: problem.left.length,
    rightCount: problem.right.length,
    demand: problem.left.map((x) => x.demand),
    capacity: problem.right.map((x) => x.capacity),
    edgeLeft,
    edgeRight,
    edgeWeight,
  });
  const pairs = Array.from(solution.edges, (k) => ({ left: problem.edges[k].left, right: problem.edges[k].right }));
  return { pairs, matched: solution.matched, totalWeight: solution.totalWeight };
}

function indexIds(nodes: readonly { id: string }[], side: string): Map<string, number> {
  const index = new Map<string, number>();
  nodes.forEach((node, i) => {
    if (index.has(node.id)) throw new MatchInputError(`${side} ${i} ("${node.id}"): duplicate ${side} id`);
    index.set(node.id, i);
  });
  return index;
}

/** Neumaier-compensated sum, so the reported total does not drift with the number of pairs. */
function sumWeights(weights: Float64Array, chosen: Int32Array): number {
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < chosen.length; i++) {
    const w = weights[chosen[i]];
    const t = sum + w;
    comp += Math.abs(sum) >= Math.abs(w) ? sum - t + w : w - t + sum;
    sum = t;
  }
  return sum + comp;
}
