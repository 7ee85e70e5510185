// Optimality certificate, checked independently of how the simplex got there: a circulation is
// minimum-cost iff some node potentials make every arc's reduced cost c + pi[from] - pi[to]
//   >= 0 where the arc could still carry more flow, and <= 0 where it carries flow
// (complementary slackness). For lexicographic costs the comparisons are lexicographic: this is
// the same as the scalar condition for cost c1·M + c2 with M large enough. Integer arithmetic,
// so the check is exact. O(nodes + arcs).
import type { NetworkSimplex } from "./network-simplex";

/** Returns null when flow and potentials prove optimality, otherwise what is wrong. */
export function checkOptimality(ns: NetworkSimplex): string | null {
  const { source, target, capacity, flow, primaryCost, secondaryCost, pi, arcCount, nodeCount } = ns;
  const net = new Float64Array(nodeCount);
  for (let e = 0; e < arcCount; e++) {
    const f = flow[e];
    if (f < 0 || f > capacity[e]) return `arc ${e}: flow ${f} outside [0, ${capacity[e]}]`;
    const s = source[e];
    const t = target[e];
    net[s] -= f;
    net[t] += f;
    const r1 = primaryCost[e] + pi[2 * s] - pi[2 * t];
    const r2 = secondaryCost[e] + pi[2 * s + 1] - pi[2 * t + 1];
    const negative = r1 < 0 || (r1 === 0 && r2 < 0);
    const positive = r1 > 0 || (r1 === 0 && r2 > 0);
    if (negative && f < capacity[e]) return `arc ${e}: negative reduced cost with spare capacity`;
    if (positive && f > 0) return `arc ${e}: positive reduced cost carrying flow`;
  }
  for (let u = 0; u < nodeCount; u++) if (net[u] !== 0) return `node ${u}: flow not conserved`;
  return null;
}
