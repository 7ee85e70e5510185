// An approved plan stays approved, through the real server: KPIs sent at the same moment as the approval
// are either in the approved plan or refused, never saved after it; a partner cannot move or delete a
// milestone another organisation owns, and nobody changes milestones or KPIs directly once the plan is
// approved; only a milestone's owner marks it done, on a date within the pilot and not in the future;
// after approval the plan changes only through a change request the public body approves, applied in one
// go and audited.
import { describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { createPilotTeam, ukDateFields } from "../support/factories";
import { useAppServer } from "../support/server";

const web = useAppServer();

type Team = Awaited<ReturnType<typeof createPilotTeam>>;
const kpiForm = (name: string) => ({ intent: "kpi", name, unit: "%", baseline: "0", target: "100", direction: "higher", frequency: "monthly" });

async function datedTeam(): Promise<Team> {
  const t = await createPilotTeam();
  const res = await web.http.post(`/pilots/${t.pilotId}/plan`, { intent: "plan", ...ukDateFields("startsOn", -60), ...ukDateFields("endsOn", 60) }, t.startup.cookie);
  expect(res.status).toBe(302);
  return t;
}

async function addMilestone(t: Team, title: string, dueOffset: number, ownerOrgId: string, cookie: string) {
  // (milestoneStatus: what the form sent before "done" had a form of its own; ignored now.)
  const res = await web.http.post(`/pilots/${t.pilotId}/plan`, { intent: "milestone", title, ...ukDateFields("dueOn", dueOffset), ownerOrgId, milestoneStatus: "planned" }, cookie);
  expect(res.status).toBe(302);
  return (await db().selectFrom("milestones").select(["id", "due_on"]).where("pilot_id", "=", t.pilotId).where("title", "=", title).executeTakeFirstOrThrow());
}

async function approve(t: Team) {
  expect((await web.http.post(`/pilots/${t.pilotId}/plan`, kpiForm("Complaints resolved"), t.body.cookie)).status).toBe(302);
  expect((await web.http.post(`/pilots/${t.pilotId}/plan`, { intent: "approve", confirm: "yes" }, t.body.cookie)).status).toBe(302);
}

const milestones = (pilotId: string) =>
  db().selectFrom("milestones").select(["id", "title", "due_on", "status", "done_on"]).where("pilot_id", "=", pilotId).orderBy("title").execute();
const pilotHealth = async (t: Team) => {
  const res = await web.http.get(`/pilots/${t.pilotId}?_data=routes%2Fpilots.%24id._index`, t.body.cookie);
  return ((await res.json()) as { pilot: { health: string } }).pilot.health;
};

describe("the approval race", () => {
  it("20 KPIs sent with the approval: each is in the approved plan or refused, none saved after it", async () => {
    const t = await datedTeam();
    expect((await web.http.post(`/pilots/${t.pilotId}/plan`, kpiForm("Baseline KPI"), t.body.cookie)).status).toBe(302);
    // The approval goes out in the middle of the KPIs, all at once.
    const kpi = (i: number) => web.http.post(`/pilots/${t.pilotId}/plan`, kpiForm(`Parallel KPI ${i}`), i % 2 ? t.startup.cookie : t.corp.cookie);
    const sent = [...Array.from({ length: 10 }, (_, i) => kpi(i)), web.http.post(`/pilots/${t.pilotId}/plan`, { intent: "approve", confirm: "yes" }, t.body.cookie),
      ...Array.from({ length: 10 }, (_, i) => kpi(10 + i))];
    const all = await Promise.all(sent);
    const approved = all[10]!;
    const answers = all.filter((_, i) => i !== 10);
    expect(approved.status).toBe(302);
    const statuses = answers.map((r) => r.status);
    expect(statuses.every((s) => s === 302 || s === 400), `statuses ${statuses.join(",")}`).toBe(true);
    const pilot = await db().selectFrom("pilots").select(["status", "approved_at"]).where("id", "=", t.pilotId).executeTakeFirstOrThrow();
    expect(pilot.status).toBe("approved");
    const saved = await db().selectFrom("kpis").select(["name", "created_at"]).where("pilot_id", "=", t.pilotId).execute();
    const late = saved.filter((k) => k.created_at > pilot.approved_at!);
    expect(late.map((k) => k.name), "KPIs saved after the approval").toEqual([]);
    expect(saved).toHaveLength(1 + statuses.filter((s) => s === 302).length);
    // The approval records the plan it approved: the KPIs there are exactly those it counted.
    const event = await db().selectFrom("audit_events").select("detail").where("action", "=", "pilot.approved").where("subject_id", "=", t.pilotId).executeTakeFirstOrThrow();
    expect(event.detail).toMatchObject({ kpis: saved.length });
  }, 30_000);
});

describe("milestones", () => {
  it("in a draft, a partner cannot move or delete a milestone another organisation owns; the owner can", async () => {
    const t = await datedTeam();
    const m = await addMilestone(t, "Council signs off the route", 30, t.body.orgId, t.corp.cookie);
    const move = { intent: "milestone", milestoneId: m.id, title: "Council signs off the route", ...ukDateFields("dueOn", 300), ownerOrgId: t.body.orgId, milestoneStatus: "planned" };
    expect((await web.http.post(`/pilots/${t.pilotId}/plan`, move, t.corp.cookie)).status).toBe(403);
    expect((await web.http.post(`/pilots/${t.pilotId}/plan`, { intent: "remove-milestone", milestoneId: m.id }, t.startup.cookie)).status).toBe(403);
    expect((await milestones(t.pilotId)).map((x) => x.due_on)).toEqual([m.due_on]);
    expect((await web.http.post(`/pilots/${t.pilotId}/plan`, move, t.body.cookie)).status).toBe(302);
    expect((await web.http.post(`/pilots/${t.pilotId}/plan`, { intent: "remove-milestone", milestoneId: m.id }, t.body.cookie)).status).toBe(302);
    expect(await milestones(t.pilotId)).toEqual([]);
  });

  it("after approval nobody moves or deletes a milestone directly: an overdue council milestone stays overdue", async () => {
    const t = await datedTeam();
    const overdue = await addMilestone(t, "Council data shared", -10, t.body.orgId, t.body.cookie);
    const own = await addMilestone(t, "Sensors installed", 20, t.startup.orgId, t.startup.cookie);
    await approve(t);
    const before = await milestones(t.pilotId);
    const health = await pilotHealth(t);
    expect(health).toBe("at_risk");
    const moveOverdue = { intent: "milestone", milestoneId: overdue.id, title: "Council data shared", ...ukDateFields("dueOn", 400), ownerOrgId: t.body.orgId, milestoneStatus: "planned" };
    expect((await web.http.post(`/pilots/${t.pilotId}/plan`, moveOverdue, t.corp.cookie)).status).toBe(403);
    const byOwner = await web.http.post(`/pilots/${t.pilotId}/plan`, moveOverdue, t.body.cookie);
    expect(byOwner.status).toBe(400);
    expect(await byOwner.text()).toContain("propose a change");
    expect((await web.http.post(`/pilots/${t.pilotId}/plan`, { intent: "remove-milestone", milestoneId: own.id }, t.startup.cookie)).status).toBe(400);
    expect((await web.http.post(`/pilots/${t.pilotId}/plan`, { intent: "milestone", title: "A new one", ...ukDateFields("dueOn", 5), ownerOrgId: t.startup.orgId }, t.startup.cookie)).status).toBe(400);
    expect((await web.http.post(`/pilots/${t.pilotId}/plan`, { intent: "remove-kpi", kpiId: (await db().selectFrom("kpis").select("id").where("pilot_id", "=", t.pilotId).executeTakeFirstOrThrow()).id }, t.body.cookie)).status).toBe(400);
    expect(await milestones(t.pilotId)).toEqual(before);
    expect(await pilotHealth(t)).toBe("at_risk");
  });

  it("only the owner marks a milestone done, on a day from the pilot's start to today; each is audited", async () => {
    const t = await datedTeam();
    const m = await addMilestone(t, "Sensors installed", -5, t.startup.orgId, t.corp.cookie);
    await approve(t);
    const done = (offset: number, cookie: string) =>
      web.http.post(`/pilots/${t.pilotId}/plan`, { intent: "milestone-done", doneMilestoneId: m.id, ...ukDateFields("doneOn", offset), doneEvidence: "Photos of each sensor" }, cookie);
    expect((await done(-2, t.corp.cookie)).status).toBe(403);
    expect((await done(-2, t.body.cookie)).status).toBe(403);
    const backdated = await done(-61, t.startup.cookie);
    expect(backdated.status).toBe(400);
    expect(await backdated.text()).toContain("on or after the pilot&#x27;s start date");
    const future = await done(1, t.startup.cookie);
    expect(future.status).toBe(400);
    expect(await future.text()).toContain("today or in the past");
    expect((await milestones(t.pilotId))[0]).toMatchObject({ status: "planned", done_on: null });
    expect((await done(-2, t.startup.cookie)).status).toBe(302);
    expect((await milestones(t.pilotId))[0]).toMatchObject({ status: "done" });
    const events = await db().selectFrom("audit_events").select(["action", "actor_user_id", "detail"]).where("subject_id", "=", t.pilotId)
      .where("action", "=", "pilot.milestone_done").execute();
    expect(events).toEqual([expect.objectContaining({ actor_user_id: t.startup.user.id, detail: expect.objectContaining({ milestoneId: m.id }) })]);
  });
});

describe("a plan change request", () => {
  it("is proposed by a team member, approved by the public body, applied at once and audited; a declined one changes nothing", async () => {
    const t = await datedTeam();
    const move = await addMilestone(t, "Council data shared", -10, t.body.orgId, t.body.cookie);
    const drop = await addMilestone(t, "Press launch", 40, t.corp.orgId, t.corp.cookie);
    await approve(t);
    const oldKpi = (await db().selectFrom("kpis").select("id").where("pilot_id", "=", t.pilotId).executeTakeFirstOrThrow()).id;

    // Nothing to change, or no reason: refused.
    const empty = await web.http.post(`/pilots/${t.pilotId}/plan`, { intent: "propose-change", reason: "Nothing really" }, t.corp.cookie);
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Choose at least one change");

    const proposal = {
      intent: "propose-change",
      reason: "The council's data sharing agreement needs another month; the launch is cancelled.",
      "moveMilestone.milestoneId": move.id, ...ukDateFields("moveMilestone.dueOn", 20),
      removeMilestoneIds: drop.id,
      "addKpi.name": "Sensors online", "addKpi.unit": "sensors", "addKpi.baseline": "0", "addKpi.target": "40", "addKpi.direction": "higher", "addKpi.frequency": "weekly",
    };
    expect((await web.http.post(`/pilots/${t.pilotId}/plan`, proposal, t.corp.cookie)).status).toBe(302);
    const request = await db().selectFrom("plan_change_requests").selectAll().where("pilot_id", "=", t.pilotId).executeTakeFirstOrThrow();
    expect(request).toMatchObject({ status: "pending", proposed_by: t.corp.user.id, proposed_by_org_id: t.corp.orgId });
    expect((request.changes as { kind: string }[]).map((c) => c.kind).sort()).toEqual(["add_kpi", "move_milestone", "remove_milestone"]);
    const page = await (await web.http.get(`/pilots/${t.pilotId}/plan`, t.body.cookie)).text();
    expect(page).toContain("Remove the milestone “Press launch”");
    expect(page).toContain("Approve the change");
    // Proposing changes nothing yet.
    expect((await milestones(t.pilotId)).map((m) => m.title)).toEqual(["Council data shared", "Press launch"]);

    // Only the public body decides.
    const decide = (decision: string, cookie: string, requestId = request.id) =>
      web.http.post(`/pilots/${t.pilotId}/plan`, { intent: "decide-change", requestId, decision }, cookie);
    expect((await decide("approve", t.corp.cookie)).status).toBe(403);
    expect((await decide("approve", t.startup.cookie)).status).toBe(403);
    expect((await db().selectFrom("plan_change_requests").select("status").where("id", "=", request.id).executeTakeFirstOrThrow()).status).toBe("pending");

    // Two approvals sent at once apply the change once.
    const both = await Promise.all([decide("approve", t.body.cookie), decide("approve", t.body.cookie)]);
    expect(both.map((r) => r.status).sort()).toEqual([302, 400]);
    const after = await milestones(t.pilotId);
    expect(after.map((m) => m.title)).toEqual(["Council data shared"]);
    expect(after[0]!.due_on.getTime()).toBeGreaterThan(move.due_on.getTime());
    const kpis = await db().selectFrom("kpis").select(["id", "name"]).where("pilot_id", "=", t.pilotId).orderBy("name").execute();
    expect(kpis.map((k) => k.name)).toEqual(["Complaints resolved", "Sensors online"]);
    const decided = await db().selectFrom("plan_change_requests").select(["status", "decided_by"]).where("id", "=", request.id).executeTakeFirstOrThrow();
    expect(decided).toEqual({ status: "approved", decided_by: t.body.user.id });

    // A declined request changes nothing.
    expect((await web.http.post(`/pilots/${t.pilotId}/plan`, { intent: "propose-change", reason: "The KPI is not needed", removeKpiIds: oldKpi }, t.startup.cookie)).status).toBe(302);
    const second = await db().selectFrom("plan_change_requests").select("id").where("pilot_id", "=", t.pilotId).where("status", "=", "pending").executeTakeFirstOrThrow();
    expect((await decide("decline", t.body.cookie, second.id)).status).toBe(302);
    expect((await db().selectFrom("kpis").select("id").where("pilot_id", "=", t.pilotId).execute())).toHaveLength(2);

    const trail = await db().selectFrom("audit_events").select(["action", "actor_user_id"]).where("subject_id", "=", t.pilotId)
      .where("action", "like", "pilot.plan_change%").orderBy("id").execute();
    expect(trail).toEqual([
      { action: "pilot.plan_change_proposed", actor_user_id: t.corp.user.id },
      { action: "pilot.plan_change_approved", actor_user_id: t.body.user.id },
      { action: "pilot.plan_change_proposed", actor_user_id: t.startup.user.id },
      { action: "pilot.plan_change_declined", actor_user_id: t.body.user.id },
    ]);
  }, 30_000);
});
