// Pilots: who is on a pilot's team, what each of them may read and change, and the pilot as its pages
// show it. A pilot's team is the members of its three organisations (public body, start-up, corporate);
// a person acts for the organisation they have chosen, and that organisation's place in the team decides
// what they may do. Everything leaving this module names organisations only, never people, because an
// approved pilot's page is public.
//
// Access: someone with no membership in the team's organisations gets 404 (the pilot's existence does not
// leak, decision 003); a team member of the wrong kind gets 403. Admins may read every pilot but change none.
import { sql, type Selectable, type Transaction } from "kysely";
import type { Database, PilotsTable } from "../../../db/schema";
import { milestoneState, kpiStatus, pilotStatus, type KpiStatus, type PilotStatus } from "../../rules/pilots/status";
import type { PilotLifecycle, TeamRole } from "../../lib/pilots";
import { audit, type AuditAction } from "../audit.server";
import { requireActor, type Actor } from "../auth.server";
import { db } from "../connections.server";
import { forbidden, notFound } from "../http.server";
import type { KpiFormInput, MeasurementInput, MilestoneDoneInput, MilestoneInput, PlanInput, ReviewInput } from "./pilot-forms";
import { RuleError } from "../rule-error.server";
import { requestProgrammeRollup } from "../dashboards/rollup-request.server";

/** A rule of the pilot broken by an otherwise valid form; shown as a message on `field`. */
export interface PilotCore {
  id: string;
  title: string;
  status: PilotLifecycle;
  startsOn: string | null;
  endsOn: string | null;
  budgetGbp: number | null;
  approvedAt: string | null;
  challengeId: string;
  challengeTitle: string;
  team: { publicBody: TeamOrg; startup: TeamOrg; corporate: TeamOrg };
}

export interface TeamOrg {
  id: string;
  name: string;
  /** Verified by the programme office (shown as a tag beside the name). */
  verified: boolean;
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

function coreQuery() {
  return db()
    .selectFrom("pilots")
    .innerJoin("teams", "teams.id", "pilots.team_id")
    .innerJoin("challenges", "challenges.id", "teams.challenge_id")
    .innerJoin("organisations as pb", "pb.id", "teams.public_org_id")
    .innerJoin("organisations as su", "su.id", "teams.startup_org_id")
    .innerJoin("organisations as co", "co.id", "teams.corporate_org_id")
    .select([
      "pilots.id", "pilots.title", "pilots.status", "pilots.starts_on", "pilots.ends_on", "pilots.budget_gbp", "pilots.approved_at",
      "challenges.id as challenge_id", "challenges.title as challenge_title",
      "pb.id as pb_id", "pb.name as pb_name", "su.id as su_id", "su.name as su_name", "co.id as co_id", "co.name as co_name",
      "pb.verified_at as pb_verified_at", "su.verified_at as su_verified_at", "co.verified_at as co_verified_at",
    ]);
}

type CoreRow = Awaited<ReturnType<ReturnType<typeof coreQuery>["executeTakeFirstOrThrow"]>>;

function toCore(r: CoreRow): PilotCore {
  return {
    id: r.id,
    title: r.title,
    status: r.status,
    startsOn: day(r.starts_on),
    endsOn: day(r.ends_on),
    budgetGbp: r.budget_gbp,
    approvedAt: r.approved_at ? r.approved_at.toISOString() : null,
    challengeId: r.challenge_id,
    challengeTitle: r.challenge_title,
    team: {
      publicBody: { id: r.pb_id, name: r.pb_name, verified: r.pb_verified_at !== null },
      startup: { id: r.su_id, name: r.su_name, verified: r.su_verified_at !== null },
      corporate: { id: r.co_id, name: r.co_name, verified: r.co_verified_at !== null },
    },
  };
}

export async function getPilotCore(id: string): Promise<PilotCore | null> {
  const row = await coreQuery().where("pilots.id", "=", id).executeTakeFirst();
  return row ? toCore(row) : null;
}

/** The role an organisation plays in the pilot's team, if any. */
export function teamRoleOf(pilot: Pick<PilotCore, "team">, orgId: string | null | undefined): TeamRole | null {
  if (!orgId) return null;
  if (pilot.team.publicBody.id === orgId) return "public_body";
  if (pilot.team.startup.id === orgId) return "startup";
  if (pilot.team.corporate.id === orgId) return "corporate";
  return null;
}

export function teamOrgIds(pilot: Pick<PilotCore, "team">): string[] {
  return [pilot.team.publicBody.id, pilot.team.startup.id, pilot.team.corporate.id];
}

/** Whether the actor belongs to any of the team's organisations (whichever one they act for now). */
export function isTeamMember(pilot: Pick<PilotCore, "team">, actor: Pick<Actor, "memberships"> | null): boolean {
  const ids = teamOrgIds(pilot);
  return !!actor && actor.memberships.some((m) => ids.includes(m.orgId));
}

/** Who may read: anyone once approved; the team and admins while it is a draft. */
export function canRead(pilot: Pick<PilotCore, "team" | "status">, actor: Actor | null): boolean {
  return pilot.status !== "draft" || isTeamMember(pilot, actor) || !!actor?.user.isAdmin;
}

const ROLE_MESSAGE: Record<TeamRole, string> = {
  public_body: "Only the public body in this pilot's team can do this",
  startup: "Only the start-up in this pilot's team can do this",
  corporate: "Only the corporate sponsor in this pilot's team can do this",
};

/**
 * A signed-in team member acting for one of the team's organisations, of one of these roles (all three
 * if none are given). Non-members get 404; admins and members of the wrong kind get 403.
 */
export async function requirePilotRole(request: Request, pilotId: string, roles: TeamRole[] = ["public_body", "startup", "corporate"]) {
  const actor = await requireActor(request);
  const pilot = await getPilotCore(pilotId);
  if (!pilot) notFound();
  const member = isTeamMember(pilot, actor);
  if (!member && !actor.user.isAdmin) notFound();
  const role = teamRoleOf(pilot, actor.org?.orgId);
  if (!role) {
    forbidden(member
      ? `You are acting for ${actor.org?.name ?? "no organisation"}. Switch to your organisation in this pilot's team to change it.`
      : "Programme administrators can read pilots but only the team can change them");
  }
  if (!roles.includes(role)) forbidden(roles.length === 1 ? ROLE_MESSAGE[roles[0]!] : "Your organisation cannot do this in this pilot");
  // The request travels with the command, which audits itself in its own transaction.
  return { request, actor, pilot, role };
}

// ---------------------------------------------------------------------------------------------------
// Reading

export interface MilestoneView {
  id: string;
  title: string;
  dueOn: string;
  ownerOrgId: string;
  ownerName: string;
  status: "planned" | "done";
  doneOn: string | null;
  evidence: string;
  state: "done" | "late" | "planned";
}

export interface MeasurementView {
  id: string;
  measuredOn: string;
  value: number;
  note: string;
  status: "recorded" | "verified" | "queried";
  queryNote: string;
  reviewedAt: string | null;
}

export interface KpiView {
  id: string;
  name: string;
  unit: string;
  baseline: number;
  target: number;
  direction: "higher" | "lower";
  frequency: "weekly" | "monthly" | "quarterly";
  status: KpiStatus | "not_started";
  measurements: MeasurementView[];
}

export interface PilotView extends PilotCore {
  health: PilotStatus;
  milestones: MilestoneView[];
  kpis: KpiView[];
}

const utcDay = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** Milestones, KPIs and measurements of several pilots in three queries, with their derived statuses. */
async function details(pilots: PilotCore[], today: Date): Promise<Map<string, PilotView>> {
  const ids = pilots.map((p) => p.id);
  const out = new Map<string, PilotView>();
  if (ids.length === 0) return out;
  const [milestones, kpis, measurements] = await Promise.all([
    db().selectFrom("milestones").innerJoin("organisations", "organisations.id", "milestones.owner_org_id")
      .select(["milestones.id", "milestones.pilot_id", "milestones.title", "milestones.due_on", "milestones.owner_org_id", "organisations.name as owner_name",
        "milestones.status", "milestones.done_on", "milestones.evidence"])
      .where("milestones.pilot_id", "in", ids).orderBy("milestones.due_on").orderBy("milestones.title").execute(),
    db().selectFrom("kpis").select(["id", "pilot_id", "name", "unit", "baseline", "target", "direction", "frequency"])
      .where("pilot_id", "in", ids).orderBy("created_at").orderBy("name").execute(),
    db().selectFrom("measurements").innerJoin("kpis", "kpis.id", "measurements.kpi_id")
      .select(["measurements.id", "measurements.kpi_id", "measurements.measured_on", "measurements.value", "measurements.note", "measurements.status",
        "measurements.query_note", "measurements.reviewed_at"])
      .where("kpis.pilot_id", "in", ids).orderBy("measurements.measured_on").orderBy("measurements.created_at").execute(),
  ]);
  for (const p of pilots) {
    const start = p.startsOn ? utcDay(p.startsOn) : null;
    const end = p.endsOn ? utcDay(p.endsOn) : null;
    const started = !!start && !!end && today >= start;
    const ms: MilestoneView[] = milestones.filter((m) => m.pilot_id === p.id).map((m) => ({
      id: m.id, title: m.title, dueOn: day(m.due_on)!, ownerOrgId: m.owner_org_id, ownerName: m.owner_name, status: m.status,
      doneOn: day(m.done_on), evidence: m.evidence,
      state: milestoneState({ dueOn: m.due_on, status: m.status, doneOn: m.done_on }, today),
    }));
    const ks: KpiView[] = kpis.filter((k) => k.pilot_id === p.id).map((k) => {
      const own = measurements.filter((m) => m.kpi_id === k.id);
      const input = { ...k, measurements: own.map((m) => ({ measuredOn: m.measured_on, value: m.value, status: m.status })) };
      return {
        id: k.id, name: k.name, unit: k.unit, baseline: k.baseline, target: k.target, direction: k.direction, frequency: k.frequency,
        status: started ? kpiStatus(input, start!, end!, today) : "not_started",
        measurements: own.map((m) => ({
          id: m.id, measuredOn: day(m.measured_on)!, value: m.value, note: m.note, status: m.status, queryNote: m.query_note,
          reviewedAt: m.reviewed_at ? m.reviewed_at.toISOString() : null,
        })),
      };
    });
    const health = pilotStatus({
      startsOn: start,
      endsOn: end,
      kpis: kpis.filter((k) => k.pilot_id === p.id).map((k) => ({
        ...k,
        measurements: measurements.filter((m) => m.kpi_id === k.id).map((m) => ({ measuredOn: m.measured_on, value: m.value, status: m.status })),
      })),
      milestones: milestones.filter((m) => m.pilot_id === p.id).map((m) => ({ dueOn: m.due_on, status: m.status, doneOn: m.done_on })),
    }, today);
    out.set(p.id, { ...p, health, milestones: ms, kpis: ks });
  }
  return out;
}

/** A pilot with its plan, measurements and derived status, or null if it does not exist. */
export async function loadPilot(id: string, today = new Date()): Promise<PilotView | null> {
  const core = await getPilotCore(id);
  if (!core) return null;
  return (await details([core], today)).get(id) ?? null;
}

/** The pilot as this actor may see it; 404 for a draft to anyone outside the team (admins excepted). */
export async function requireReadablePilot(actor: Actor | null, id: string, today = new Date()): Promise<PilotView> {
  const pilot = await loadPilot(id, today);
  if (!pilot || !canRead(pilot, actor)) notFound();
  return teamRoleOf(pilot, actor?.org?.orgId) ? pilot : asThePublicSeesIt(pilot);
}

/**
 * Everyone outside the team sees only the measurements the public body has verified, as in kpis.csv; a
 * measurement still waiting for its check, or queried, stays between the team (and so do query notes).
 */
function asThePublicSeesIt(pilot: PilotView): PilotView {
  return { ...pilot, kpis: pilot.kpis.map((k) => ({ ...k, measurements: k.measurements.filter((m) => m.status === "verified") })) };
}

export type PilotSummary = Pick<PilotView, "id" | "title" | "status" | "health" | "startsOn" | "endsOn" | "challengeTitle" | "team">;

function summarise(p: PilotView): PilotSummary {
  return { id: p.id, title: p.title, status: p.status, health: p.health, startsOn: p.startsOn, endsOn: p.endsOn, challengeTitle: p.challengeTitle, team: p.team };
}

/** Pilots with approved plans, for everyone. */
export async function listPublicPilots(today = new Date()): Promise<PilotSummary[]> {
  const rows = await coreQuery().where("pilots.status", "!=", "draft").orderBy("pilots.starts_on", "desc").orderBy("pilots.title").execute();
  const cores = rows.map(toCore);
  const views = await details(cores, today);
  return cores.map((c) => summarise(views.get(c.id)!));
}

/** Pilots (drafts included) whose team includes one of the actor's organisations. */
export async function listTeamPilots(actor: Pick<Actor, "memberships">, today = new Date()): Promise<PilotSummary[]> {
  const orgIds = actor.memberships.map((m) => m.orgId);
  if (orgIds.length === 0) return [];
  const rows = await coreQuery()
    .where((eb) => eb.or([eb("teams.public_org_id", "in", orgIds), eb("teams.startup_org_id", "in", orgIds), eb("teams.corporate_org_id", "in", orgIds)]))
    .orderBy("pilots.created_at", "desc").execute();
  const cores = rows.map(toCore);
  const views = await details(cores, today);
  return cores.map((c) => summarise(views.get(c.id)!));
}

// ---------------------------------------------------------------------------------------------------
// Commands. Each takes the pilot and actor checked by requirePilotRole and runs in one transaction that
// holds the pilot's row (SELECT … FOR UPDATE): approval and every change to the plan queue behind one
// another, and each re-reads the pilot's state under the lock, so nothing checked against a draft is
// written after the approval that ends it. Each writes its audit row in that transaction: a change that
// cannot be audited is not made.

export type PilotActor = Awaited<ReturnType<typeof requirePilotRole>>;
export type LockedPilot = Pick<Selectable<PilotsTable>, "id" | "status" | "starts_on" | "ends_on">;

const DATES_FIXED = "The plan has been approved, so its dates and budget can no longer change";
export const PLAN_LOCKED = "The plan has been approved: its milestones and KPIs now change only through a change the public body approves, so propose a change to the plan";

/** A command's own permission: only this role of the team may make it (403 for the rest of the team). */
export function assertRole(cmd: PilotActor, role: TeamRole, message: string) {
  if (cmd.role !== role) forbidden(message);
}

function assertDraft(pilot: LockedPilot, message = PLAN_LOCKED, field = "form") {
  if (pilot.status !== "draft") throw new RuleError(message, field);
}

/** Runs `fn` in a transaction holding the pilot's row: FOR UPDATE for the plan and its approval, FOR SHARE for measurements. */
export async function withLockedPilot<T>(pilotId: string, fn: (tx: Transaction<Database>, pilot: LockedPilot) => Promise<T>, mode: "update" | "share" = "update"): Promise<T> {
  return db().transaction().execute(async (tx) => {
    const q = tx.selectFrom("pilots").select(["id", "status", "starts_on", "ends_on"]).where("id", "=", pilotId);
    const pilot = await (mode === "update" ? q.forUpdate() : q.forShare()).executeTakeFirst();
    if (!pilot) notFound();
    return fn(tx, pilot);
  });
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
  const m = await tx.selectFrom("milestones").select(["id", "owner_org_id", "status", "evidence"])
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
 * The public body approves a complete plan: dates set and at least one KPI. Then the pilot is public.
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
    await tx.updateTable("pilots")
      .set({ status: "approved", approved_at: sql`clock_timestamp()`, approved_by: cmd.actor.user.id, updated_at: sql`now()` })
      .where("id", "=", pilot.id).execute();
    await auditPilot(tx, cmd, "pilot.approved", approved);
    return approved;
  });
  await requestProgrammeRollup();
  return result;
}

/** The start-up records a KPI value, once the plan is approved. */
export async function recordMeasurement(cmd: PilotActor, input: MeasurementInput): Promise<void> {
  assertRole(cmd, "startup", "Only the start-up in this pilot's team can record measurements");
  await withLockedPilot(cmd.pilot.id, async (tx, pilot) => {
    if (pilot.status === "draft") throw new RuleError("Measurements can be recorded once the plan is approved");
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
  }, "share");
  await requestProgrammeRollup();
}
