// What an organisation's API token reads (decision 038): the same things, by the same rules, as its members
// read in the service, and never more. Every query takes the token's organisation and filters on it, so a
// token can only name its own organisation's data: proposals to its challenges only once a challenge has
// closed (sealed.server), scores only once feedback is released, organisations by name and never people.
import { sql } from "kysely";
import { db } from "../connections.server";
import { effectiveStatusSql } from "../challenges/queries.server";
import { rankedProposals } from "../judging/results.server";
import { listTeamPilots } from "../pilots/queries.server";
import type { OrgChallengeRow, OrgPilotRow, OrgProposalRow, OrgScoreRow } from "./schemas.server";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function orgChallenges(orgId: string): Promise<OrgChallengeRow[]> {
  const rows = await db().selectFrom("challenges").innerJoin("themes", "themes.id", "challenges.theme_id")
    .select(["challenges.id", "challenges.title", "challenges.summary", "themes.name as theme", effectiveStatusSql.as("status"),
      "challenges.funding_kind", "challenges.funding_gbp", "challenges.opens_at", "challenges.closes_at"])
    .select((eb) => eb.selectFrom("proposals").select(sql<string>`count(*)`.as("n")).whereRef("proposals.challenge_id", "=", "challenges.id")
      .where("proposals.status", "not in", ["draft", "withdrawn"]).as("submitted"))
    .where("challenges.org_id", "=", orgId)
    .orderBy("challenges.closes_at", "desc").orderBy("challenges.id").execute();
  return rows.map((r) => ({
    id: r.id, title: r.title, summary: r.summary, theme: r.theme, status: r.status, funding_kind: r.funding_kind, funding_gbp: r.funding_gbp,
    opens_at: r.opens_at.toISOString(), closes_at: r.closes_at.toISOString(), submitted_proposals: Number(r.submitted ?? 0),
  }));
}

/** Its own proposals (drafts included: they are its own), and those submitted to its challenges once each has closed. */
export async function orgProposals(orgId: string): Promise<OrgProposalRow[]> {
  const rows = await db().selectFrom("proposals")
    .innerJoin("challenges", "challenges.id", "proposals.challenge_id")
    .innerJoin("organisations", "organisations.id", "proposals.org_id")
    .select(["proposals.id", "proposals.reference", "proposals.title", "proposals.status", "proposals.challenge_id", "challenges.title as challenge_title",
      "organisations.name as applicant_organisation", "proposals.submitted_at", "proposals.org_id"])
    .where((eb) => eb.or([
      eb("proposals.org_id", "=", orgId),
      eb.and([
        eb("challenges.org_id", "=", orgId),
        eb("challenges.closes_at", "<=", sql<Date>`now()`),
        eb("proposals.status", "not in", ["draft", "withdrawn"]),
      ]),
    ]))
    .orderBy("proposals.submitted_at", "desc").orderBy("proposals.id").execute();
  return rows.map(({ org_id, submitted_at, ...r }) => ({ ...r, submitted_at: iso(submitted_at), relation: org_id === orgId ? "own" as const : "to_own_challenge" as const }));
}

/** Released results: every ranked proposal of its challenges whose feedback is out, and its own proposals' where theirs is. */
export async function orgScores(orgId: string): Promise<OrgScoreRow[]> {
  const challenges = await db().selectFrom("challenges").select(["challenges.id", "challenges.org_id"])
    .where("challenges.feedback_released_at", "is not", null)
    .where((eb) => eb.or([
      eb("challenges.org_id", "=", orgId),
      eb.exists(eb.selectFrom("proposals").select("proposals.id").whereRef("proposals.challenge_id", "=", "challenges.id").where("proposals.org_id", "=", orgId)),
    ]))
    .orderBy("challenges.closes_at", "desc").orderBy("challenges.id").execute();
  const ownProposalIds = new Set((await db().selectFrom("proposals").select("id").where("org_id", "=", orgId).execute()).map((p) => p.id));
  const out: OrgScoreRow[] = [];
  // A few challenges per organisation: one ranking each, by the one rule the results page uses.
  for (const c of challenges) {
    const ranked = await rankedProposals(c.id);
    for (const r of ranked) {
      const own = ownProposalIds.has(r.id);
      // A start-up sees its own row of another body's ranking, never its rivals'.
      if (c.org_id !== orgId && !own) continue;
      out.push({
        challenge_id: c.id, proposal_id: r.id, proposal_title: r.title, applicant_organisation: r.org_name, rank: r.rank, ranked: ranked.length,
        basis: r.basis, score: r.score, raw: r.raw, calibrated: r.calibrated, passes_thresholds: r.passes, relation: own ? "own" : "to_own_challenge",
      });
    }
  }
  return out;
}

/** Pilots whose team includes the organisation, drafts included, with the status derived as their pages show it. */
export async function orgPilots(orgId: string): Promise<OrgPilotRow[]> {
  const pilots = await listTeamPilots({ memberships: [{ orgId }] });
  return pilots.map((p) => ({
    id: p.id, title: p.title, challenge_id: p.challengeId, challenge_title: p.challengeTitle,
    stage: p.status, status: p.health, starts_on: p.startsOn, ends_on: p.endsOn,
    public_body: p.team.publicBody.name, startup: p.team.startup.name, sponsor_organisation: p.team.corporate.name,
    role: p.team.publicBody.id === orgId ? "public_body" : p.team.startup.id === orgId ? "startup" : "corporate",
  }));
}
