// Webhook events (decision 039), written into the outbox (webhook_deliveries) in the transaction of the
// change that causes them: if the change rolls back, no endpoint hears of it; if it commits, every
// subscribed, enabled endpoint of each organisation entitled to it has its delivery row, sent by the worker
// (jobs/webhooks/deliver.ts). (endpoint_id, event_id) is unique, so an event written twice (a button
// pressed twice, a retried transaction) is delivered once.
//
// Who hears what, and what they are told, follows what each organisation reads in the service and the
// organisation API (decision 038): ids, titles and organisations' names, never a person's name or e-mail.
//  - proposal.submitted: the applicant organisation (its proposal's id and reference); the challenge's
//    owner, which before the deadline may learn only how many proposals there are (decision 003), so its
//    payload holds the challenge and that count, never the proposal or the applicant.
//  - results.released: the challenge's owner (how many proposals were ranked) and each ranked applicant
//    (its own proposal); scores are read through /api/org/scores, not pushed.
//  - pairing.published: the challenge's owner, the start-up and the sponsor of each published pair, each
//    told the pair, the challenge and the two organisations' names.
//  - measurement.verified: the three organisations of the pilot's team; verified values are public.
import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { DB } from "../../../db/client";
import type { AnyWebhookEvent, WebhookEvent } from "../../lib/webhook-events";

export interface WebhookMessage {
  /** The organisation whose endpoints hear of it. */
  orgId: string;
  data: Record<string, unknown>;
}

/** The JSON body every endpoint receives (Standard Webhooks' shape): what happened, when, and its data. */
export function envelope(event: AnyWebhookEvent, eventId: string, data: Record<string, unknown>, at: Date) {
  return { id: eventId, type: event, timestamp: at.toISOString(), data };
}

/**
 * The id an organisation is given for an event (the Webhook-Id header): opaque and its own, since the
 * event's key names things (a sealed proposal's id) that not every recipient may learn, but the same for
 * the same event each time, which is what makes writing it twice harmless.
 */
export function eventIdFor(eventKey: string, orgId: string): string {
  return `evt_${createHash("sha256").update(`${eventKey}|${orgId}`).digest("hex").slice(0, 32)}`;
}

/**
 * One delivery per subscribed, enabled endpoint of each organisation, in the caller's transaction; an
 * event already written for an endpoint is left as it is. `eventKey` names the event (it is never sent).
 * Returns the deliveries written.
 */
export async function emitWebhookEvent(tx: DB, event: WebhookEvent, eventKey: string, messages: WebhookMessage[]): Promise<number> {
  let written = 0;
  const at = new Date();
  for (const m of messages) {
    const eventId = eventIdFor(eventKey, m.orgId);
    const payload = JSON.stringify(envelope(event, eventId, m.data, at));
    const r = await tx.insertInto("webhook_deliveries")
      .columns(["endpoint_id", "event", "event_id", "payload"])
      .expression((eb) => eb.selectFrom("webhook_endpoints")
        .select([
          "webhook_endpoints.id",
          sql.lit(event).as("event"),
          sql<string>`${eventId}::text`.as("event_id"),
          sql<unknown>`cast(${payload}::text as jsonb)`.as("payload"),
        ])
        .where("webhook_endpoints.org_id", "=", m.orgId)
        .where("webhook_endpoints.enabled", "=", true)
        .where(sql<boolean>`${event}::text = ANY(webhook_endpoints.events)`))
      .onConflict((oc) => oc.columns(["endpoint_id", "event_id"]).doNothing())
      .executeTakeFirst();
    written += Number(r.numInsertedOrUpdatedRows ?? 0n);
  }
  return written;
}

const millis = (d: Date | string) => new Date(d).getTime();

/** A proposal was submitted (not an expression of interest): its organisation, and its challenge's owner, sealed. */
export async function proposalSubmittedEvent(tx: DB, proposalId: string) {
  const p = await tx.selectFrom("proposals")
    .innerJoin("challenges", "challenges.id", "proposals.challenge_id")
    .innerJoin("organisations as applicant", "applicant.id", "proposals.org_id")
    .select(["proposals.id", "proposals.reference", "proposals.submitted_at", "proposals.challenge_id", "challenges.title as challenge_title",
      "challenges.org_id as owner_org_id", "applicant.id as applicant_id", "applicant.name as applicant_name"])
    .where("proposals.id", "=", proposalId).executeTakeFirstOrThrow();
  const { n } = await tx.selectFrom("proposals").select(sql<string>`count(*)`.as("n"))
    .where("challenge_id", "=", p.challenge_id).where("status", "not in", ["draft", "withdrawn"]).executeTakeFirstOrThrow();
  const challenge = { id: p.challenge_id, title: p.challenge_title };
  // Each submission is its own event: withdrawn and submitted again, it is told again.
  const eventKey = `proposal.submitted:${p.id}:${millis(p.submitted_at!)}`;
  return emitWebhookEvent(tx, "proposal.submitted", eventKey, [
    { orgId: p.applicant_id, data: { challenge, proposal: { id: p.id, reference: p.reference }, organisation: { id: p.applicant_id, name: p.applicant_name } } },
    { orgId: p.owner_org_id, data: { challenge, submittedProposals: Number(n) } },
  ]);
}

/** A challenge's results were released: its owner, and each applicant whose proposal was ranked. */
export async function resultsReleasedEvent(tx: DB, challengeId: string) {
  const c = await tx.selectFrom("challenges").select(["id", "title", "org_id", "feedback_released_at"]).where("id", "=", challengeId).executeTakeFirstOrThrow();
  const ranked = await tx.selectFrom("proposal_scores").innerJoin("proposals", "proposals.id", "proposal_scores.proposal_id")
    .select(["proposals.id", "proposals.reference", "proposals.org_id"]).where("proposal_scores.challenge_id", "=", challengeId)
    .orderBy("proposals.id").execute();
  const challenge = { id: c.id, title: c.title };
  return emitWebhookEvent(tx, "results.released", `results.released:${c.id}`, [
    { orgId: c.org_id, data: { challenge, rankedProposals: ranked.length } },
    ...ranked.map((r) => ({ orgId: r.org_id, data: { challenge, proposal: { id: r.id, reference: r.reference } } })),
  ]);
}

/** Pairs were published: for each, the challenge's owner, the start-up and the sponsor. */
export async function pairingPublishedEvents(tx: DB, pairingIds: string[]) {
  if (pairingIds.length === 0) return 0;
  const pairs = await tx.selectFrom("pairings")
    .innerJoin("proposals", "proposals.id", "pairings.proposal_id")
    .innerJoin("sponsorships", "sponsorships.id", "pairings.sponsorship_id")
    .innerJoin("challenges", "challenges.id", "pairings.challenge_id")
    .innerJoin("organisations as startup", "startup.id", "proposals.org_id")
    .innerJoin("organisations as sponsor", "sponsor.id", "sponsorships.org_id")
    .select(["pairings.id", "challenges.id as challenge_id", "challenges.title as challenge_title", "challenges.org_id as owner_org_id",
      "proposals.id as proposal_id", "proposals.reference", "startup.id as startup_id", "startup.name as startup_name",
      "sponsorships.id as sponsorship_id", "sponsor.id as sponsor_id", "sponsor.name as sponsor_name"])
    .where("pairings.id", "in", pairingIds).orderBy("pairings.id").execute();
  let written = 0;
  for (const p of pairs) {
    const data = {
      pairing: { id: p.id },
      challenge: { id: p.challenge_id, title: p.challenge_title },
      proposal: { id: p.proposal_id, reference: p.reference, organisation: p.startup_name },
      sponsorship: { id: p.sponsorship_id, organisation: p.sponsor_name },
    };
    const orgs = [...new Set([p.owner_org_id, p.startup_id, p.sponsor_id])];
    written += await emitWebhookEvent(tx, "pairing.published", `pairing.published:${p.id}`, orgs.map((orgId) => ({ orgId, data })));
  }
  return written;
}

/** A pilot's measurement was verified: the three organisations of its team. */
export async function measurementVerifiedEvent(tx: DB, measurementId: string) {
  const m = await tx.selectFrom("measurements")
    .innerJoin("kpis", "kpis.id", "measurements.kpi_id")
    .innerJoin("pilots", "pilots.id", "kpis.pilot_id")
    .innerJoin("teams", "teams.id", "pilots.team_id")
    .select(["measurements.id", "measurements.measured_on", "measurements.value", "measurements.reviewed_at", "kpis.id as kpi_id", "kpis.name as kpi_name",
      "kpis.unit", "pilots.id as pilot_id", "pilots.title as pilot_title", "teams.public_org_id", "teams.startup_org_id", "teams.corporate_org_id"])
    .where("measurements.id", "=", measurementId).where("measurements.status", "=", "verified").executeTakeFirst();
  if (!m) return 0;
  const data = {
    pilot: { id: m.pilot_id, title: m.pilot_title },
    kpi: { id: m.kpi_id, name: m.kpi_name, unit: m.unit },
    measurement: { id: m.id, measuredOn: new Date(m.measured_on).toISOString().slice(0, 10), value: m.value },
  };
  const orgs = [...new Set([m.public_org_id, m.startup_org_id, m.corporate_org_id])];
  // Verified again after a query, it is a new event.
  return emitWebhookEvent(tx, "measurement.verified", `measurement.verified:${m.id}:${millis(m.reviewed_at!)}`, orgs.map((orgId) => ({ orgId, data })));
}
