// Pure: turns a challenge's panel, proposals, conflicts and the reviews that must stay into the
// b-matching problem for the solver, and reads the solver's answer back as assignments and shortfalls.
import type { MatchProblem, MatchSolution } from "../match/solver";

export interface PanelProposal {
  id: string;
  orgId: string;
}

export interface PanelJudge {
  id: string;
  capacity: number;
  /** Organisations the judge is a member of: conflicted with their proposals automatically. */
  memberOrgIds: readonly string[];
}

export interface Conflict {
  judgeId: string;
  orgId?: string | null;
  proposalId?: string | null;
}

export interface ExistingReview {
  proposalId: string;
  judgeId: string;
  /** Kept reviews count toward demand and capacity; recused pairs are never assigned again. */
  kind: "kept" | "recused";
}

export interface AssignmentInput {
  reviewsPerProposal: number;
  proposals: readonly PanelProposal[];
  judges: readonly PanelJudge[];
  conflicts: readonly Conflict[];
  existing: readonly ExistingReview[];
  /** Affinity of judge j for proposal p, in [0, 1]. */
  affinity: (proposalIndex: number, judgeIndex: number) => number;
}

export interface Shortfall {
  proposalId: string;
  needed: number;
  assigned: number;
  missing: number;
}

export function isConflicted(judge: PanelJudge, proposal: PanelProposal, conflicts: ReadonlySet<string>): boolean {
  return (
    judge.memberOrgIds.includes(proposal.orgId) ||
    conflicts.has(`${judge.id}|org|${proposal.orgId}`) ||
    conflicts.has(`${judge.id}|proposal|${proposal.id}`)
  );
}

export function conflictKeys(conflicts: readonly Conflict[]): Set<string> {
  const keys = new Set<string>();
  for (const c of conflicts) {
    if (c.orgId) keys.add(`${c.judgeId}|org|${c.orgId}`);
    if (c.proposalId) keys.add(`${c.judgeId}|proposal|${c.proposalId}`);
  }
  return keys;
}

export function buildAssignmentProblem(input: AssignmentInput): MatchProblem {
  const conflicts = conflictKeys(input.conflicts);
  const kept = new Map<string, number>();
  const load = new Map<string, number>();
  const taken = new Set<string>();
  for (const r of input.existing) {
    taken.add(`${r.proposalId}|${r.judgeId}`);
    if (r.kind === "kept") {
      kept.set(r.proposalId, (kept.get(r.proposalId) ?? 0) + 1);
      load.set(r.judgeId, (load.get(r.judgeId) ?? 0) + 1);
    }
  }
  const problem: MatchProblem = {
    left: input.proposals.map((p) => ({ id: p.id, demand: Math.max(0, input.reviewsPerProposal - (kept.get(p.id) ?? 0)) })),
    right: input.judges.map((j) => ({ id: j.id, capacity: Math.max(0, j.capacity - (load.get(j.id) ?? 0)) })),
    edges: [],
  };
  input.proposals.forEach((p, pi) => {
    input.judges.forEach((j, ji) => {
      if (taken.has(`${p.id}|${j.id}`) || isConflicted(j, p, conflicts)) return;
      problem.edges.push({ left: p.id, right: j.id, weight: input.affinity(pi, ji) });
    });
  });
  return problem;
}

/** Which proposals still lack judges after the solver, and by how many. */
export function shortfalls(input: AssignmentInput, solution: MatchSolution): Shortfall[] {
  const got = new Map<string, number>();
  for (const r of input.existing) if (r.kind === "kept") got.set(r.proposalId, (got.get(r.proposalId) ?? 0) + 1);
  for (const pair of solution.pairs) got.set(pair.left, (got.get(pair.left) ?? 0) + 1);
  return input.proposals
    .map((p) => ({ proposalId: p.id, needed: input.reviewsPerProposal, assigned: got.get(p.id) ?? 0, missing: input.reviewsPerProposal - (got.get(p.id) ?? 0) }))
    .filter((s) => s.missing > 0);
}
