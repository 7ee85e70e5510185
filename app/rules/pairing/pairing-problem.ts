// Pure: turns a challenge's shortlist, sponsors, exclusions, declines and locked pairings into the
// b-matching problem for the solver (each proposal at most one sponsor, each sponsor at most its
// capacity), and reads the solver's answer back as explained pairings and reasons for the unpaired.
import type { MatchProblem, MatchSolution } from "../match/solver";
import { DEFAULT_FIT_WEIGHTS, normaliseWeights, pairFit, type FitWeights, type PairFit, type PairingProposal, type PairingSponsor } from "./fit";

export interface PairRef {
  proposalId: string;
  sponsorId: string;
}

export interface PairingInput {
  proposals: readonly PairingProposal[];
  sponsors: readonly PairingSponsor[];
  /** Pairs the programme ruled out. */
  exclusions: readonly PairRef[];
  /** Pairs the start-up or the sponsor said no to: never offered again. */
  declined: readonly PairRef[];
  /**
   * Pairings kept as they are: the proposal is done and the pair uses one of the sponsor's places.
   * A lock overrides exclusions, declines and the sponsor's excluded organisations (it is the later,
   * explicit decision), and is kept even when locks exceed the sponsor's capacity.
   * Both ends must be in the input and a proposal can be locked to one sponsor only (RangeError
   * otherwise): a lock we cannot report must be resolved by the caller, not dropped silently.
   */
  locked: readonly PairRef[];
  weights?: FitWeights;
}

export interface Pairing extends PairFit {
  proposalId: string;
  sponsorId: string;
  locked: boolean;
}

/**
 * Why a proposal (never a locked one) got no sponsor. "Room" = sponsor places left after locks.
 * - "no-eligible-sponsor": no sponsor has room at all (no sponsors, or every place is locked or 0).
 * - "excluded": some sponsor has room, but every sponsor with room is ruled out for this proposal
 *   by an exclusion, a decline or the sponsor excluding its organisation.
 * - "capacity-taken": the proposal had at least one allowed sponsor with room, and the optimum gave
 *   those places to other proposals. (As the solver maximises the number of pairs first, every such
 *   sponsor is then full.)
 */
export type UnpairedReason = "no-eligible-sponsor" | "excluded" | "capacity-taken";

export interface Unpaired {
  proposalId: string;
  reason: UnpairedReason;
}

export interface PairingResult {
  /** Locked pairings first (in proposal order), then the solver's new ones (in its order). */
  pairs: Pairing[];
  /** In proposal order. */
  unpaired: Unpaired[];
  /** totalFit sums every listed pair's fit, locked ones included. */
  totals: { proposals: number; paired: number; unpaired: number; totalFit: number; locked: number };
}

export function buildPairingProblem(input: PairingInput): MatchProblem {
  const plan = planPairing(input);
  return {
    left: input.proposals.filter((p) => !plan.lockedTo.has(p.id)).map((p) => ({ id: p.id, demand: 1 })),
    right: input.sponsors.map((s) => ({ id: s.id, capacity: plan.room.get(s.id)! })),
    edges: [...plan.offers.values()].map((o) => ({ left: o.proposalId, right: o.sponsorId, weight: o.fit })),
  };
}

export function readPairingSolution(input: PairingInput, solution: MatchSolution): PairingResult {
  const plan = planPairing(input);
  const pairs: Pairing[] = [];
  const paired = new Set<string>();
  for (const p of input.proposals) {
    const sponsor = plan.lockedTo.get(p.id);
    if (sponsor === undefined) continue;
    pairs.push({ proposalId: p.id, sponsorId: sponsor, ...fitOf(p, plan.sponsors.get(sponsor)!, plan.weights), locked: true });
    paired.add(p.id);
  }
  // Guards before anything is saved: a pair the rules forbid or a sponsor over capacity is a bug upstream.
  const used = new Map<string, number>();
  for (const { left, right } of solution.pairs) {
    const offer = plan.offers.get(pairKey(left, right));
    if (offer === undefined) throw new RangeError(`solution pairs ${left} with ${right}, which is not an allowed pair`);
    if (paired.has(left)) throw new RangeError(`solution pairs ${left} twice`);
    used.set(right, (used.get(right) ?? 0) + 1);
    if (used.get(right)! > plan.room.get(right)!) throw new RangeError(`solution exceeds the capacity of ${right}`);
    pairs.push(offer);
    paired.add(left);
  }
  const anyRoom = [...plan.room.values()].some((c) => c > 0);
  const unpaired: Unpaired[] = input.proposals
    .filter((p) => !paired.has(p.id))
    .map((p) => ({
      proposalId: p.id,
      reason: !anyRoom ? "no-eligible-sponsor" : plan.offered.has(p.id) ? "capacity-taken" : "excluded",
    }));
  const totalFit = roundFit(pairs.reduce((sum, p) => sum + p.fit, 0));
  return {
    pairs,
    unpaired,
    totals: { proposals: input.proposals.length, paired: pairs.length, unpaired: unpaired.length, totalFit, locked: plan.lockedTo.size },
  };
}

interface Plan {
  weights: FitWeights;
  sponsors: Map<string, PairingSponsor>;
  /** proposalId → sponsorId of its lock. */
  lockedTo: Map<string, string>;
  /** sponsorId → places left after locks (>= 0). */
  room: Map<string, number>;
  /** Every allowed new pair (the problem's edges), keyed by pairKey, in proposal then sponsor order. */
  offers: Map<string, Pairing>;
  /** Proposals with at least one offer. */
  offered: Set<string>;
}

// Computed the same way for building and reading so the two can never disagree on what was allowed.
function planPairing(input: PairingInput): Plan {
  const weights = normaliseWeights(input.weights ?? DEFAULT_FIT_WEIGHTS);
  const proposals = byId(input.proposals, "proposal");
  const sponsors = byId(input.sponsors, "sponsor");
  const lockedTo = new Map<string, string>();
  for (const { proposalId, sponsorId } of input.locked) {
    if (!proposals.has(proposalId)) throw new RangeError(`locked pair ${proposalId}–${sponsorId}: unknown proposal`);
    if (!sponsors.has(sponsorId)) throw new RangeError(`locked pair ${proposalId}–${sponsorId}: unknown sponsor`);
    const other = lockedTo.get(proposalId);
    if (other !== undefined && other !== sponsorId) throw new RangeError(`proposal ${proposalId} is locked to both ${other} and ${sponsorId}`);
    lockedTo.set(proposalId, sponsorId);
  }
  const room = new Map(input.sponsors.map((s) => [s.id, s.capacity]));
  for (const sponsorId of lockedTo.values()) room.set(sponsorId, room.get(sponsorId)! - 1);
  for (const [id, c] of room) room.set(id, Math.max(0, c));

  const ruledOut = new Set([...input.exclusions, ...input.declined].map((x) => pairKey(x.proposalId, x.sponsorId)));
  const offers = new Map<string, Pairing>();
  const offered = new Set<string>();
  for (const p of input.proposals) {
    if (lockedTo.has(p.id)) continue;
    for (const s of input.sponsors) {
      // A sponsor without room gets no edges: they could never be used, and leaving them out lets
      // "capacity-taken" mean that places were actually competed for.
      if (room.get(s.id)! <= 0 || ruledOut.has(pairKey(p.id, s.id)) || s.excludedOrgIds.includes(p.orgId)) continue;
      offers.set(pairKey(p.id, s.id), { proposalId: p.id, sponsorId: s.id, ...fitOf(p, s, weights), locked: false });
      offered.add(p.id);
    }
  }
  return { weights, sponsors, lockedTo, room, offers, offered };
}

/** The fit rounded to 1e-6, so equal-looking fits are equal and the solver's choice between them is stable. */
function fitOf(p: PairingProposal, s: PairingSponsor, weights: FitWeights): PairFit {
  const f = pairFit(p, s, weights);
  return { ...f, fit: roundFit(f.fit) };
}

const roundFit = (x: number) => Math.round(x * 1e6) / 1e6;
// "|" cannot be confused with a hyphen inside a uuid or slug.
const pairKey = (proposalId: string, sponsorId: string) => `${proposalId}|${sponsorId}`;

function byId<T extends { id: string }>(items: readonly T[], what: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (map.has(item.id)) throw new RangeError(`duplicate ${what} id ${item.id}`);
    map.set(item.id, item);
  }
  return map;
}
