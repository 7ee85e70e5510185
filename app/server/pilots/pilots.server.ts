// Pilots: who is on a pilot's team, what each of them may read and change, and the pilot as its pages
// show it. A pilot's team is the members of its three organisations (public body, start-up, corporate);
// a person acts for the organisation they have chosen, and that organisation's place in the team decides
// what they may do. Everything leaving this module names organisations only, never people, because an
// approved pilot's page is public.
//
// Access: someone with no membership in the team's organisations gets 404 (the pilot's existence does not
// leak, decision 003); a team member of the wrong kind gets 403. Admins may read every pilot but change none.
import { sql } from "kysely";
import { milestoneState, kpiStatus, pilotStatus, type KpiStatus, type PilotStatus } from "../../../jobs/pilots/status";
import type { PilotLifecycle, TeamRole } from "../../lib/pilots";
import { requireActor, type Actor } from "../auth.server";
import { db } from "../connections.server";
import { forbidden, notFound } from "../http.server";
import type { KpiFormInput, MeasurementInput, MilestoneInput, PlanInput, ReviewInput } from "./pilot-forms";

/** A rule of the pilot broken by an otherwise valid form; shown as a message on `field`. */
export class PilotRuleError extends Error {
  constructor(message: string, readonly field = "form") {
    super(message);
  }
}

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
  return { actor, pilot, role };
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
  return pilot;
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
// Commands. Each takes a pilot already checked by requirePilotRole, and filters every row by that pilot.

const PLAN_LOCKED = "The plan has been approved, so its dates, budget and KPIs can no longer change";

function assertDraft(pilot: PilotCore, field = "form") {
  if (pilot.status !== "draft") throw new PilotRuleError(PLAN_LOCKED, field);
}

export async function updatePlan(pilot: PilotCore, input: PlanInput): Promise<void> {
  assertDraft(pilot);
  await db().updateTable("pilots")
    .set({ starts_on: input.startsOn, ends_on: input.endsOn, budget_gbp: input.budgetGbp ?? null, updated_at: sql`now()` })
    .where("id", "=", pilot.id).where("status", "=", "draft").execute();
}

/** Adds a milestone, or changes one of this pilot's (404 for another pilot's). Allowed after approval, to mark progress. */
export async function saveMilestone(pilot: PilotCore, input: MilestoneInput): Promise<void> {
  if (!teamOrgIds(pilot).includes(input.ownerOrgId)) throw new PilotRuleError("Choose who is responsible for the milestone", "ownerOrgId");
  const values = {
    title: input.title, due_on: input.dueOn, owner_org_id: input.ownerOrgId, status: input.milestoneStatus,
    done_on: input.doneOn, evidence: input.evidence,
  };
  if (input.milestoneId) {
    const r = await db().updateTable("milestones").set(values).where("id", "=", input.milestoneId).where("pilot_id", "=", pilot.id).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) notFound();
  } else {
    await db().insertInto("milestones").values({ ...values, pilot_id: pilot.id }).execute();
  }
}

export async function removeMilestone(pilot: PilotCore, milestoneId: string): Promise<void> {
  const r = await db().deleteFrom("milestones").where("id", "=", milestoneId).where("pilot_id", "=", pilot.id).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) notFound();
}

export async function saveKpi(pilot: PilotCore, input: KpiFormInput): Promise<void> {
  assertDraft(pilot);
  const values = { name: input.name, unit: input.unit, baseline: input.baseline, target: input.target, direction: input.direction, frequency: input.frequency };
  if (input.kpiId) {
    const r = await db().updateTable("kpis").set(values).where("id", "=", input.kpiId).where("pilot_id", "=", pilot.id).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) notFound();
  } else {
    await db().insertInto("kpis").values({ ...values, pilot_id: pilot.id }).execute();
  }
}

export async function removeKpi(pilot: PilotCore, kpiId: string): Promise<void> {
  assertDraft(pilot);
  const r = await db().deleteFrom("kpis").where("id", "=", kpiId).where("pilot_id", "=", pilot.id).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) notFound();
}

/** The public body approves a complete plan: dates set and at least one KPI. Then the pilot is public. */
export async function approvePlan(pilot: PilotCore, userId: string): Promise<void> {
  assertDraft(pilot, "approve");
  if (!pilot.startsOn || !pilot.endsOn) throw new PilotRuleError("Add the start and end dates before approving the plan", "approve");
  const kpis = await db().selectFrom("kpis").select(sql<number>`count(*)::int`.as("n")).where("pilot_id", "=", pilot.id).executeTakeFirstOrThrow();
  if (kpis.n === 0) throw new PilotRuleError("Add at least one KPI before approving the plan", "approve");
  await db().updateTable("pilots")
    .set({ status: "approved", approved_at: sql`now()`, approved_by: userId, updated_at: sql`now()` })
    .where("id", "=", pilot.id).where("status", "=", "draft").execute();
}

/** The start-up records a KPI value, once the plan is approved. */
export async function recordMeasurement(pilot: PilotCore, userId: string, input: MeasurementInput): Promise<void> {
  if (pilot.status === "draft") throw new PilotRuleError("Measurements can be recorded once the plan is approved");
  const kpi = await db().selectFrom("kpis").select("id").where("id", "=", input.kpiId).where("pilot_id", "=", pilot.id).executeTakeFirst();
  if (!kpi) throw new PilotRuleError("Choose the KPI you measured", "kpiId");
  if (pilot.startsOn && input.measuredOn < pilot.startsOn) throw new PilotRuleError("The date of the measurement must be on or after the pilot's start date", "measuredOn");
  await db().insertInto("measurements").values({
    kpi_id: kpi.id, measured_on: input.measuredOn, value: input.value, note: input.note, recorded_by: userId,
  }).execute();
}

/** The public body verifies a measurement, or queries it with a note (a queried value is left out of the status). */
export async function reviewMeasurement(pilot: PilotCore, userId: string, input: ReviewInput): Promise<void> {
  const r = await db().updateTable("measurements")
    .set({
      status: input.decision === "verify" ? "verified" : "queried",
      query_note: input.decision === "verify" ? "" : input.queryNote,
      reviewed_by: userId,
      reviewed_at: sql`now()`,
    })
    .where("id", "=", input.measurementId)
    .where("kpi_id", "in", db().selectFrom("kpis").select("id").where("pilot_id", "=", pilot.id))
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) notFound();
}
