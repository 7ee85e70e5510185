// Changes to an approved plan (decision 010). Once the public body approves a plan, its milestones and
// KPIs change only through a request: a member of the team proposes a list of changes with a reason;
// the public body approves it, and the changes are applied in the transaction that records the decision,
// or declines it, and nothing changes. Dates and budget stay fixed. Each change is checked against the
// plan when proposed and again, under the pilot's lock, when approved: a milestone done in between, or
// a KPI measured in between, makes the request one that can only be declined.
import { sql, type Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { formatDate } from "../../lib/dates";
import { db } from "../connections.server";
import { notFound } from "../http.server";
import type { PlanChangeInput, PlanDecisionInput } from "./pilot-forms";
import { assertRole, teamOrgIds, withLockedPilot, type LockedPilot, type PilotActor } from "./access.server";
import { auditPilot } from "./commands.server";
import { RuleError } from "../rule-error.server";
import { requestProgrammeRollup } from "../dashboards/rollup-request.server";

/** One change, with what it named when it was proposed, so the request reads the same after it is applied. */
export type PlanChange =
  | { kind: "add_kpi"; name: string; unit: string; baseline: number; target: number; direction: "higher" | "lower"; frequency: "weekly" | "monthly" | "quarterly" }
  | { kind: "remove_kpi"; kpiId: string; name: string }
  | { kind: "add_milestone"; title: string; dueOn: string; ownerOrgId: string; ownerName: string }
  | { kind: "move_milestone"; milestoneId: string; title: string; fromDueOn: string; dueOn: string }
  | { kind: "remove_milestone"; milestoneId: string; title: string };

export interface PlanChangeView {
  id: string;
  status: "pending" | "approved" | "declined";
  reason: string;
  /** Each change in words. */
  changes: string[];
  proposedByOrg: string;
  createdAt: string;
  decidedAt: string | null;
  decisionNote: string;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The plan's milestones and KPIs as they are now, for checking changes against. */
async function currentPlan(tx: Transaction<Database>, pilotId: string) {
  const [milestones, kpis] = await Promise.all([
    tx.selectFrom("milestones").select(["id", "title", "due_on", "status"]).where("pilot_id", "=", pilotId).execute(),
    tx.selectFrom("kpis").leftJoin("measurements", "measurements.kpi_id", "kpis.id")
      .select(["kpis.id", "kpis.name", sql<number>`count(measurements.id)::int`.as("measured")])
      .where("kpis.pilot_id", "=", pilotId).groupBy(["kpis.id", "kpis.name"]).execute(),
  ]);
  return { milestones: new Map(milestones.map((m) => [m.id, m])), kpis: new Map(kpis.map((k) => [k.id, k])) };
}

type Plan = Awaited<ReturnType<typeof currentPlan>>;

function plannedMilestone(plan: Plan, id: string, field: string) {
  const m = plan.milestones.get(id);
  if (!m) throw new RuleError("Choose a milestone of this plan", field);
  if (m.status === "done") throw new RuleError(`“${m.title}” is done, so it stays as it is`, field);
  return m;
}

function removableKpi(plan: Plan, id: string) {
  const k = plan.kpis.get(id);
  if (!k) throw new RuleError("Choose a KPI of this plan", "removeKpiIds");
  if (k.measured > 0) throw new RuleError(`“${k.name}” has measurements, so it cannot be removed`, "removeKpiIds");
  return k;
}

/** The form's parts as a list of changes, each checked against the plan as it is. */
function changesFrom(input: PlanChangeInput, plan: Plan, cmd: PilotActor): PlanChange[] {
  const changes: PlanChange[] = [];
  if (input.addKpi) {
    const { name, unit, baseline, target, direction, frequency } = input.addKpi;
    changes.push({ kind: "add_kpi", name, unit, baseline, target, direction, frequency });
  }
  for (const kpiId of new Set(input.removeKpiIds)) changes.push({ kind: "remove_kpi", kpiId, name: removableKpi(plan, kpiId).name });
  if (input.addMilestone) {
    const { title, dueOn, ownerOrgId } = input.addMilestone;
    if (!teamOrgIds(cmd.pilot).includes(ownerOrgId)) throw new RuleError("Choose who is responsible for the milestone", "addMilestone.ownerOrgId");
    const ownerName = Object.values(cmd.pilot.team).find((o) => o.id === ownerOrgId)!.name;
    changes.push({ kind: "add_milestone", title, dueOn, ownerOrgId, ownerName });
  }
  const removed = new Set(input.removeMilestoneIds);
  if (input.moveMilestone) {
    const { milestoneId, dueOn } = input.moveMilestone;
    const m = plannedMilestone(plan, milestoneId, "moveMilestone.milestoneId");
    if (removed.has(milestoneId)) throw new RuleError("Choose either to move this milestone or to remove it", "moveMilestone.milestoneId");
    if (dueOn === iso(m.due_on)) throw new RuleError(`“${m.title}” is already due on that day`, "moveMilestone.dueOn");
    changes.push({ kind: "move_milestone", milestoneId, title: m.title, fromDueOn: iso(m.due_on), dueOn });
  }
  for (const milestoneId of removed) {
    changes.push({ kind: "remove_milestone", milestoneId, title: plannedMilestone(plan, milestoneId, "removeMilestoneIds").title });
  }
  return changes;
}

/** Checks stored changes against the plan as it is now (it may have moved on since they were proposed). */
function recheck(changes: PlanChange[], plan: Plan) {
  for (const c of changes) {
    if (c.kind === "remove_kpi") removableKpi(plan, c.kpiId);
    if (c.kind === "move_milestone" || c.kind === "remove_milestone") plannedMilestone(plan, c.milestoneId, "form");
  }
}

export const PILOT_COMPLETED = "This pilot is completed: its plan and measurements no longer change";

function assertApproved(pilot: LockedPilot) {
  if (pilot.status === "draft") throw new RuleError("The plan is not approved yet: change it directly");
  if (pilot.status === "completed") throw new RuleError(PILOT_COMPLETED);
}

/** A member of the team proposes changes to the approved plan. */
export async function proposePlanChange(cmd: PilotActor, input: PlanChangeInput): Promise<void> {
  await withLockedPilot(cmd.pilot.id, async (tx, pilot) => {
    assertApproved(pilot);
    const changes = changesFrom(input, await currentPlan(tx, pilot.id), cmd);
    const created = await tx.insertInto("plan_change_requests").values({
      pilot_id: pilot.id, proposed_by: cmd.actor.user.id, proposed_by_org_id: cmd.actor.org!.orgId, reason: input.reason,
      changes: sql`cast(${JSON.stringify(changes)}::text as jsonb)`,
    }).returning("id").executeTakeFirstOrThrow();
    await auditPilot(tx, cmd, "pilot.plan_change_proposed", { requestId: created.id, changes: changes.length });
  });
}

async function applyChange(tx: Transaction<Database>, pilotId: string, c: PlanChange) {
  switch (c.kind) {
    case "add_kpi": {
      const { kind: _, ...kpi } = c;
      await tx.insertInto("kpis").values({ ...kpi, pilot_id: pilotId }).execute();
      return;
    }
    case "remove_kpi":
      await tx.deleteFrom("kpis").where("id", "=", c.kpiId).where("pilot_id", "=", pilotId).execute();
      return;
    case "add_milestone":
      await tx.insertInto("milestones").values({ pilot_id: pilotId, title: c.title, due_on: c.dueOn, owner_org_id: c.ownerOrgId }).execute();
      return;
    case "move_milestone":
      await tx.updateTable("milestones").set({ due_on: c.dueOn }).where("id", "=", c.milestoneId).where("pilot_id", "=", pilotId).execute();
      return;
    case "remove_milestone":
      await tx.deleteFrom("milestones").where("id", "=", c.milestoneId).where("pilot_id", "=", pilotId).execute();
  }
}

/**
 * The public body approves a pending request, applying its changes in this transaction, or declines it.
 * Two decisions sent at once: the second finds the request decided. Returns whether it was approved.
 */
export async function decidePlanChange(cmd: PilotActor, input: PlanDecisionInput): Promise<boolean> {
  assertRole(cmd, "public_body", "Only the public body in this pilot's team can approve or decline a change to the plan");
  const result = await withLockedPilot(cmd.pilot.id, async (tx, pilot) => {
    assertApproved(pilot);
    const request = await tx.selectFrom("plan_change_requests").select(["id", "status", "changes"])
      .where("id", "=", input.requestId).where("pilot_id", "=", pilot.id).forUpdate().executeTakeFirst();
    if (!request) notFound();
    if (request.status !== "pending") throw new RuleError(`This change has already been ${request.status}`);
    const changes = request.changes as PlanChange[];
    const approved = input.decision === "approve";
    if (approved) {
      recheck(changes, await currentPlan(tx, pilot.id));
      for (const c of changes) await applyChange(tx, pilot.id, c);
      await tx.updateTable("pilots").set({ updated_at: sql`now()` }).where("id", "=", pilot.id).execute();
    }
    await tx.updateTable("plan_change_requests")
      .set({ status: approved ? "approved" : "declined", decided_by: cmd.actor.user.id, decided_at: sql`now()`, decision_note: input.note })
      .where("id", "=", request.id).execute();
    await auditPilot(tx, cmd, approved ? "pilot.plan_change_approved" : "pilot.plan_change_declined", { requestId: request.id, changes: changes.length });
    return approved;
  });
  if (result) await requestProgrammeRollup();
  return result;
}

/** Every change request of a pilot, pending first, newest first. For the team's plan page. */
export async function listPlanChanges(pilotId: string): Promise<PlanChangeView[]> {
  const rows = await db().selectFrom("plan_change_requests")
    .innerJoin("organisations", "organisations.id", "plan_change_requests.proposed_by_org_id")
    .select(["plan_change_requests.id", "plan_change_requests.status", "plan_change_requests.reason", "plan_change_requests.changes",
      "plan_change_requests.created_at", "plan_change_requests.decided_at", "plan_change_requests.decision_note", "organisations.name as org_name"])
    .where("plan_change_requests.pilot_id", "=", pilotId)
    .orderBy(sql`plan_change_requests.status = 'pending'`, "desc").orderBy("plan_change_requests.created_at", "desc").execute();
  return rows.map((r) => ({
    id: r.id, status: r.status, reason: r.reason, changes: (r.changes as PlanChange[]).map(describeChange), proposedByOrg: r.org_name,
    createdAt: r.created_at.toISOString(), decidedAt: r.decided_at ? r.decided_at.toISOString() : null, decisionNote: r.decision_note,
  }));
}

/** A change in words, for the page. */
function describeChange(c: PlanChange): string {
  switch (c.kind) {
    case "add_kpi": return `Add the KPI “${c.name}”: from ${c.baseline} to ${c.target} ${c.unit}, ${c.direction} is better, measured ${c.frequency}`;
    case "remove_kpi": return `Remove the KPI “${c.name}”`;
    case "add_milestone": return `Add the milestone “${c.title}”, due ${formatDate(c.dueOn)}, for ${c.ownerName}`;
    case "move_milestone": return `Move “${c.title}” from ${formatDate(c.fromDueOn)} to ${formatDate(c.dueOn)}`;
    case "remove_milestone": return `Remove the milestone “${c.title}”`;
  }
}
