// Random tiny challenges (≤ 5 proposals × 3 sponsors) solved end to end, checked against the pairing
// rules restated here from the raw input, and against an exhaustive search for the optimum.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { solveBMatching } from "../../../app/rules/match/solver";
import { FIT_FACTORS, pairFit, type FitWeights } from "../../../app/rules/pairing/fit";
import { buildPairingProblem, readPairingSolution, type PairingInput, type PairRef } from "../../../app/rules/pairing/pairing-problem";
import { proposal, sponsor } from "./helpers/factories";

const ORGS = ["o0", "o1", "o2"];
const TAGS = ["AI", "ai", "iot", "open data"];
const KINDS = ["mentoring", "data-access", "cloud-credits"];
const THEMES = ["transport", "health"];

const proposalArb = fc.record({
  orgId: fc.constantFrom(...ORGS),
  // Repeated round scores make ties between pairings common, where an optimum is easiest to miss.
  calibrated: fc.oneof(fc.constantFrom(null, 0, 2.5, 5), fc.double({ min: 0, max: 5, noNaN: true })),
  theme: fc.constantFrom(...THEMES),
  tags: fc.subarray(TAGS),
  trl: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }),
  needs: fc.subarray(KINDS),
  areaIds: fc.subarray([1, 2]),
});

const sponsorArb = fc.record({
  orgId: fc.constantFrom("c0", "c1"),
  capacity: fc.integer({ min: 0, max: 3 }),
  inKind: fc.subarray(KINDS),
  prefThemes: fc.subarray(THEMES),
  prefTags: fc.subarray(TAGS),
  band: fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 })),
  prefAreaIds: fc.subarray([1, 2]),
  excludedOrgIds: fc.subarray(ORGS, { maxLength: 2 }),
});

const pairsArb = (maxLength: number) => fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength });
const weightArb = fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 10, noNaN: true }));

const instanceArb = fc
  .record({
    proposals: fc.array(proposalArb, { maxLength: 5 }),
    sponsors: fc.array(sponsorArb, { maxLength: 3 }),
    exclusions: pairsArb(4),
    declined: pairsArb(4),
    locked: pairsArb(3),
    weights: fc.option(fc.tuple(...FIT_FACTORS.map(() => weightArb)), { nil: null }),
  })
  .map((raw): PairingInput => {
    const P = raw.proposals.length;
    const S = raw.sponsors.length;
    // Out-of-range indices wrap; with nothing to point at, the pair lists are empty.
    const refs = (xs: [number, number][]): PairRef[] => (P && S ? xs.map(([p, s]) => ({ proposalId: `p${p % P}`, sponsorId: `s${s % S}` })) : []);
    const lockedOnce = new Set<string>();
    const weights = raw.weights && raw.weights.some((w) => w > 0) ? (Object.fromEntries(FIT_FACTORS.map((k, i) => [k, raw.weights![i]])) as FitWeights) : undefined;
    return {
      proposals: raw.proposals.map((p, i) => proposal(`p${i}`, p)),
      sponsors: raw.sponsors.map(({ band, ...s }, i) => sponsor(`s${i}`, { ...s, trlMin: Math.min(...band), trlMax: Math.max(...band) })),
      exclusions: refs(raw.exclusions),
      declined: refs(raw.declined),
      // A proposal has one live pairing, so at most one lock; repeats of the same lock are allowed.
      locked: refs(raw.locked).filter((l) => {
        if (lockedOnce.has(l.proposalId)) return false;
        lockedOnce.add(l.proposalId);
        return true;
      }),
      weights,
    };
  });

/** The rules, restated from the raw input. */
function rules(inp: PairingInput) {
  const lockOf = (p: string) => inp.locked.find((l) => l.proposalId === p)?.sponsorId;
  const has = (list: readonly PairRef[], p: string, s: string) => list.some((x) => x.proposalId === p && x.sponsorId === s);
  const room = (s: string) => Math.max(0, inp.sponsors.find((x) => x.id === s)!.capacity - inp.locked.filter((l) => l.sponsorId === s).length);
  const allowed = (p: string, s: string) => {
    const prop = inp.proposals.find((x) => x.id === p)!;
    const spon = inp.sponsors.find((x) => x.id === s)!;
    return lockOf(p) === undefined && !has(inp.exclusions, p, s) && !has(inp.declined, p, s) && !spon.excludedOrgIds.includes(prop.orgId);
  };
  const weight = (p: string, s: string) =>
    Math.round(pairFit(inp.proposals.find((x) => x.id === p)!, inp.sponsors.find((x) => x.id === s)!, inp.weights).fit * 1e6) / 1e6;
  return { lockOf, room, allowed, weight };
}

/** Best (pairs, then total fit) over every way to give each free proposal one sponsor with room, or none. */
function bruteForce(inp: PairingInput) {
  const r = rules(inp);
  const free = inp.proposals.filter((p) => r.lockOf(p.id) === undefined).map((p) => p.id);
  const left = new Map(inp.sponsors.map((s) => [s.id, r.room(s.id)]));
  let best = { count: 0, weight: 0 };
  const visit = (i: number, count: number, weight: number) => {
    if (i === free.length) {
      if (count > best.count || (count === best.count && weight > best.weight)) best = { count, weight };
      return;
    }
    visit(i + 1, count, weight);
    for (const s of inp.sponsors) {
      if (left.get(s.id)! === 0 || !r.allowed(free[i], s.id)) continue;
      left.set(s.id, left.get(s.id)! - 1);
      visit(i + 1, count + 1, weight + r.weight(free[i], s.id));
      left.set(s.id, left.get(s.id)! + 1);
    }
  };
  visit(0, 0, 0);
  return best;
}

function run(inp: PairingInput) {
  return readPairingSolution(inp, solveBMatching(buildPairingProblem(inp)));
}

describe("pairing on random challenges", () => {
  it("pairs only allowed pairs, each proposal once, each sponsor within capacity including locks, and keeps every lock", () => {
    fc.assert(
      fc.property(instanceArb, (inp) => {
        const { pairs } = run(inp);
        const r = rules(inp);
        const seen = new Set<string>();
        for (const p of pairs) {
          expect(seen.has(p.proposalId)).toBe(false);
          seen.add(p.proposalId);
          if (p.locked) expect(r.lockOf(p.proposalId)).toBe(p.sponsorId);
          else expect(r.allowed(p.proposalId, p.sponsorId)).toBe(true);
          expect(p.fit).toBe(r.weight(p.proposalId, p.sponsorId));
        }
        for (const s of inp.sponsors) {
          const fresh = pairs.filter((p) => p.sponsorId === s.id && !p.locked).length;
          expect(fresh).toBeLessThanOrEqual(r.room(s.id));
        }
        const lockedPairs = pairs.filter((p) => p.locked).map((p) => `${p.proposalId}|${p.sponsorId}`);
        expect(lockedPairs.sort()).toEqual(inp.locked.map((l) => `${l.proposalId}|${l.sponsorId}`).sort());
        // Locked pairs come first.
        expect(pairs.map((p) => p.locked)).toEqual(pairs.map((_, i) => i < lockedPairs.length));
      }),
      { numRuns: 300 },
    );
  });

  it("accounts for every proposal exactly once, with honest totals and reasons that match their definitions", () => {
    fc.assert(
      fc.property(instanceArb, (inp) => {
        const result = run(inp);
        const r = rules(inp);
        const ids = [...result.pairs.map((p) => p.proposalId), ...result.unpaired.map((u) => u.proposalId)];
        expect(ids.sort()).toEqual(inp.proposals.map((p) => p.id).sort());
        expect(result.totals).toEqual({
          proposals: inp.proposals.length,
          paired: result.pairs.length,
          unpaired: result.unpaired.length,
          totalFit: expect.closeTo(result.pairs.reduce((a, p) => a + p.fit, 0), 6),
          locked: inp.locked.length,
        });
        const withRoom = inp.sponsors.filter((s) => r.room(s.id) > 0);
        const taken = (s: string) => result.pairs.filter((p) => p.sponsorId === s && !p.locked).length;
        for (const u of result.unpaired) {
          const open = withRoom.filter((s) => r.allowed(u.proposalId, s.id));
          if (withRoom.length === 0) expect(u.reason).toBe("no-eligible-sponsor");
          else if (open.length === 0) expect(u.reason).toBe("excluded");
          else {
            expect(u.reason).toBe("capacity-taken");
            for (const s of open) expect(taken(s.id)).toBe(r.room(s.id));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("pairs as many proposals as possible and, among those pairings, reaches the highest total fit", () => {
    fc.assert(
      fc.property(instanceArb, (inp) => {
        const fresh = run(inp).pairs.filter((p) => !p.locked);
        const best = bruteForce(inp);
        expect(fresh.length).toBe(best.count);
        expect(fresh.reduce((a, p) => a + p.fit, 0)).toBeCloseTo(best.weight, 9);
      }),
      { numRuns: 500 },
    );
  });
});
