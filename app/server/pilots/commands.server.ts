// Changing pilots. Each command takes the pilot and actor checked by requirePilotRole and runs in one
// transaction that holds the pilot's row (SELECT … FOR UPDATE, withLockedPilot): approval and every change
// to the plan queue behind one another, and each re-reads the pilot's state under the lock, so nothing
// checked against a draft is written after the approval that ends it. Each writes its audit row in that
// transaction: a change that cannot be audited is not made.
import { sql, type Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { audit, type AuditAction } from "../audit.server";
import { forbidden, notFound } from "../http.server";
import type { KpiFormInput, MeasurementInput, MilestoneDoneInput, MilestoneInput, PlanInput, ReviewInput } from "./pilot-forms";
import { RuleError } from "../rule-error.server";
import { requestProgrammeRollup } from "../dashboards/rollup-request.server";
import { assertRole, teamOrgIds, withLockedPilot, type LockedPilot, type PilotActor } from "./access.server";
import { day, type PilotCore } from "./queries.server";
import { notifyMilestoneDone, notifyPilotCompleted } from "./pilot-notices.server";
import { PILOT_COMPLETED } from "./plan-changes.server";
import { assertDpiaGate } from "../register/dpia-gate.server";
import { measurementVerifiedEvent } from "../webhooks/events.server";

const DATES_FIXED = "The plan has been approved, so its dates and budget can no longer change";
export const PLAN_LOCKED = "The plan has been approved: its milestones and KPIs now change only through a change the public body approves, so propose a change to the plan";

function assertDraft(pilot: LockedPilot, message = PLAN_LOCKED, field = "form") {
  if (pilot.status !== "draft") throw new RuleError(message, field);
}

/** The command's audit row, in its transaction. */
export function auditPilot(tx: Transaction<Database>, cmd: PilotActor, action: AuditAction, detail: Record<string, string | number> = {}) {
  return audit(tx, cmd.request, { action, subject: { type: "pilot", id: cmd.pilot.id }, detail });
}

function orgName(pilot: Pick<PilotCore, "team">, orgId: string): string {
  return Object.values(pilot.team).find((o) => o.id === orgId)?.name ?? "the organisation responsible";
}

/** A milestone is its owner's: only members acting for that organisation change, remove or complete it (403 for the rest of the team). */
function assertMilestoneOwner({ actor, pilot }: PilotActor, ownerOrgId: string, what: string) {
  if (actor.org?.orgId !== ownerOrgId) forbidden(`Only ${orgName(pilot, ownerOrgId)}, who is responsible for this milestone, can ${what} it`);
}

async function lockedMilestone(tx: Transaction<Database>, pilotId: string, milestoneId: string) {
  const m = await tx.selectFrom("milestones").select(["id", "title", "owner_org_id", "status", "evidence"])
    .where("id", "=", milestoneId).where("pilot_id", "=", pilotId).forUpdate().executeTakeFirst();
  if (!m) notFound();
  return m;
}

export async function updatePlan(cmd: PilotActor, input: PlanInput): Promise<void> {
  await withLockedPilot(cmd.pilot.id, async (tx, pilot) => {
    assertDraft(pilot, DATES_FIXED);
    await tx.updateTable("pilots")
      .set({ starts_on: input.startsOn, ends_on: input.endsOn, budget_gbp: input.budgetGbp ?? null, updated_at: sql`now()` })
      .where("id", "=", pilot.id).execute();
    await auditPilot(tx, cmd, "pilot.updated", { intent: "plan" });
  });
}

/** Adds a milestone (any team member, for any of the team's organisations), or changes one (its owner only); a draft plan only. */
export async function saveMilestone(cmd: PilotActor, input: MilestoneInput): Promise<void> {
  if (!teamOrgIds(cmd.pilot).includes(input.ownerOrgId)) throw new RuleError("Choose who is responsible for the milestone", "ownerOrgId");
  await withLockedPilot(cmd.pilot.id, async (tx, pilot) => {
    const values = { title: input.title, due_on: input.dueOn, owner_org_id: input.ownerOrgId, evidence: input.evidence };
    if (input.milestoneId) {
      const m = await lockedMilestone(tx, pilot.id, input.milestoneId);
      assertMilestoneOwner(cmd, m.owner_org_id, "change");
      assertDraft(pilot);
      await tx.updateTable("milestones").set(values).where("id", "=", m.id).execute();
      await auditPilot(tx, cmd, "pilot.updated", { intent: "milestone", milestoneId: m.id });
      return;
    }
    assertDraft(pilot);
    const created = await tx.insertInto("milestones").values({ ...values, pilot_id: pilot.id }).returning("id").executeTakeFirstOrThrow();
    await auditPilot(tx, cmd, "pilot.updated", { intent: "milestone", milestoneId: created.id });
  });
}

export async function removeMilestone(cmd: PilotActor, milestoneId: string): Promise<void> {
  await withLockedPilot(cmd.pilot.id, async (tx, pilot) => {
    const m = await lockedMilestone(tx, pilot.id, milestoneId);
    assertMilestoneOwner(cmd, m.owner_org_id, "remove");
    assertDraft(pilot);
    await tx.deleteFrom("milestones").where("id", "=", m.id).execute();
    await auditPilot(tx, cmd, "pilot.updated", { intent: "remove-milestone", milestoneId: m.id });
  });
}

/** The owner marks a milestone done, on a day from the pilot's start to today (the form refuses future days). Draft or approved. */
export async function markMilestoneDone(cmd: PilotActor, input: MilestoneDoneInput): Promise<void> {
  await withLockedPilot(cmd.pilot.id, async (tx, pilot) => {
    const m = await lockedMilestone(tx, pilot.id, input.doneMilestoneId);
    assertMilestoneOwner(cmd, m.owner_org_id, "mark done");
    if (m.status === "done") throw new RuleError("This milestone is already marked done", "doneMilestoneId");
    const startsOn = day(pilot.starts_on);
    if (!startsOn) throw new RuleError("Add the pilot's start date before marking milestones done", "doneOn");
    if (input.doneOn < startsOn) throw new RuleError("The date it was done must be on or after the pilot's start date", "doneOn");
    await tx.updateTable("milestones").set({ status: "done", done_on: input.doneOn, evidence: input.doneEvidence || m.evidence }).where("id", "=", m.id).execute();
    await auditPilot(tx, cmd, "pilot.milestone_done", { milestoneId: m.id, doneOn: input.doneOn });
    if (pilot.status !== "draft") await notifyMilestoneDone(tx, cmd.pilot, { id: m.id, title: m.title });
  });
}

export async function saveKpi(cmd: PilotActor, input: KpiFormInput): Promise<void> {
  await withLockedPilot(cmd.pilot.id, async (tx, pilot) => {
    assertDraft(pilot);
    const values = { name: input.name, unit: input.unit, baseline: input.baseline, target: input.target, direction: input.direction, frequency: input.frequency };
    if (input.kpiId) {
      const r = await tx.updateTable("kpis").set(values).where("id", "=", input.kpiId).where("pilot_id", "=", pilot.id).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) notFound();
    } else {
      await tx.insertInto("kpis").values({ ...values, pilot_id: pilot.id }).execute();
    }
    await auditPilot(tx, cmd, "pilot.updated", { intent: "kpi" });
  });
}

export async function removeKpi(cmd: PilotActor, kpiId: string): Promise<void> {
  await withLockedPilot(cmd.pilot.id, async (tx, pilot) => {
    assertDraft(pilot);
    const r = await tx.deleteFrom("kpis").where("id", "=", kpiId).where("pilot_id", "=", pilot.id).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) notFound();
    await auditPilot(tx, cmd, "pilot.updated", { intent: "remove-kpi", kpiId });
  });
}

/**
 * The public body approves a complete plan: dates set, at least one KPI, and a DPIA for each dataset with
 * personal data in its data register. Then the pilot is public and runs.
 * Returns what it approved. `approved_at` is the moment the lock was held, after every change that came first.
 */
export async function approvePlan(cmd: PilotActor): Promise<{ kpis: number; milestones: number }> {
  assertRole(cmd, "public_body", "Only the public body in this pilot's team can approve its plan");
  const result = await withLockedPilot(cmd.pilot.id, async (tx, pilot) => {
    assertDraft(pilot, PLAN_LOCKED, "approve");
    if (!pilot.starts_on || !pilot.ends_on) throw new RuleError("Add the start and end dates before approving the plan", "approve");
    const count = (table: "kpis" | "milestones") =>
      tx.selectFrom(table).select(sql<number>`count(*)::int`.as("n")).where("pilot_id", "=", pilot.id).executeTakeFirstOrThrow().then((r) => r.n);
    const approved = { kpis: await count("kpis"), milestones: await count("milestones") };
    if (approved.kpis === 0) throw new RuleError("Add at least one KPI before approving the plan", "approve");
    // Approval starts the pilot: personal data in its register needs a dated DPIA first (decision 034).
    await assertDpiaGate(tx, pilot.id);
    await tx.updateTable("pilots")
      .set({ status: "approved", approved_at: sql`clock_timestamp()`, approved_by: cmd.actor.user.id, updated_at: sql`now()` })
      .where("id", "=", pilot.id).execute();
    await auditPilot(tx, cmd, "pilot.approved", approved);
    return approved;
  });
  await requestProgrammeRollup();
  return result;
}

export const NOT_ENDED = "The pilot can be marked completed once its end date has passed";
export const MILESTONES_OPEN = "Every milestone must be marked done before the pilot is completed";

/**
 * The public body closes an approved pilot once its end date (London's day) has passed and every milestone is
 * done; the challenge is completed with its last pilot. The team hears of it in the same transaction.
 */
export async function completePilot(cmd: PilotActor): Promise<void> {
  assertRole(cmd, "public_body", "Only the public body in this pilot's team can mark the pilot completed");
  await withLockedPilot(cmd.pilot.id, async (tx, pilot) => {
    if (pilot.status === "completed") throw new RuleError("This pilot is already completed", "complete");
    if (pilot.status !== "approved") throw new RuleError("The plan must be approved before the pilot can be completed", "complete");
    const facts = await tx.selectFrom("pilots").select((eb) => [
      sql<boolean>`coalesce(pilots.ends_on < (now() AT TIME ZONE 'Europe/London')::date, false)`.as("ended"),
      eb.selectFrom("milestones").select(sql<number>`count(*)::int`.as("n"))
        .whereRef("milestones.pilot_id", "=", "pilots.id").where("milestones.status", "!=", "done").as("open_milestones"),
    ]).where("pilots.id", "=", pilot.id).executeTakeFirstOrThrow();
    if (!facts.ended) throw new RuleError(NOT_ENDED, "complete");
    if (Number(facts.open_milestones) > 0) throw new RuleError(MILESTONES_OPEN, "complete");
    await tx.updateTable("pilots").set({ status: "completed", updated_at: sql`now()` }).where("id", "=", pilot.id).execute();
    await tx.updateTable("challenges").set({ status: "completed", updated_at: sql`now()` })
      .where("id", "=", cmd.pilot.challengeId).where("status", "=", "paired")
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom("teams").innerJoin("pilots", "pilots.team_id", "teams.id").select("pilots.id")
        .whereRef("teams.challenge_id", "=", "challenges.id").where("pilots.status", "!=", "completed"))))
      .execute();
    await auditPilot(tx, cmd, "pilot.completed");
    await notifyPilotCompleted(tx, cmd.pilot);
  });
  await requestProgrammeRollup();
}

/** The start-up records a KPI value, once the plan is approved. */
export async function recordMeasurement(cmd: PilotActor, input: MeasurementInput): Promise<void> {
  assertRole(cmd, "startup", "Only the start-up in this pilot's team can record measurements");
  await withLockedPilot(cmd.pilot.id, async (tx, pilot) => {
    if (pilot.status === "draft") throw new RuleError("Measurements can be recorded once the plan is approved");
    if (pilot.status === "completed") throw new RuleError(PILOT_COMPLETED);
    const kpi = await tx.selectFrom("kpis").select("id").where("id", "=", input.kpiId).where("pilot_id", "=", pilot.id).executeTakeFirst();
    if (!kpi) throw new RuleError("Choose the KPI you measured", "kpiId");
    const startsOn = day(pilot.starts_on);
    if (startsOn && input.measuredOn < startsOn) throw new RuleError("The date of the measurement must be on or after the pilot's start date", "measuredOn");
    await tx.insertInto("measurements").values({
      kpi_id: kpi.id, measured_on: input.measuredOn, value: input.value, note: input.note, recorded_by: cmd.actor.user.id,
    }).execute();
    await auditPilot(tx, cmd, "pilot.measurement_recorded");
  }, "share");
  await requestProgrammeRollup();
}

/** The public body verifies a measurement, or queries it with a note (a queried value is left out of the status). */
export async function reviewMeasurement(cmd: PilotActor, input: ReviewInput): Promise<void> {
  assertRole(cmd, "public_body", "Only the public body in this pilot's team can verify or query measurements");
  await withLockedPilot(cmd.pilot.id, async (tx, pilot) => {
    const r = await tx.updateTable("measurements")
      .set({
        status: input.decision === "verify" ? "verified" : "queried",
        query_note: input.decision === "verify" ? "" : input.queryNote,
        reviewed_by: cmd.actor.user.id,
        reviewed_at: sql`now()`,
      })
      .where("id", "=", input.measurementId)
      .where("kpi_id", "in", tx.selectFrom("kpis").select("id").where("pilot_id", "=", pilot.id))
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) notFound();
    await auditPilot(tx, cmd, "pilot.measurement_reviewed", { decision: input.decision });
    if (input.decision === "verify") await measurementVerifiedEvent(tx, input.measurementId);
  }, "share");
  await requestProgrammeRollup();
}
