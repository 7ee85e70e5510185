// Pilot tracking through the real routes: only the team edits its pilot and each member only what their
// organisation may, the public body approves and checks measurements, the status follows the measurements,
// and a pilot is public (organisation names only) once approved.
import { beforeAll, describe, expect, it } from "vitest";
import * as pilotsIndex from "../../app/routes/pilots._index";
import * as pilotPage from "../../app/routes/pilots.$id._index";
import * as planPage from "../../app/routes/pilots.$id.plan";
import { db } from "../../app/server/connections.server";
import { createAdmin, createMember, createPilotTeam, ukDateFields } from "../support/factories";
import { call, getRequest, postRequest } from "../support/requests";

type Member = Awaited<ReturnType<typeof createMember>>;
const PLANTED_NAME = "Philippa Plantedname";
const s = {} as { body: Member; startup: Member; corp: Member; outsider: Member; admin: { cookie: string }; pilotId: string; startupEmail: string };

const dateFields = ukDateFields;

const plan = (form: Record<string, string>, cookie?: string) =>
  call(planPage.action, postRequest(`/pilots/${s.pilotId}/plan`, form, cookie), { id: s.pilotId });
const page = (form: Record<string, string>, cookie?: string) =>
  call(pilotPage.action, postRequest(`/pilots/${s.pilotId}`, form, cookie), { id: s.pilotId });
const read = (cookie?: string) => call(pilotPage.loader, getRequest(`/pilots/${s.pilotId}`, cookie), { id: s.pilotId });
const fields = (res: { body: unknown }) => (res.body as { errors: { fields: Record<string, string> } }).errors.fields;
const health = async () => ((await read(s.body.cookie)).body as { pilot: { health: string } }).pilot.health;

beforeAll(async () => {
  const team = await createPilotTeam({ challengeTitle: "Quieter streets", title: "Street noise sensors", startupUserName: PLANTED_NAME });
  Object.assign(s, { body: team.body, startup: team.startup, corp: team.corp, pilotId: team.pilotId, startupEmail: team.startup.user.email });
  s.outsider = await createMember("startup");
  s.admin = await createAdmin();
});

describe("a draft pilot", () => {
  it("is 404 to visitors and outsiders, readable by the team and admins, and listed as 'your pilots'", async () => {
    expect((await read()).status).toBe(404);
    expect((await read(s.outsider.cookie)).status).toBe(404);
    expect((await call(planPage.loader, getRequest(`/pilots/${s.pilotId}/plan`, s.outsider.cookie), { id: s.pilotId })).status).toBe(404);
    for (const m of [s.body, s.startup, s.corp]) expect((await read(m.cookie)).status).toBe(200);
    expect((await read(s.admin.cookie)).status).toBe(200);
    const publicList = (await call(pilotsIndex.loader, getRequest("/pilots"))).body as { pilots: { id: string }[] };
    expect(publicList.pilots.map((p) => p.id)).not.toContain(s.pilotId);
    const mine = (await call(pilotsIndex.loader, getRequest("/pilots", s.corp.cookie))).body as { yours: { id: string; status: string }[] };
    expect(mine.yours).toEqual([expect.objectContaining({ id: s.pilotId, status: "draft" })]);
  });

  it("only the team edits it: an outsider gets 404 and changes nothing, an admin 403", async () => {
    const form = { intent: "plan", ...dateFields("startsOn", -60), ...dateFields("endsOn", 60), budgetGbp: "40000" };
    expect((await plan(form, s.outsider.cookie)).status).toBe(404);
    expect((await plan(form, s.admin.cookie)).status).toBe(403);
    const row = await db().selectFrom("pilots").select(["starts_on", "budget_gbp"]).where("id", "=", s.pilotId).executeTakeFirstOrThrow();
    expect(row).toEqual({ starts_on: null, budget_gbp: null });
  });

  it("refuses bad plans, milestones and KPIs with GOV.UK messages", async () => {
    const badPlan = await plan({ intent: "plan", ...dateFields("startsOn", 10), ...dateFields("endsOn", 5), "startsOn.day": "31", "startsOn.month": "2", budgetGbp: "-5" }, s.startup.cookie);
    expect(badPlan.status).toBe(400);
    expect(fields(badPlan)).toMatchObject({ startsOn: "The start date must be a real date, like 27 3 2027", budgetGbp: "The budget must be 0 or more" });
    const backwards = await plan({ intent: "plan", ...dateFields("startsOn", 10), ...dateFields("endsOn", 5) }, s.startup.cookie);
    expect(fields(backwards)).toEqual({ endsOn: "The end date must be after the start date" });

    const noMilestone = await plan({ intent: "milestone" }, s.corp.cookie);
    expect(fields(noMilestone)).toMatchObject({
      title: "Enter the milestone", dueOn: "Enter the due date", ownerOrgId: "Choose who is responsible for the milestone",
    });
    const doneWithoutDate = await plan({ intent: "milestone-done", doneMilestoneId: "00000000-0000-4000-8000-000000000000" }, s.corp.cookie);
    expect(fields(doneWithoutDate)).toEqual({ doneOn: "Enter the date it was done" });
    const strangerOwner = await plan({ intent: "milestone", title: "Sensors installed", ...dateFields("dueOn", 10), ownerOrgId: s.outsider.orgId }, s.corp.cookie);
    expect(fields(strangerOwner)).toEqual({ ownerOrgId: "Choose who is responsible for the milestone" });

    const badKpi = await plan({ intent: "kpi", name: "", unit: "dB", baseline: "loud", target: "60", direction: "lower" }, s.body.cookie);
    expect(fields(badKpi)).toMatchObject({ name: "Enter the KPI name", baseline: "Baseline must be a number, like 12 or 3.5", frequency: "Choose how often it is measured" });
    const wrongWay = await plan({ intent: "kpi", name: "Noise", unit: "dB", baseline: "60", target: "70", direction: "lower", frequency: "weekly" }, s.body.cookie);
    expect(fields(wrongWay)).toEqual({ target: "The target must be lower than the baseline when lower is better" });
    expect(await db().selectFrom("kpis").select("id").where("pilot_id", "=", s.pilotId).execute()).toHaveLength(0);
  });

  it("approval needs the public body, dates and a KPI", async () => {
    expect((await plan({ intent: "approve", confirm: "yes" }, s.startup.cookie)).status).toBe(403);
    expect((await plan({ intent: "approve", confirm: "yes" }, s.corp.cookie)).status).toBe(403);
    const noDates = await plan({ intent: "approve", confirm: "yes" }, s.body.cookie);
    expect(noDates.status).toBe(400);
    expect(fields(noDates)).toEqual({ approve: "Add the start and end dates before approving the plan" });

    // Any team member plans: the start-up sets the dates, the corporate adds a milestone.
    expect((await plan({ intent: "plan", ...dateFields("startsOn", -60), ...dateFields("endsOn", 60), budgetGbp: "40000" }, s.startup.cookie)).status).toBe(302);
    expect((await plan({ intent: "milestone", title: "Sensors installed", ...dateFields("dueOn", 20), ownerOrgId: s.startup.orgId }, s.corp.cookie)).status).toBe(302);
    const noKpi = await plan({ intent: "approve", confirm: "yes" }, s.body.cookie);
    expect(fields(noKpi)).toEqual({ approve: "Add at least one KPI before approving the plan" });

    expect((await plan({ intent: "kpi", name: "Complaints resolved", unit: "%", baseline: "0", target: "100", direction: "higher", frequency: "monthly" }, s.body.cookie)).status).toBe(302);
    const approved = await plan({ intent: "approve", confirm: "yes" }, s.body.cookie);
    expect(approved.status).toBe(302);
    const row = await db().selectFrom("pilots").select(["status", "approved_at", "approved_by"]).where("id", "=", s.pilotId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "approved", approved_by: s.body.user.id });
    expect(row.approved_at).toBeInstanceOf(Date);

    // Once approved, the KPIs are fixed.
    const locked = await plan({ intent: "kpi", name: "Another", unit: "%", baseline: "0", target: "10", direction: "higher", frequency: "weekly" }, s.startup.cookie);
    expect(fields(locked).form).toMatch(/approved/);
  });
});

describe("measurements and the derived status", () => {
  const kpiId = async () => (await db().selectFrom("kpis").select("id").where("pilot_id", "=", s.pilotId).executeTakeFirstOrThrow()).id;
  const record = async (value: string, offset: number, cookie = s.startup.cookie) =>
    page({ intent: "record", kpiId: await kpiId(), ...dateFields("measuredOn", offset), value, note: "From the council's case system" }, cookie);

  it("only the start-up records; bad measurements are refused with messages", async () => {
    expect((await record("10", -5, s.corp.cookie)).status).toBe(403);
    expect((await record("10", -5, s.body.cookie)).status).toBe(403);
    expect((await record("10", -5, s.outsider.cookie)).status).toBe(404);
    const bad = await page({ intent: "record", kpiId: await kpiId(), ...dateFields("measuredOn", 3), value: "lots" }, s.startup.cookie);
    expect(fields(bad)).toEqual({ measuredOn: "The date of the measurement must be today or in the past", value: "Value must be a number, like 12 or 3.5" });
    const otherKpi = await page({ intent: "record", kpiId: "00000000-0000-4000-8000-000000000000", ...dateFields("measuredOn", -1), value: "5" }, s.startup.cookie);
    expect(fields(otherKpi)).toEqual({ kpiId: "Choose the KPI you measured" });
    expect(await db().selectFrom("measurements").select("id").execute()).toHaveLength(0);
  });

  it("moves from at risk to on track as measurements come in", async () => {
    // Half the pilot's time has passed and nothing is measured after more than a month: at risk.
    expect(await health()).toBe("at_risk");
    expect((await record("30", -10)).status).toBe(302); // 30% of the way, 50% expected: still at risk
    expect(await health()).toBe("at_risk");
    expect((await record("60", -1)).status).toBe(302); // 60%: on track
    expect(await health()).toBe("on_track");
  });

  it("only the public body verifies or queries; a query needs a note and takes the value out of the status", async () => {
    const latest = await db().selectFrom("measurements").select("id").orderBy("measured_on", "desc").executeTakeFirstOrThrow();
    expect((await page({ intent: "review", measurementId: latest.id, decision: "verify" }, s.startup.cookie)).status).toBe(403);
    expect((await page({ intent: "review", measurementId: latest.id, decision: "verify" }, s.corp.cookie)).status).toBe(403);
    expect((await page({ intent: "review", measurementId: latest.id, decision: "verify" }, s.outsider.cookie)).status).toBe(404);
    const noNote = await page({ intent: "review", measurementId: latest.id, decision: "query" }, s.body.cookie);
    expect(noNote.status).toBe(400);
    expect(fields(noNote)).toEqual({ queryNote: "Enter what needs checking in this measurement" });

    expect((await page({ intent: "review", measurementId: latest.id, decision: "query", queryNote: "This jumped by 30 points in a week" }, s.body.cookie)).status).toBe(302);
    expect(await health()).toBe("at_risk");
    expect((await page({ intent: "review", measurementId: latest.id, decision: "verify" }, s.body.cookie)).status).toBe(302);
    expect(await health()).toBe("on_track");
    const row = await db().selectFrom("measurements").select(["status", "query_note", "reviewed_by"]).where("id", "=", latest.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "verified", query_note: "", reviewed_by: s.body.user.id });
  });
});

describe("an approved pilot", () => {
  it("is public, with organisation names and no personal data", async () => {
    const res = await read();
    expect(res.status).toBe(200);
    const body = res.body as { pilot: { team: { startup: { name: string } }; kpis: { measurements: unknown[] }[]; milestones: unknown[] }; role: null };
    expect(body.role).toBeNull();
    // Of the two measurements only the verified one is public; the other still waits for its check.
    expect(body.pilot.kpis[0]!.measurements).toEqual([expect.objectContaining({ status: "verified" })]);
    expect(body.pilot.milestones).toHaveLength(1);
    for (const text of [res.text, JSON.stringify((await call(pilotsIndex.loader, getRequest("/pilots"))).body)]) {
      expect(text).not.toContain(PLANTED_NAME);
      expect(text).not.toContain(s.startupEmail);
      for (const m of [s.body, s.startup, s.corp]) {
        expect(text).not.toContain(m.user.id);
        expect(text).not.toContain(m.user.email);
      }
    }
    const list = (await call(pilotsIndex.loader, getRequest("/pilots"))).body as { pilots: { id: string; health: string }[] };
    expect(list.pilots).toEqual([expect.objectContaining({ id: s.pilotId, health: "on_track" })]);
  });
});

describe("pilot commands check their own permission", () => {
  it("recording, reviewing and approving refuse the wrong member of the team, whoever calls them", async () => {
    const { requirePilotRole } = await import("../../app/server/pilots/access.server");
    const { approvePlan, recordMeasurement, reviewMeasurement } = await import("../../app/server/pilots/commands.server");
    const as = (cookie: string) => requirePilotRole(postRequest(`/pilots/${s.pilotId}`, {}, cookie), s.pilotId);
    const status = async (p: Promise<unknown>) => p.then(() => 200, (e: unknown) => (e instanceof Response ? e.status : 500));
    const measurement = { kpiId: "00000000-0000-4000-8000-000000000000", measuredOn: "2026-02-01", value: 1, note: "" };
    for (const cookie of [s.corp.cookie, s.body.cookie]) expect(await status(recordMeasurement(await as(cookie), measurement))).toBe(403);
    const review = { measurementId: "00000000-0000-4000-8000-000000000000", decision: "verify" as const, queryNote: "" };
    for (const cookie of [s.corp.cookie, s.startup.cookie]) {
      expect(await status(reviewMeasurement(await as(cookie), review))).toBe(403);
      expect(await status(approvePlan(await as(cookie)))).toBe(403);
    }
  });
});
