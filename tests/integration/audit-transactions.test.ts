// An audited change commits with its audit row and its notices, or none of them does, through the real
// server. A test-only trigger (in this file's own database) makes one insert fail: the audit row of the
// pairing answer or of a pilot command, or the partner's notice after the answer. Each time the change
// must be rolled back with it, and nothing of it recorded.
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { createChallenge, createMember, createPilotTeam, createProposal, ukDateFields } from "../support/factories";
import { failInserts } from "../support/owner-db";
import { useAppServer } from "../support/server";

const web = useAppServer();
let restore: (() => Promise<void>) | undefined;
afterEach(async () => {
  await restore?.();
  restore = undefined;
});

/** A published pairing waiting for both answers. */
async function publishedPairing() {
  const owner = await createMember("public_body");
  const startup = await createMember("startup");
  const corp = await createMember("corporate");
  const challenge = await createChallenge(owner.orgId);
  const proposal = await createProposal(challenge.id, startup.orgId, { status: "submitted" });
  const sponsorship = await db().insertInto("sponsorships").values({ challenge_id: challenge.id, org_id: corp.orgId, capacity: 1, status: "accepted" })
    .returning("id").executeTakeFirstOrThrow();
  const pairing = await db().insertInto("pairings").values({
    challenge_id: challenge.id, proposal_id: proposal.id, sponsorship_id: sponsorship.id, fit: 0.8, explanation: sql`'{}'::jsonb`, status: "published",
  }).returning("id").executeTakeFirstOrThrow();
  return { startup, corp, proposalId: proposal.id, sponsorshipId: sponsorship.id, pairingId: pairing.id };
}

const answers = (pairingId: string) =>
  db().selectFrom("pairings").select(["status", "startup_response", "sponsor_response"]).where("id", "=", pairingId).executeTakeFirstOrThrow();
const answerEvents = (pairingId: string) =>
  db().selectFrom("audit_events").select("detail").where("action", "=", "pairing.answered").where("subject_id", "=", pairingId).execute();
const partnerNotices = (userId: string) =>
  db().selectFrom("notifications").select("id").where("kind", "=", "partner_response").where("user_id", "=", userId).execute();

describe("the pairing answer", () => {
  it("is not saved, on either side, when its audit row cannot be written; then it is, with its row and notice", async () => {
    const p = await publishedPairing();
    restore = await failInserts("audit_events", "NEW.action = 'pairing.answered'");
    const startupAnswer = () => web.http.post(`/my/proposals/${p.proposalId}`, { intent: "partner-accept" }, p.startup.cookie);
    const sponsorAnswer = () => web.http.post(`/my/sponsorships/${p.sponsorshipId}`, { pairingId: p.pairingId, answer: "accept" }, p.corp.cookie);
    expect((await startupAnswer()).status).toBe(500);
    expect((await sponsorAnswer()).status).toBe(500);
    expect(await answers(p.pairingId)).toEqual({ status: "published", startup_response: "pending", sponsor_response: "pending" });
    expect(await partnerNotices(p.corp.user.id)).toEqual([]);
    expect(await partnerNotices(p.startup.user.id)).toEqual([]);

    await restore();
    restore = undefined;
    expect((await startupAnswer()).status).toBe(302);
    expect((await sponsorAnswer()).status).toBe(302);
    expect(await answers(p.pairingId)).toEqual({ status: "team", startup_response: "accepted", sponsor_response: "accepted" });
    expect((await answerEvents(p.pairingId)).map((e) => e.detail)).toEqual([{ side: "startup", accept: true }, { side: "sponsor", accept: true }]);
    expect(await partnerNotices(p.corp.user.id)).toHaveLength(1);
    expect(await partnerNotices(p.startup.user.id)).toHaveLength(1);
  });

  it("leaves no audit row and no answer when its notice cannot be written", async () => {
    const p = await publishedPairing();
    restore = await failInserts("notifications", "NEW.kind = 'partner_response'");
    expect((await web.http.post(`/my/proposals/${p.proposalId}`, { intent: "partner-decline" }, p.startup.cookie)).status).toBe(500);
    expect((await web.http.post(`/my/sponsorships/${p.sponsorshipId}`, { pairingId: p.pairingId, answer: "decline" }, p.corp.cookie)).status).toBe(500);
    expect(await answers(p.pairingId)).toEqual({ status: "published", startup_response: "pending", sponsor_response: "pending" });
    expect(await answerEvents(p.pairingId)).toEqual([]);
  });
});

describe("pilot commands", () => {
  it("plan, milestones, KPIs, approval, measurements and their review: none is saved when its audit row cannot be written", async () => {
    const t = await createPilotTeam();
    const plan = (form: Record<string, string>, cookie: string) => web.http.post(`/pilots/${t.pilotId}/plan`, form, cookie);
    const page = (form: Record<string, string>, cookie: string) => web.http.post(`/pilots/${t.pilotId}`, form, cookie);
    const pilotRow = () => db().selectFrom("pilots").select(["status", "starts_on", "approved_at"]).where("id", "=", t.pilotId).executeTakeFirstOrThrow();
    const count = async (table: "milestones" | "kpis") =>
      (await db().selectFrom(table).select("id").where("pilot_id", "=", t.pilotId).execute()).length;
    restore = await failInserts("audit_events", "NEW.subject_type = 'pilot'");

    // In the draft: dates, a milestone, a KPI.
    const dates = { intent: "plan", ...ukDateFields("startsOn", -30), ...ukDateFields("endsOn", 60) };
    const milestone = { intent: "milestone", title: "Sensors installed", ...ukDateFields("dueOn", 10), ownerOrgId: t.startup.orgId };
    const kpi = { intent: "kpi", name: "Complaints", unit: "a month", baseline: "40", target: "10", direction: "lower", frequency: "monthly" };
    expect((await plan(dates, t.startup.cookie)).status).toBe(500);
    expect((await plan(milestone, t.startup.cookie)).status).toBe(500);
    expect((await plan(kpi, t.body.cookie)).status).toBe(500);
    expect(await pilotRow()).toMatchObject({ starts_on: null });
    expect([await count("milestones"), await count("kpis")]).toEqual([0, 0]);

    // The same through the database, so the next commands have something to act on.
    await db().updateTable("pilots").set({ starts_on: "2026-01-01", ends_on: "2099-01-01" }).where("id", "=", t.pilotId).execute();
    const m = await db().insertInto("milestones").values({ pilot_id: t.pilotId, title: "Sensors installed", due_on: "2099-01-01", owner_org_id: t.startup.orgId })
      .returning("id").executeTakeFirstOrThrow();
    const k = await db().insertInto("kpis").values({ pilot_id: t.pilotId, name: "Complaints", unit: "a month", baseline: 40, target: 10, direction: "lower", frequency: "monthly" })
      .returning("id").executeTakeFirstOrThrow();
    expect((await plan({ intent: "approve" }, t.body.cookie)).status).toBe(500);
    expect(await pilotRow()).toMatchObject({ status: "draft", approved_at: null });
    expect((await plan({ intent: "milestone-done", doneMilestoneId: m.id, ...ukDateFields("doneOn", -1) }, t.startup.cookie)).status).toBe(500);
    expect(await db().selectFrom("milestones").select("status").where("id", "=", m.id).executeTakeFirstOrThrow()).toEqual({ status: "planned" });

    await db().updateTable("pilots").set({ status: "approved", approved_at: new Date() }).where("id", "=", t.pilotId).execute();
    expect((await page({ intent: "record", kpiId: k.id, ...ukDateFields("measuredOn", -1), value: "30" }, t.startup.cookie)).status).toBe(500);
    expect(await db().selectFrom("measurements").select("id").execute()).toEqual([]);
    const measurement = await db().insertInto("measurements").values({ kpi_id: k.id, measured_on: "2026-02-01", value: 30 }).returning("id").executeTakeFirstOrThrow();
    expect((await page({ intent: "review", measurementId: measurement.id, decision: "verify" }, t.body.cookie)).status).toBe(500);
    expect(await db().selectFrom("measurements").select("status").where("id", "=", measurement.id).executeTakeFirstOrThrow()).toEqual({ status: "recorded" });

    const change = { intent: "propose-change", reason: "A later install", "moveMilestone.milestoneId": m.id, ...ukDateFields("moveMilestone.dueOn", 90) };
    expect((await plan(change, t.startup.cookie)).status).toBe(500);
    expect(await db().selectFrom("plan_change_requests").select("id").execute()).toEqual([]);

    // With the audit trail writable again, the same requests go through, each with its row.
    await restore();
    restore = undefined;
    expect((await page({ intent: "review", measurementId: measurement.id, decision: "verify" }, t.body.cookie)).status).toBe(302);
    expect((await plan(change, t.startup.cookie)).status).toBe(302);
    const trail = await db().selectFrom("audit_events").select("action").where("subject_id", "=", t.pilotId).orderBy("id").execute();
    expect(trail.map((e) => e.action)).toEqual(["pilot.measurement_reviewed", "pilot.plan_change_proposed"]);
  }, 30_000);
});
