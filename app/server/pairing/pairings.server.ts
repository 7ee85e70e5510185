// Pairings after the job has proposed them: the owner's locks, exclusions and publication, and the
// start-up's and sponsor's answers. When both accept, the team and its draft pilot are created together.
import { sql } from "kysely";
import { audit, auditChallengeChange, type ManagedRef } from "../audit.server";
import { pastDeadlineSql } from "../challenges/sealed.server";
import { db } from "../connections.server";
import { inKindNamesOf } from "../vocabulary.server";
import { readPairingWeights, savePairingWeights } from "./weights.server";
import type { FitWeights } from "../../rules/pairing/fit";
import { notifyPairingPublished, notifyPartnerResponse } from "./pairing-notices.server";
import { notifyFollowers } from "../residents/follows.server";
import { RuleError } from "../rule-error.server";
import { requestProgrammeRollup } from "../dashboards/rollup-request.server";
import { pairingPublishedEvents } from "../webhooks/events.server";

/** The pilot of the team a pairing formed (null until both accept), so every view of a formed team links to it. */
const pilotIdSql = sql<string | null>`(SELECT pilots.id FROM teams JOIN pilots ON pilots.team_id = teams.id WHERE teams.pairing_id = pairings.id)`;

/** The weights the next pairing run will use. */
export function currentPairingWeights(): Promise<FitWeights> {
  return readPairingWeights(db());
}

/** The programme office's weights for the next pairing run, with their audit row. */
export async function setPairingWeights(request: Request, weights: FitWeights, userId: string) {
  await db().transaction().execute(async (tx) => {
    await savePairingWeights(tx, weights, userId);
    await audit(tx, request, { action: "pairing.updated", detail: { intent: "weights" } });
  });
}

/** The challenge's pairs; none before the challenge closes (sealed.server). */
export function listPairs(challengeId: string) {
  return db().selectFrom("pairings")
    .innerJoin("challenges", "challenges.id", "pairings.challenge_id")
    .innerJoin("proposals", "proposals.id", "pairings.proposal_id")
    .innerJoin("organisations as startup", "startup.id", "proposals.org_id")
    .innerJoin("sponsorships", "sponsorships.id", "pairings.sponsorship_id")
    .innerJoin("organisations as sponsor", "sponsor.id", "sponsorships.org_id")
    .select(["pairings.id", "pairings.fit", "pairings.explanation", "pairings.locked", "pairings.status", "pairings.startup_response",
      "pairings.sponsor_response", "proposals.id as proposal_id", "proposals.title", "startup.name as startup_name", "sponsor.name as sponsor_name",
      pilotIdSql.as("pilot_id")])
    .where("pairings.challenge_id", "=", challengeId).where(pastDeadlineSql)
    .orderBy(sql`pairings.status = 'declined'`).orderBy("pairings.fit", "desc").execute();
}

export function proposalTitles(challengeId: string) {
  return db().selectFrom("proposals").innerJoin("challenges", "challenges.id", "proposals.challenge_id")
    .select(["proposals.id", "proposals.title"]).where("proposals.challenge_id", "=", challengeId).where(pastDeadlineSql).execute();
}

export async function setLocked(request: Request, { challengeId, orgId, pairingId, locked }: ManagedRef & { pairingId: string; locked: boolean }) {
  await db().transaction().execute(async (tx) => {
    const r = await tx.updateTable("pairings").set({ locked, updated_at: sql`now()` })
      .where("id", "=", pairingId).where("challenge_id", "=", challengeId).where("status", "in", ["proposed", "published"]).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new RuleError("That pair can no longer be locked or unlocked");
    await auditChallengeChange(tx, request, "pairing.updated", { challengeId, orgId }, locked ? "lock" : "unlock");
  });
}

/** Rules a pair out for good; the proposal is re-paired on the next run. */
export async function excludePair(request: Request, { challengeId, orgId, pairingId, userId }: ManagedRef & { pairingId: string; userId: string }) {
  await db().transaction().execute(async (tx) => {
    const p = await tx.selectFrom("pairings").select(["proposal_id", "sponsorship_id", "status"])
      .where("id", "=", pairingId).where("challenge_id", "=", challengeId).forUpdate().executeTakeFirst();
    if (!p || p.status !== "proposed") throw new RuleError("Only a pair that has not been published can be excluded");
    await tx.insertInto("pairing_exclusions").values({ proposal_id: p.proposal_id, sponsorship_id: p.sponsorship_id, created_by: userId })
      .onConflict((oc) => oc.columns(["proposal_id", "sponsorship_id"]).doNothing()).execute();
    await tx.deleteFrom("pairings").where("id", "=", pairingId).execute();
    await auditChallengeChange(tx, request, "pairing.updated", { challengeId, orgId }, "exclude");
  });
}

/** How many pairs the owner has ruled out for this challenge's proposals (they never come back). */
export async function countExclusions(challengeId: string): Promise<number> {
  const { n } = await db().selectFrom("pairing_exclusions").innerJoin("proposals", "proposals.id", "pairing_exclusions.proposal_id")
    .select(sql<number>`count(*)::int`.as("n")).where("proposals.challenge_id", "=", challengeId).executeTakeFirstOrThrow();
  return n;
}

/** Publishing offers every proposed pair to its start-up and sponsor, who are told in the same transaction. Returns the pairs published. */
export async function publishPairing(request: Request, { challengeId, orgId }: ManagedRef) {
  return db().transaction().execute(async (tx) => {
    const published = await tx.updateTable("pairings").set({ status: "published", updated_at: sql`now()` })
      .where("challenge_id", "=", challengeId).where("status", "=", "proposed").returning(["id", "proposal_id", "sponsorship_id"]).execute();
    await tx.updateTable("challenges").set({ pairing_published_at: sql`coalesce(pairing_published_at, now())`, updated_at: sql`now()` })
      .where("id", "=", challengeId).execute();
    await notifyPairingPublished(tx, published.map((p) => p.id));
    await pairingPublishedEvents(tx, published.map((p) => p.id));
    if (published.length > 0) {
      // Residents following the challenge hear that its teams are proposed (decision 035): once, on the first publication.
      const { title } = await tx.selectFrom("challenges").select("title").where("id", "=", challengeId).executeTakeFirstOrThrow();
      await notifyFollowers(tx, {
        challengeId, key: `pairing-published:${challengeId}`, path: `/challenges/${challengeId}`,
        subject: `Challenge news: ${title}`,
        body: `The challenge "${title}" has matched its best proposals with sponsors. The teams can now plan their pilots.`,
      });
    }
    await auditChallengeChange(tx, request, "pairing.updated", { challengeId, orgId }, "publish");
    return published;
  });
}

export type Side = "startup" | "sponsor";
export type AnswerResult = { ok: true; teamId: string | null; declined: boolean } | { ok: false };

/**
 * One side answers a published pairing, in one transaction: the permission (the organisation acting must
 * be that side's; anything else is "not found"), the answer, its audit row and the notice to the other
 * side. A decline frees the place; two acceptances form the team (public body + start-up + corporate) and
 * a draft pilot. If any of it cannot be written, none of it is.
 */
export async function answerPairing(request: Request, { pairingId, side, orgId, accept }: { pairingId: string; side: Side; orgId: string; accept: boolean }): Promise<AnswerResult> {
  const result = await db().transaction().execute(async (tx): Promise<AnswerResult> => {
    const p = await tx.selectFrom("pairings")
      .innerJoin("proposals", "proposals.id", "pairings.proposal_id")
      .innerJoin("sponsorships", "sponsorships.id", "pairings.sponsorship_id")
      .innerJoin("challenges", "challenges.id", "pairings.challenge_id")
      .select(["pairings.id", "pairings.status", "pairings.startup_response", "pairings.sponsor_response", "pairings.challenge_id",
        "proposals.id as proposal_id", "proposals.org_id as startup_org_id", "proposals.title", "sponsorships.id as sponsorship_id",
        "sponsorships.org_id as sponsor_org_id", "challenges.org_id as public_org_id", "challenges.title as challenge_title"])
      .where("pairings.id", "=", pairingId).forUpdate("pairings").executeTakeFirst();
    if (!p || (side === "startup" ? p.startup_org_id : p.sponsor_org_id) !== orgId) return { ok: false };
    if (p.status !== "published") throw new RuleError("This partnership is no longer waiting for an answer");
    const startup = side === "startup" ? (accept ? "accepted" : "declined") : p.startup_response;
    const sponsor = side === "sponsor" ? (accept ? "accepted" : "declined") : p.sponsor_response;
    const declined = startup === "declined" || sponsor === "declined";
    const formed = startup === "accepted" && sponsor === "accepted";
    await tx.updateTable("pairings").set({
      startup_response: startup, sponsor_response: sponsor, status: declined ? "declined" : formed ? "team" : "published", updated_at: sql`now()`,
    }).where("id", "=", p.id).execute();
    let teamId: string | null = null;
    if (formed) {
      const team = await tx.insertInto("teams").values({
        challenge_id: p.challenge_id, pairing_id: p.id, proposal_id: p.proposal_id,
        public_org_id: p.public_org_id, startup_org_id: p.startup_org_id, corporate_org_id: p.sponsor_org_id,
      }).returning("id").executeTakeFirstOrThrow();
      await tx.insertInto("pilots").values({ team_id: team.id, title: p.title }).execute();
      await tx.updateTable("proposals").set({ status: "paired", updated_at: sql`now()` }).where("id", "=", p.proposal_id).execute();
      await tx.updateTable("challenges").set({ status: "paired", updated_at: sql`now()` }).where("id", "=", p.challenge_id).where("status", "=", "shortlisted").execute();
      teamId = team.id;
    }
    await audit(tx, request, { action: "pairing.answered", subject: { type: "pairing", id: p.id, orgId }, detail: { side, accept } });
    await notifyPartnerResponse(tx, p, side, accept);
    return { ok: true, teamId, declined };
  });
  if (result.ok) await requestProgrammeRollup();
  return result;
}

/** The published pairing offered to this start-up's proposal, if any. */
export function pairingForStartup({ proposalId, orgId }: { proposalId: string; orgId: string }) {
  return db().selectFrom("pairings")
    .innerJoin("proposals", "proposals.id", "pairings.proposal_id")
    .innerJoin("sponsorships", "sponsorships.id", "pairings.sponsorship_id")
    .innerJoin("organisations as sponsor", "sponsor.id", "sponsorships.org_id")
    .select(["pairings.id", "pairings.status", "pairings.startup_response", "pairings.sponsor_response", "sponsor.name as sponsor_name",
      "sponsorships.funding_gbp", inKindNamesOf("sponsorships.in_kind").as("in_kind"), pilotIdSql.as("pilot_id")])
    .where("pairings.proposal_id", "=", proposalId).where("proposals.org_id", "=", orgId)
    .where("pairings.status", "in", ["published", "team"]).executeTakeFirst();
}

/** Published pairings of this sponsorship, for the corporate. */
export function pairingsForSponsor({ sponsorshipId, orgId }: { sponsorshipId: string; orgId: string }) {
  return db().selectFrom("pairings")
    .innerJoin("sponsorships", "sponsorships.id", "pairings.sponsorship_id")
    .innerJoin("proposals", "proposals.id", "pairings.proposal_id")
    .innerJoin("organisations as startup", "startup.id", "proposals.org_id")
    .select(["pairings.id", "pairings.status", "pairings.startup_response", "pairings.sponsor_response", "pairings.fit",
      "proposals.id as proposal_id", "proposals.title", "startup.name as startup_name", pilotIdSql.as("pilot_id")])
    .where("pairings.sponsorship_id", "=", sponsorshipId).where("sponsorships.org_id", "=", orgId)
    .where("pairings.status", "in", ["published", "team", "declined"]).orderBy("pairings.fit", "desc").execute();
}
