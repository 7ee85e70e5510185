// Primal network simplex for a minimum-cost circulation whose arc costs are lexicographic pairs
// (primary, secondary). Pairs let one solve optimise "first the primary total, then the secondary
// total" exactly, with no big-M: the simplex only adds, subtracts and compares costs, and pairs
// under lexicographic order form an ordered group, so every step stays valid.
//
// Exactness: both cost components must be integers stored in doubles. A potential is the sum of
// costs along its tree path to the root (fewer than nodeCount arcs), and every intermediate value
// (reduced costs, potential shifts) is a sum of at most 2·nodeCount + 1 costs, so all arithmetic is
// exact integer arithmetic while (2·nodeCount + 2)·max|cost| <= 2^53 (quantize.ts guarantees it).
//
// Structure follows the classic spanning-tree implementation (as in LEMON's NetworkSimplex):
// thread / reverse-thread / subtree-size tree indices, strongly feasible trees (Cunningham's
// leaving-arc rule, which prevents cycling on degenerate pivots) and block-search pricing.
// Everything lives in typed arrays; nothing is allocated per pivot.

const STATE_UPPER = -1;
const STATE_TREE = 0;
const STATE_LOWER = 1;
const DIR_UP = 1;
const DIR_DOWN = -1;
/** Capacity of the artificial arcs; real capacities must be smaller. */
export const INFINITE_CAPACITY = 0x7fffffff;

export class NetworkSimplex {
  readonly nodeCount: number;
  readonly arcCount: number;
  /** Arc endpoints, capacity and costs; filled by the caller for arcs 0..arcCount-1 before run(). */
  readonly source: Int32Array;
  readonly target: Int32Array;
  readonly capacity: Int32Array;
  /** Small integers (int8): only the cardinality tier uses them. */
  readonly primaryCost: Int8Array;
  readonly secondaryCost: Float64Array;
  /** Flow per arc after run(). */
  readonly flow: Int32Array;
  pivots = 0;

  private readonly state: Int8Array;
  /** Node potentials (the dual solution), interleaved: [2u] primary, [2u + 1] secondary. */
  readonly pi: Float64Array;
  private readonly parent: Int32Array;
  private readonly pred: Int32Array;
  private readonly predDir: Int8Array;
  private readonly thread: Int32Array;
  private readonly revThread: Int32Array;
  private readonly succNum: Int32Array;
  private readonly lastSucc: Int32Array;
  private readonly dirtyRevs: Int32Array;
  private readonly root: number;
  private readonly blockSize: number;
  private nextArc = 0;

  // Current pivot.
  private inArc = 0;
  private join = 0;
  private uIn = 0;
  private vIn = 0;
  private uOut = 0;
  private delta = 0;

  constructor(nodeCount: number, arcCount: number) {
    this.nodeCount = nodeCount;
    this.arcCount = arcCount;
    // One artificial arc per node (to an extra root node) forms the initial spanning tree.
    const allArcs = arcCount + nodeCount;
    const allNodes = nodeCount + 1;
    this.source = new Int32Array(allArcs);
    this.target = new Int32Array(allArcs);
    this.capacity = new Int32Array(allArcs);
    this.primaryCost = new Int8Array(allArcs);
    this.secondaryCost = new Float64Array(allArcs);
    this.flow = new Int32Array(allArcs);
    this.state = new Int8Array(allArcs);
    this.pi = new Float64Array(2 * allNodes);
    this.parent = new Int32Array(allNodes);
    this.pred = new Int32Array(allNodes);
    this.predDir = new Int8Array(allNodes);
    this.thread = new Int32Array(allNodes);
    this.revThread = new Int32Array(allNodes);
    this.succNum = new Int32Array(allNodes);
    this.lastSucc = new Int32Array(allNodes);
    this.dirtyRevs = new Int32Array(allNodes + 1);
    this.root = nodeCount;
    // sqrt(m) blocks balance pricing cost per pivot against pivot quality (LEMON's default).
    this.blockSize = Math.max(10, Math.floor(Math.sqrt(arcCount)));
  }

  /** Sets arc e. Costs must be integers; capacity in [0, INFINITE_CAPACITY). */
  setArc(e: number, from: number, to: number, capacity: number, primary: number, secondary: number): void {
    this.source[e] = from;
    this.target[e] = to;
    this.capacity[e] = capacity;
    this.primaryCost[e] = primary;
    this.secondaryCost[e] = secondary;
  }

  /** Finds a minimum-cost circulation (all supplies zero); the zero flow is feasible. */
  run(): void {
    this.init();
    while (this.findEnteringArc()) {
      this.pivots++;
      this.findJoinNode();
      const change = this.findLeavingArc();
      if (this.delta >= INFINITE_CAPACITY) throw new Error("network simplex: unbounded circulation");
      this.changeFlow(change);
      if (change) {
        this.updateTreeStructure();
        this.updatePotential();
      }
    }
  }

  private init(): void {
    const n = this.nodeCount;
    const m = this.arcCount;
    const root = this.root;
    this.flow.fill(0);
    this.state.fill(STATE_LOWER, 0, m);
    this.parent[root] = -1;
    this.pred[root] = -1;
    this.thread[root] = 0;
    this.revThread[0] = root;
    this.succNum[root] = n + 1;
    this.lastSucc[root] = root - 1;
    this.pi.fill(0);
    // Every node hangs off the root by an artificial arc u -> root with zero flow and cost. With all
    // supplies zero the root has no outgoing arc, so these arcs can never carry flow.
    for (let u = 0, e = m; u < n; u++, e++) {
      this.parent[u] = root;
      this.pred[u] = e;
      this.thread[u] = u + 1;
      this.revThread[u + 1] = u;
      this.succNum[u] = 1;
      this.lastSucc[u] = u;
      this.predDir[u] = DIR_UP;
      this.source[e] = u;
      this.target[e] = root;
      this.capacity[e] = INFINITE_CAPACITY;
      this.primaryCost[e] = 0;
      this.secondaryCost[e] = 0;
      this.state[e] = STATE_TREE;
    }
  }

  /**
   * Block search: scan arcs cyclically in blocks, and enter the arc with the lexicographically most
   * negative reduced cost in the first block that has any. Reduced cost = cost + pi[from] - pi[to],
   * signed by state so that "negative" means "improving" for arcs at either bound.
   */
  private findEnteringArc(): boolean {
    const { state, source, target, primaryCost, secondaryCost, pi, arcCount: m } = this;
    let min1 = 0;
    let min2 = 0;
    let best = -1;
    let cnt = this.blockSize;
    let e = this.nextArc;
    for (let k = 0; k < m; k++) {
      const st = state[e];
      if (st !== STATE_TREE) {
        const s = 2 * source[e];
        const t = 2 * target[e];
        const c1 = st * (primaryCost[e] + pi[s] - pi[t]);
        if (c1 <= min1) {
          const c2 = st * (secondaryCost[e] + pi[s + 1] - pi[t + 1]);
          if (c1 < min1 || c2 < min2) {
            min1 = c1;
            min2 = c2;
            best = e;
          }
        }
      }
      if (++e === m) e = 0;
      if (--cnt === 0) {
        if (best >= 0) break;
        cnt = this.blockSize;
      }
    }
    if (best < 0) return false;
    this.inArc = best;
    this.nextArc = e;
    return true;
  }

  private findJoinNode(): void {
    const { parent, succNum } = this;
    let u = this.source[this.inArc];
    let v = this.target[this.inArc];
    while (u !== v) {
      if (succNum[u] < succNum[v]) u = parent[u];
      else v = parent[v];
    }
    this.join = u;
  }

  /**
   * Finds the blocking arc on the cycle closed by the entering arc. Ties go to the last blocking
   * arc met when walking the cycle in flow direction from the join node: this keeps the tree
   * strongly feasible and rules out cycling. Returns false when the entering arc blocks itself.
   */
  private findLeavingArc(): boolean {
    const { parent, pred, predDir, flow, capacity, join } = this;
    const inArc = this.inArc;
    let first: number;
    let second: number;
    if (this.state[inArc] === STATE_LOWER) {
      first = this.source[inArc];
      second = this.target[inArc];
    } else {
      first = this.target[inArc];
      second = this.source[inArc];
    }
    let delta = capacity[inArc];
    let result = 0;
    for (let u = first; u !== join; u = parent[u]) {
      const e = pred[u];
      let d = flow[e];
      if (predDir[u] === DIR_DOWN) {
        const c = capacity[e];
        d = c >= INFINITE_CAPACITY ? INFINITE_CAPACITY : c - d;
      }
      if (d < delta) {
        delta = d;
        this.uOut = u;
        result = 1;
      }
    }
    for (let u = second; u !== join; u = parent[u]) {
      const e = pred[u];
      let d = flow[e];
      if (predDir[u] === DIR_UP) {
        const c = capacity[e];
        d = c >= INFINITE_CAPACITY ? INFINITE_CAPACITY : c - d;
      }
      if (d <= delta) {
        delta = d;
        this.uOut = u;
        result = 2;
      }
    }
    if (result === 1) {
      this.uIn = first;
      this.vIn = second;
    } else {
      this.uIn = second;
      this.vIn = first;
    }
    this.delta = delta;
    return result !== 0;
  }

  private changeFlow(change: boolean): void {
    const { parent, pred, predDir, flow, state, join } = this;
    const inArc = this.inArc;
    if (this.delta > 0) {
      const val = state[inArc] * this.delta;
      flow[inArc] += val;
      for (let u = this.source[inArc]; u !== join; u = parent[u]) flow[pred[u]] -= predDir[u] * val;
      for (let u = this.target[inArc]; u !== join; u = parent[u]) flow[pred[u]] += predDir[u] * val;
    }
    if (change) {
      state[inArc] = STATE_TREE;
      const out = pred[this.uOut];
      state[out] = flow[out] === 0 ? STATE_LOWER : STATE_UPPER;
    } else {
      state[inArc] = -state[inArc];
    }
  }

  /**
   * Re-hangs the subtree cut off by the leaving arc under the entering arc, reversing the "stem"
   * path from u_in to u_out, and repairs thread, reverse thread, last successor and subtree sizes.
   */
  private updateTreeStructure(): void {
    const { parent, pred, predDir, thread, revThread, succNum, lastSucc, dirtyRevs } = this;
    const { uIn, vIn, uOut, join, inArc } = this;
    const oldRevThread = revThread[uOut];
    const oldSuccNum = succNum[uOut];
    const oldLastSucc = lastSucc[uOut];
    const vOut = parent[uOut];

    if (uIn === uOut) {
      parent[uIn] = vIn;
      pred[uIn] = inArc;
      predDir[uIn] = uIn === this.source[inArc] ? DIR_UP : DIR_DOWN;
      // Move the subtree of u_in right after v_in in the thread order.
      if (thread[vIn] !== uOut) {
        let after = thread[oldLastSucc];
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
        after = thread[vIn];
        thread[vIn] = uOut;
        revThread[uOut] = vIn;
        thread[oldLastSucc] = after;
        revThread[after] = oldLastSucc;
      }
    } else {
      // When the subtree of u_out directly follows v_in in the thread, the thread continues after it.
      const threadContinue = oldRevThread === vIn ? thread[oldLastSucc] : thread[vIn];

      // Walk the stem from u_in up to u_out, splicing each stem node's remaining subtree after the
      // previous one and reversing parent pointers.
      let stem = uIn;
      let parStem = vIn;
      let last = lastSucc[uIn];
      let after = thread[last];
      let dirty = 0;
      thread[vIn] = uIn;
      dirtyRevs[dirty++] = vIn;
      while (stem !== uOut) {
        const nextStem = parent[stem];
        thread[last] = nextStem;
        dirtyRevs[dirty++] = last;
        // Cut the subtree of stem out of the thread list.
        const before = revThread[stem];
        thread[before] = after;
        revThread[after] = before;
        parent[stem] = parStem;
        parStem = stem;
        stem = nextStem;
        last = lastSucc[stem] === lastSucc[parStem] ? revThread[parStem] : lastSucc[stem];
        after = thread[last];
      }
      parent[uOut] = parStem;
      thread[last] = threadContinue;
      revThread[threadContinue] = last;
      lastSucc[uOut] = last;

      if (oldRevThread !== vIn) {
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
      }
      for (let i = 0; i < dirty; i++) {
        const u = dirtyRevs[i];
        revThread[thread[u]] = u;
      }

      // Shift pred / predDir one step down the stem and recompute subtree sizes along it.
      let tmpSc = 0;
      const tmpLs = lastSucc[uOut];
      for (let u = uOut, p = parent[u]; u !== uIn; u = p, p = parent[u]) {
        pred[u] = pred[p];
        predDir[u] = -predDir[p];
        tmpSc += succNum[u] - succNum[p];
        succNum[u] = tmpSc;
        lastSucc[p] = tmpLs;
      }
      pred[uIn] = inArc;
      predDir[uIn] = uIn === this.source[inArc] ? DIR_UP : DIR_DOWN;
      succNum[uIn] = oldSuccNum;
    }

    // Repair last successors on the path from v_in to the root, then from v_out to the root.
    const upLimitOut = lastSucc[join] === vIn ? join : -1;
    const lastSuccOut = lastSucc[uOut];
    for (let u = vIn; u !== -1 && lastSucc[u] === vIn; u = parent[u]) lastSucc[u] = lastSuccOut;
    if (join !== oldRevThread && vIn !== oldRevThread) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]) lastSucc[u] = oldRevThread;
    } else if (lastSuccOut !== oldLastSucc) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]) lastSucc[u] = lastSuccOut;
    }

    for (let u = vIn; u !== join; u = parent[u]) succNum[u] += oldSuccNum;
    for (let u = vOut; u !== join; u = parent[u]) succNum[u] -= oldSuccNum;
  }

  /** Shifts potentials of the moved subtree so the entering arc gets zero reduced cost. */
  private updatePotential(): void {
    const { pi, thread, uIn, vIn, inArc } = this;
    const dir = this.predDir[uIn];
    const sigma1 = pi[2 * vIn] - pi[2 * uIn] - dir * this.primaryCost[inArc];
    const sigma2 = pi[2 * vIn + 1] - pi[2 * uIn + 1] - dir * this.secondaryCost[inArc];
    const end = thread[this.lastSucc[uIn]];
    for (let u = uIn; u !== end; u = thread[u]) {
      pi[2 * u] += sigma1;
      pi[2 * u + 1] += sigma2;
    }
  }
}
