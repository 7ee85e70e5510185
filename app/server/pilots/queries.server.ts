// Reading pilots: the pilot as its pages show it, with its plan, measurements and the statuses derived
// from them. Everything leaving this module names organisations only, never people, because an approved
// pilot's page is public. Who may read which pilot is decided in access.server.ts.
import { db } from "../connections.server";
import type { Actor } from "../auth.server";
import { milestoneState, kpiStatus, pilotStatus, type KpiStatus, type PilotStatus } from "../../rules/pilots/status";
import type { PilotLifecycle } from "../../lib/pilots";

/** A pilot with its challenge and the three organisations of its team, as every read starts from. */
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

/** A date column as the forms and pages carry it (YYYY-MM-DD), or null. */
export const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/**
 * Pilots with their team: the challenge, and the public body (pb), start-up (su) and corporate (co). Every
 * read of pilots starts here, so the three organisations are always joined under the same names.
 */
export function pilotsWithTeam() {
  return db()
    .selectFrom("pilots")
    .innerJoin("teams", "teams.id", "pilots.team_id")
    .innerJoin("challenges", "challenges.id", "teams.challenge_id")
    .innerJoin("organisations as pb", "pb.id", "teams.public_org_id")
    .innerJoin("organisations as su", "su.id", "teams.startup_org_id")
    .innerJoin("organisations as co", "co.id", "teams.corporate_org_id");
}

function coreQuery() {
  return pilotsWithTeam()
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
    // Each KPI's measurements through measurements_kpi_idx (a LATERAL join, kept from being flattened by its
    // OFFSET 0): as a plain join the planner guessed a page's KPIs at 2,500 measurements and read all
    // 100,000 at city scale for them (bench/web/explain.ts), although the first page's pilots have none yet.
    db().selectFrom("kpis")
      .innerJoinLateral((eb) => eb.selectFrom("measurements")
        .select(["measurements.id", "measurements.kpi_id", "measurements.measured_on", "measurements.value", "measurements.note", "measurements.status",
          "measurements.query_note", "measurements.reviewed_at", "measurements.created_at"])
        .whereRef("measurements.kpi_id", "=", "kpis.id").offset(0).as("m"), (join) => join.onTrue())
      .select(["m.id", "m.kpi_id", "m.measured_on", "m.value", "m.note", "m.status", "m.query_note", "m.reviewed_at"])
      .where("kpis.pilot_id", "in", ids).orderBy("m.measured_on").orderBy("m.created_at").execute(),
  ]);
  // Grouped once: filtering every list per pilot and per KPI was quadratic (69 s for /pilots at city scale,
  // bench/web); with the groups the loop is linear in the rows.
  const milestonesOf = groupBy(milestones, (m) => m.pilot_id);
  const kpisOf = groupBy(kpis, (k) => k.pilot_id);
  const measurementsOf = groupBy(measurements, (m) => m.kpi_id);
  for (const p of pilots) {
    const start = p.startsOn ? utcDay(p.startsOn) : null;
    const end = p.endsOn ? utcDay(p.endsOn) : null;
    const started = !!start && !!end && today >= start;
    const ms: MilestoneView[] = (milestonesOf.get(p.id) ?? []).map((m) => ({
      id: m.id, title: m.title, dueOn: day(m.due_on)!, ownerOrgId: m.owner_org_id, ownerName: m.owner_name, status: m.status,
      doneOn: day(m.done_on), evidence: m.evidence,
      state: milestoneState({ dueOn: m.due_on, status: m.status, doneOn: m.done_on }, today),
    }));
    const ks: KpiView[] = (kpisOf.get(p.id) ?? []).map((k) => {
      const own = measurementsOf.get(k.id) ?? [];
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
      kpis: (kpisOf.get(p.id) ?? []).map((k) => ({
        ...k,
        measurements: (measurementsOf.get(k.id) ?? []).map((m) => ({ measuredOn: m.measured_on, value: m.value, status: m.status })),
      })),
      milestones: (milestonesOf.get(p.id) ?? []).map((m) => ({ dueOn: m.due_on, status: m.status, doneOn: m.done_on })),
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

export type PilotSummary = Pick<PilotView, "id" | "title" | "status" | "health" | "startsOn" | "endsOn" | "challengeId" | "challengeTitle" | "team">;

function summarise(p: PilotView): PilotSummary {
  return { id: p.id, title: p.title, status: p.status, health: p.health, startsOn: p.startsOn, endsOn: p.endsOn, challengeId: p.challengeId, challengeTitle: p.challengeTitle, team: p.team };
}

/** How many pilots /pilots shows on a page: their milestones, KPIs and measurements are read for these only. */
export const PILOTS_PAGE_SIZE = 25;

/** One page of the pilots with approved plans, for everyone (latest start first), and how many there are. */
export async function listPublicPilots(page: { limit: number; offset: number }, today = new Date()): Promise<{ pilots: PilotSummary[]; total: number }> {
  const [rows, counted] = await Promise.all([
    coreQuery().where("pilots.status", "!=", "draft").orderBy("pilots.starts_on", "desc").orderBy("pilots.title").orderBy("pilots.id")
      .limit(page.limit).offset(page.offset).execute(),
    db().selectFrom("pilots").select((eb) => eb.fn.countAll<string>().as("n")).where("status", "!=", "draft").executeTakeFirstOrThrow(),
  ]);
  const cores = rows.map(toCore);
  const views = await details(cores, today);
  return { pilots: cores.map((c) => summarise(views.get(c.id)!)), total: Number(counted.n) };
}

/** Pilots (drafts included) whose team includes one of the actor's organisations. */
export async function listTeamPilots(actor: { memberships: readonly Pick<Actor["memberships"][number], "orgId">[] }, options: { limit?: number } = {}, today = new Date()): Promise<PilotSummary[]> {
  const orgIds = actor.memberships.map((m) => m.orgId);
  if (orgIds.length === 0) return [];
  let query = coreQuery()
    .where((eb) => eb.or([eb("teams.public_org_id", "in", orgIds), eb("teams.startup_org_id", "in", orgIds), eb("teams.corporate_org_id", "in", orgIds)]))
    .orderBy("pilots.created_at", "desc").orderBy("pilots.id");
  if (options.limit !== undefined) query = query.limit(options.limit);
  const rows = await query.execute();
  const cores = rows.map(toCore);
  const views = await details(cores, today);
  return cores.map((c) => summarise(views.get(c.id)!));
}

/** Rows grouped by a key, in their order. */
function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}
