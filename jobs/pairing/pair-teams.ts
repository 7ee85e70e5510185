// The "pair teams" job: for one challenge, or for every challenge of the round at once, pairs shortlisted
// proposals with accepted sponsors (at most one sponsor each, sponsors within capacity, exclusions never),
// exactly, and writes the pairs with their explanations in one transaction. Locked pairs, and pairs
// already published and not declined, are kept; declined places are re-paired.
import { sql } from "kysely";
import type { DB } from "../../db/client";
import { solveBMatching } from "../../app/rules/match/solver";
import type { RunContext } from "../runs";
import type { PairingProposal, PairingSponsor } from "../../app/rules/pairing/fit";
import { buildPairingProblem, readPairingSolution, type PairingInput, type PairingResult } from "../../app/rules/pairing/pairing-problem";
import { readPairingWeights } from "../../app/server/pairing/weights.server";

/** Challenges in scope: the run's challenge, or (a round run) every shortlisted challenge with accepted sponsors. */
async function challengesInScope(db: DB, challengeId: string): Promise<string[]> {
  if (challengeId) return [challengeId];
  const rows = await db.selectFrom("challenges").select("id")
    .where("status", "in", ["shortlisted", "paired"])
    .where(({ exists, selectFrom }) => exists(selectFrom("sponsorships").select("id").whereRef("sponsorships.challenge_id", "=", "challenges.id").where("status", "=", "accepted")))
    .orderBy("id").execute();
  return rows.map((r) => r.id);
}

export async function loadPairingInputs(db: DB, challengeIds: string[]): Promise<Map<string, PairingInput>> {
  const inputs = new Map<string, PairingInput>();
  if (challengeIds.length === 0) return inputs;
  const [proposals, areas, sponsors, exclusions, existing] = await Promise.all([
    db.selectFrom("proposals").innerJoin("challenges", "challenges.id", "proposals.challenge_id").innerJoin("themes", "themes.id", "challenges.theme_id")
      .leftJoin("proposal_scores", "proposal_scores.proposal_id", "proposals.id")
      .select(["proposals.id", "proposals.challenge_id", "proposals.org_id", "proposals.tags", "proposals.trl", "proposals.needs", "themes.slug as theme", "proposal_scores.calibrated"])
      .where("proposals.challenge_id", "in", challengeIds).where("proposals.status", "in", ["shortlisted", "paired"])
      .orderBy("proposals.challenge_id").orderBy("proposal_scores.rank").orderBy("proposals.id").execute(),
    db.selectFrom("challenge_areas").select(["challenge_id", "area_id"]).where("challenge_id", "in", challengeIds).execute(),
    db.selectFrom("sponsorships").selectAll().where("challenge_id", "in", challengeIds).where("status", "=", "accepted").orderBy("created_at").orderBy("id").execute(),
    db.selectFrom("pairing_exclusions").innerJoin("sponsorships", "sponsorships.id", "pairing_exclusions.sponsorship_id")
      .select(["pairing_exclusions.proposal_id", "pairing_exclusions.sponsorship_id", "sponsorships.challenge_id"])
      .where("sponsorships.challenge_id", "in", challengeIds).execute(),
    db.selectFrom("pairings").select(["challenge_id", "proposal_id", "sponsorship_id", "status", "locked"]).where("challenge_id", "in", challengeIds).execute(),
  ]);
  const weights = await readPairingWeights(db);
  for (const id of challengeIds) inputs.set(id, { proposals: [], sponsors: [], exclusions: [], declined: [], locked: [], weights });
  const areaIds = new Map<string, number[]>();
  for (const a of areas) areaIds.set(a.challenge_id, [...(areaIds.get(a.challenge_id) ?? []), a.area_id]);
  for (const p of proposals) {
    (inputs.get(p.challenge_id)!.proposals as PairingProposal[]).push({
      id: p.id, orgId: p.org_id, calibrated: p.calibrated, theme: p.theme, tags: p.tags, trl: p.trl, needs: p.needs, areaIds: areaIds.get(p.challenge_id) ?? [],
    });
  }
  for (const s of sponsors) {
    (inputs.get(s.challenge_id)!.sponsors as PairingSponsor[]).push({
      id: s.id, orgId: s.org_id, capacity: s.capacity, inKind: s.in_kind, prefThemes: s.pref_themes, prefTags: s.pref_tags,
      trlMin: s.trl_min, trlMax: s.trl_max, prefAreaIds: s.pref_area_ids, excludedOrgIds: s.excluded_org_ids,
    });
  }
  for (const e of exclusions) (inputs.get(e.challenge_id)!.exclusions as { proposalId: string; sponsorId: string }[]).push({ proposalId: e.proposal_id, sponsorId: e.sponsorship_id });
  for (const p of existing) {
    const input = inputs.get(p.challenge_id)!;
    const ref = { proposalId: p.proposal_id, sponsorId: p.sponsorship_id };
    // Kept as they are: locked by the owner, or already published (and not declined) or a team.
    if (p.status === "declined") (input.declined as typeof ref[]).push(ref);
    else if (p.locked || p.status === "published" || p.status === "team") (input.locked as typeof ref[]).push(ref);
  }
  // A kept pair whose sponsorship is no longer accepted cannot stay: drop it from the locks.
  for (const input of inputs.values()) {
    const sponsorIds = new Set(input.sponsors.map((s) => s.id));
    const proposalIds = new Set(input.proposals.map((p) => p.id));
    (input as { locked: typeof input.locked }).locked = input.locked.filter((l) => sponsorIds.has(l.sponsorId) && proposalIds.has(l.proposalId));
  }
  return inputs;
}

export interface PairingTimings {
  loadMs: number;
  solveMs: number;
  writeMs: number;
}

export async function pairTeams(db: DB, ctx: RunContext): Promise<PairingTimings> {
  const t0 = performance.now();
  await ctx.progress(10, "Reading shortlists, sponsors, exclusions and locked pairs");
  const challengeIds = await challengesInScope(db, ctx.challengeId);
  const inputs = await loadPairingInputs(db, challengeIds);
  const t1 = performance.now();
  await ctx.progress(40, "Solving the pairing");
  const results = new Map<string, PairingResult>();
  for (const [id, input] of inputs) results.set(id, readPairingSolution(input, solveBMatching(buildPairingProblem(input))));
  const t2 = performance.now();
  await ctx.progress(80, "Saving the pairs");
  const summary = [...results].map(([challengeId, r]) => ({ challengeId, ...r.totals, unpaired: r.unpaired }));
  await ctx.complete(async (tx) => {
    if (challengeIds.length === 0) return;
    // Unlocked proposals from an earlier run are re-decided; kept pairs stay as they are.
    await tx.deleteFrom("pairings").where("challenge_id", "in", challengeIds).where("status", "=", "proposed").where("locked", "=", false).execute();
    const rows = [...results].flatMap(([challengeId, r]) =>
      r.pairs.filter((p) => !p.locked).map((p) => ({
        challenge_id: challengeId, proposal_id: p.proposalId, sponsorship_id: p.sponsorId, run_id: ctx.runId, fit: p.fit,
        explanation: sql`cast(${JSON.stringify({ factors: p.factors, shares: p.shares })}::text as jsonb)`,
      })));
    for (let i = 0; i < rows.length; i += 1000) {
      await tx.insertInto("pairings").values(rows.slice(i, i + 1000))
        .onConflict((oc) => oc.columns(["proposal_id", "sponsorship_id"]).doNothing()).execute();
    }
  }, { challenges: summary });
  const t3 = performance.now();
  return { loadMs: t1 - t0, solveMs: t2 - t1, writeMs: t3 - t2 };
}
