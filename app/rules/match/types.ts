// Public shapes of the assignment problem (capacitated bipartite b-matching).
// Two forms share one solver core: the id-based form matches the CLI's JSON contract; the compact
// form (indices + typed arrays) lets in-process callers with millions of edges skip per-edge objects.

export interface LeftNode {
  id: string;
  /** How many partners this node wants (>= 0, integer). */
  demand: number;
}

export interface RightNode {
  id: string;
  /** How many partners this node can take (>= 0, integer). */
  capacity: number;
}

export interface Edge {
  left: string;
  right: string;
  /** Affinity of the pair; any finite number, negative and zero included. */
  weight: number;
}

export interface MatchProblem {
  left: LeftNode[];
  right: RightNode[];
  /** Allowed pairs only; a pair that is absent is forbidden. */
  edges: Edge[];
}

export interface MatchPair {
  left: string;
  right: string;
}

export interface MatchSolution {
  /** Sorted by left input order, then right input order. */
  pairs: MatchPair[];
  matched: number;
  /** Sum of the original weights of the chosen pairs. */
  totalWeight: number;
}

/** Index form: left nodes are 0..leftCount-1, right nodes 0..rightCount-1, edge k joins edgeLeft[k]–edgeRight[k]. */
export interface CompactMatchProblem {
  leftCount: number;
  rightCount: number;
  demand: ArrayLike<number>;
  capacity: ArrayLike<number>;
  edgeLeft: Int32Array;
  edgeRight: Int32Array;
  edgeWeight: Float64Array;
}

export interface CompactMatchSolution {
  /** Indices of the chosen edges, sorted by (left index, right index). */
  edges: Int32Array;
  matched: number;
  totalWeight: number;
  /** Weight quantum used internally; the answer is optimal for weights rounded to multiples of it. */
  quantum: number;
  /** Network simplex pivots performed (diagnostics). */
  pivots: number;
}
