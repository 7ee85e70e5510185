// Completing a pilot: only the team's public body, only once the plan is approved, its end date (London's
// day) has passed and every milestone is done; then the plan and measurements no longer change, the team
// is told, the audit trail has it, and the challenge is completed with its last pilot.
import { describe, expect, it } from "vitest";
import * as pilotPage from "../../app/routes/pilots.$id._index";
import * as planPage from "../../app/routes/pilots.$id.plan";
import { db } from "../../app/server/connections.server";
import { MILESTONES_OPEN, NOT_ENDED } from "../../app/server/pilots/commands.server";
import { PILOT_COMPLETED } from "../../app/server/pilots/plan-changes.server";
import { createKpi, createMember, createMilestone, createPairedPilot, createPilotTeam, createProposal, ukDateFields } from "../support/factories";
import { call, postRequest } from "../support/requests";

const DAY = 86_400_000;
const londonDay = (offset: number) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + offset * DAY));

const plan = (pilotId: string, form: Record<string, string>, cookie?: string) =>
  call(planPage.action, postRequest(`/pilots/${pilotId}/plan`, form, cookie), { id: pilotId });
const complete = (pilotId: string, cookie?: string) => plan(pilotId, { intent: "complete", confirm: "yes" }, cookie);
const fields = (res: { body: unknown }) => (res.body as { errors: { fields: Record<string, string> } }).errors.fields;
const statusOf = async (pilotId: string) => (await db().selectFrom("pilots").select("status").where("id", "=", pilotId).executeTakeFirstOrThrow()).status;

/** An approved pilot that ran from `starts` to `ends` days from today, with a KPI and one milestone of the start-up's. */
async function approvedPilot(starts: number, ends: number, milestone: "planned" | "done") {
  const team = await createPilotTeam({ pilot: { status: "approved", starts_on: londonDay(starts), ends_on: londonDay(ends), approved_at: new Date() } });
  await createKpi({ pilot_id: team.pilotId });
  const m = await createMilestone({
    pilot_id: team.pilotId, owner_org_id: team.startup.orgId, due_on: londonDay(Math.min(ends, -2)),
    ...(milestone === "done" ? { status: "done", done_on: londonDay(Math.min(ends, -2)) } : {}),
  });
  // As publishing the pairing leaves it.
  await db().updateTable("challenges").set({ status: "paired" }).where("id", "=", team.challengeId).execute();
  return { ...team, milestoneId: m.id };
}

describe("completing a pilot", () => {
  it("is the public body's alone: the start-up and corporate get 403, an outsider 404, and nothing changes", async () => {
    const t = await approvedPilot(-90, -1, "done");
    const outsider = await createMember("public_body");
    expect((await complete(t.pilotId, t.startup.cookie)).status).toBe(403);
    expect((await complete(t.pilotId, t.corp.cookie)).status).toBe(403);
    expect((await complete(t.pilotId, outsider.cookie)).status).toBe(404);
    expect((await complete(t.pilotId)).status).toBe(302); // to sign in
    expect(await statusOf(t.pilotId)).toBe("approved");
  });

  it("waits for the end date and for every milestone, saying why next to the button", async () => {
    const running = await approvedPilot(-30, 10, "done");
    const early = await complete(running.pilotId, running.body.cookie);
    expect(early.status).toBe(400);
    expect(fields(early)).toEqual({ complete: NOT_ENDED });
    // Its last day is today: not yet ended.
    const lastDay = await approvedPilot(-30, 0, "done");
    expect(fields(await complete(lastDay.pilotId, lastDay.body.cookie))).toEqual({ complete: NOT_ENDED });

    const open = await approvedPilot(-90, -1, "planned");
    const refused = await complete(open.pilotId, open.body.cookie);
    expect(fields(refused)).toEqual({ complete: MILESTONES_OPEN });
    expect(await statusOf(open.pilotId)).toBe("approved");

    const draft = await createPilotTeam({ pilot: { starts_on: londonDay(-90), ends_on: londonDay(-1) } });
    expect(fields(await complete(draft.pilotId, draft.body.cookie))).toEqual({ complete: "The plan must be approved before the pilot can be completed" });
  });

  it("asks for confirmation, then completes the pilot and its challenge, tells the team and records it", async () => {
    const t = await approvedPilot(-120, -3, "done");
    const asked = await plan(t.pilotId, { intent: "complete" }, t.body.cookie);
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ confirm: "complete" });
    expect(await statusOf(t.pilotId)).toBe("approved");

    const done = await complete(t.pilotId, t.body.cookie);
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`/pilots/${t.pilotId}?notice=pilot-completed`);
    expect(await statusOf(t.pilotId)).toBe("completed");
    const challenge = await db().selectFrom("challenges").select("status").where("id", "=", t.challengeId).executeTakeFirstOrThrow();
    expect(challenge.status).toBe("completed");

    const audit = await db().selectFrom("audit_events").select(["actor_user_id", "subject_id"]).where("action", "=", "pilot.completed").execute();
    expect(audit).toContainEqual({ actor_user_id: t.body.user.id, subject_id: t.pilotId });
    const mail = await db().selectFrom("notifications").select(["user_id", "subject", "body"]).where("kind", "=", "pilot_completed").execute();
    const told = mail.filter((n) => n.body.includes(`/pilots/${t.pilotId}`)).map((n) => n.user_id).sort();
    expect(told).toEqual([t.body.user.id, t.startup.user.id, t.corp.user.id].sort());

    // Once completed, nothing more is recorded or changed.
    expect(fields(await complete(t.pilotId, t.body.cookie))).toEqual({ complete: "This pilot is already completed" });
    const kpi = await db().selectFrom("kpis").select("id").where("pilot_id", "=", t.pilotId).executeTakeFirstOrThrow();
    const record = await call(pilotPage.action, postRequest(`/pilots/${t.pilotId}`,
      { intent: "record", kpiId: kpi.id, ...ukDateFields("measuredOn", -4), value: "12", note: "" }, t.startup.cookie), { id: t.pilotId });
    expect(record.status).toBe(400);
    expect(JSON.stringify(record.body)).toContain(PILOT_COMPLETED);
    const change = await plan(t.pilotId, { intent: "propose-change", reason: "One more milestone", "changes[0].kind": "add-milestone" }, t.startup.cookie);
    expect(change.status).toBe(400);
    expect(await db().selectFrom("measurements").select("id").where("kpi_id", "=", kpi.id).execute()).toHaveLength(0);
  });

  it("leaves the challenge paired while another of its pilots is still running", async () => {
    const first = await approvedPilot(-120, -3, "done");
    // A second team on the same challenge, still running.
    const startup = await createMember("startup");
    const corp = await createMember("corporate");
    const proposal = await createProposal(first.challengeId, startup.orgId, { status: "submitted", title: "Second team" });
    await createPairedPilot(
      { challengeId: first.challengeId, proposalId: proposal.id, publicOrgId: first.body.orgId, startupOrgId: startup.orgId, corporateOrgId: corp.orgId },
      { pilot: { title: "Second team's pilot", status: "approved", starts_on: londonDay(-30), ends_on: londonDay(30) } },
    );
    expect((await complete(first.pilotId, first.body.cookie)).status).toBe(302);
    const challenge = await db().selectFrom("challenges").select("status").where("id", "=", first.challengeId).executeTakeFirstOrThrow();
    expect(challenge.status).toBe("paired");
  });
});
