// The programme dashboard's numbers, computed with a handful of set-based queries so it stays fast at city
// scale (hundreds of challenges, tens of thousands of proposals, a hundred thousand measurements). Every
// count is a GROUP BY in PostgreSQL except pilot status, which is derived by the pure rule in
// app/rules/pilots/status.ts: pilots, KPIs, latest measurements and milestones are loaded in bulk (four queries,
// whatever the number of pilots) and the rule is applied in memory.
import { sql } from "kysely";
import type { DB } from "../../../db/client";
import { pilotStatus, type KpiInput, type MilestoneInput, type PilotStatus } from "../../rules/pilots/status";
import { effectiveStatusAt } from "../challenges/open-rule.server";
import { monitoringFigures } from "../inclusion/figures.server";
import type { PublishedMonitoring } from "../../rules/inclusion/funnel";

export const PILOT_STATUSES: readonly PilotStatus[] = ["not_started", "on_track", "at_risk", "off_track"];

export interface NamedCount { slug: string; name: string; count: number }
export type PilotCounts = Record<PilotStatus, number>;

export interface ProgrammeFigures {
  computedAt: string;
  challenges: {
    total: number;
    byTheme: NamedCount[];
    byArea: NamedCount[];
    /** Status as people see it (upcoming, open, closed, judging, …); drafts are not counted. */
    byStatus: { status: string; count: number }[];
  };
  proposals: { submitted: number; byTheme: NamedCount[] };
  pilots: {
    total: number;
    byStatus: PilotCounts;
    byTheme: (Omit<NamedCount, "count"> & { counts: PilotCounts })[];
    byArea: (Omit<NamedCount, "count"> & { counts: PilotCounts })[];
    started: number;
    /** On-track pilots as a share (0–1) of started pilots; null when none has started. */
    onTrackShare: number | null;
  };
  funding: { pledgedGbp: number; byTheme: (Omit<NamedCount, "count"> & { gbp: number })[] };
  inKind: NamedCount[];
  teams: number;
  /** Equality monitoring, suppressed (decision 033); absent from a roll-up stored before it existed. */
  inclusion?: PublishedMonitoring;
}

const emptyCounts = (): PilotCounts => ({ not_started: 0, on_track: 0, at_risk: 0, off_track: 0 });

export interface DerivedPilot {
  id: string;
  title: string;
  challengeId: string;
  challengeTitle: string;
  themeId: number;
  startupOrgId: string;
  status: PilotStatus;
}

/**
 * Every pilot (or those of one start-up) with its derived status. Four queries in all: pilots, KPIs, each
 * KPI's latest usable measurement (DISTINCT ON, so 100,000 measurements never cross the wire) and milestones.
 */
export async function derivePilotStatuses(db: DB, today: Date, filter: { startupOrgId?: string; approvedOnly?: boolean } = {}): Promise<DerivedPilot[]> {
  let pilotsQuery = db.selectFrom("pilots").innerJoin("teams", "teams.id", "pilots.team_id")
    .innerJoin("challenges", "challenges.id", "teams.challenge_id")
    .select(["pilots.id", "pilots.title", "pilots.starts_on", "pilots.ends_on", "teams.challenge_id", "challenges.title as challenge_title", "teams.startup_org_id", "challenges.theme_id"]);
  if (filter.startupOrgId) pilotsQuery = pilotsQuery.where("teams.startup_org_id", "=", filter.startupOrgId);
  if (filter.approvedOnly) pilotsQuery = pilotsQuery.where("pilots.status", "!=", "draft");
  const pilots = await pilotsQuery.orderBy("pilots.created_at").orderBy("pilots.id").execute();
  if (pilots.length === 0) return [];
  // One start-up: only its pilots' rows. The whole programme: no IN list, the tables are read whole.
  const pilotIds = filter.startupOrgId ? pilots.map((p) => p.id) : null;
  let kpisQuery = db.selectFrom("kpis").select(["id", "pilot_id", "baseline", "target", "direction", "frequency"]);
  if (pilotIds) kpisQuery = kpisQuery.where("pilot_id", "in", pilotIds);
  let milestonesQuery = db.selectFrom("milestones").select(["pilot_id", "due_on", "status", "done_on"]);
  if (pilotIds) milestonesQuery = milestonesQuery.where("pilot_id", "in", pilotIds);
  // The rule reads only the latest measurement that is not queried and not in the future.
  let latestQuery = db.selectFrom("measurements").innerJoin("kpis", "kpis.id", "measurements.kpi_id")
    .distinctOn("measurements.kpi_id")
    .select(["measurements.kpi_id", "measurements.measured_on", "measurements.value", "measurements.status"])
    .where("measurements.status", "!=", "queried")
    // As the rule compares it: the day's UTC midnight against the instant, whatever the session's time zone.
    .where(sql<boolean>`measurements.measured_on <= (${today.toISOString()}::timestamptz AT TIME ZONE 'UTC')`)
    .orderBy("measurements.kpi_id").orderBy("measurements.measured_on", "desc").orderBy("measurements.created_at");
  if (pilotIds) latestQuery = latestQuery.where("kpis.pilot_id", "in", pilotIds);
  const [kpis, milestones, latest] = await Promise.all([kpisQuery.execute(), milestonesQuery.execute(), latestQuery.execute()]);

  const latestByKpi = new Map(latest.map((m) => [m.kpi_id, m]));
  const kpisByPilot = new Map<string, KpiInput[]>();
  for (const k of kpis) {
    const m = latestByKpi.get(k.id);
    const input: KpiInput = {
      baseline: k.baseline, target: k.target, direction: k.direction, frequency: k.frequency,
      measurements: m ? [{ measuredOn: new Date(m.measured_on), value: m.value, status: m.status }] : [],
    };
    const list = kpisByPilot.get(k.pilot_id) ?? [];
    list.push(input);
    kpisByPilot.set(k.pilot_id, list);
  }
  const milestonesByPilot = new Map<string, MilestoneInput[]>();
  for (const m of milestones) {
    const list = milestonesByPilot.get(m.pilot_id) ?? [];
    list.push({ dueOn: new Date(m.due_on), status: m.status, doneOn: m.done_on ? new Date(m.done_on) : null });
    milestonesByPilot.set(m.pilot_id, list);
  }
  return pilots.map((p) => ({
    id: p.id,
    title: p.title,
    challengeId: p.challenge_id,
    challengeTitle: p.challenge_title,
    themeId: p.theme_id,
    startupOrgId: p.startup_org_id,
    status: pilotStatus({
      startsOn: p.starts_on ? new Date(p.starts_on) : null,
      endsOn: p.ends_on ? new Date(p.ends_on) : null,
      kpis: kpisByPilot.get(p.id) ?? [],
      milestones: milestonesByPilot.get(p.id) ?? [],
    }, today),
  }));
}

export async function computeProgrammeFigures(db: DB, today = new Date()): Promise<ProgrammeFigures> {
  // The challenges' one time rule (challenges/open-rule), at `today` rather than now().
  const effectiveStatus = effectiveStatusAt(today);

  const [themes, byArea, byStatus, challengeAreas, inKind, teams, pilots, inclusion] = await Promise.all([
    // One row per theme: challenges, submitted proposals and pledged funding, each a grouped subquery.
    db.selectFrom("themes")
      .leftJoin(
        db.selectFrom("challenges").select(["theme_id", sql<string>`count(*)`.as("n")]).where("status", "!=", "draft").groupBy("theme_id").as("c"),
        "c.theme_id", "themes.id")
      .leftJoin(
        db.selectFrom("proposals").innerJoin("challenges", "challenges.id", "proposals.challenge_id")
          .select(["challenges.theme_id", sql<string>`count(*)`.as("n")])
          .where("proposals.status", "not in", ["draft", "withdrawn"]).groupBy("challenges.theme_id").as("p"),
        "p.theme_id", "themes.id")
      .leftJoin(
        db.selectFrom("sponsorships").innerJoin("challenges", "challenges.id", "sponsorships.challenge_id")
          .select(["challenges.theme_id", sql<string>`sum(sponsorships.funding_gbp)`.as("gbp")])
          .where("sponsorships.status", "=", "accepted").groupBy("challenges.theme_id").as("f"),
        "f.theme_id", "themes.id")
      .select(["themes.id", "themes.slug", "themes.name", "c.n as challenges", "p.n as proposals", "f.gbp as funding"])
      .orderBy("themes.name").execute(),
    db.selectFrom("challenge_areas").innerJoin("challenges", "challenges.id", "challenge_areas.challenge_id")
      .innerJoin("areas", "areas.id", "challenge_areas.area_id")
      .select(["areas.slug", "areas.name", sql<string>`count(*)`.as("n")])
      .where("challenges.status", "!=", "draft").groupBy(["areas.slug", "areas.name"]).orderBy("areas.name").execute(),
    db.selectFrom("challenges").select([effectiveStatus.as("status"), sql<string>`count(*)`.as("n")])
      .where("status", "!=", "draft").groupBy(sql`1`).execute(),
    // Areas of challenges that have a team, to count pilots by area.
    db.selectFrom("challenge_areas").innerJoin("areas", "areas.id", "challenge_areas.area_id")
      .select(["challenge_areas.challenge_id", "areas.slug", "areas.name"])
      .where(({ exists, selectFrom }) => exists(selectFrom("teams").select(sql`1`.as("one")).whereRef("teams.challenge_id", "=", "challenge_areas.challenge_id")))
      .execute(),
    db.selectFrom("in_kind_types")
      .leftJoin(
        db.selectFrom(sql<{ slug: string }>`(SELECT unnest(in_kind) AS slug FROM sponsorships WHERE status = 'accepted')`.as("offered"))
          .select(["offered.slug", sql<string>`count(*)`.as("n")]).groupBy("offered.slug").as("k"),
        "k.slug", "in_kind_types.slug")
      .select(["in_kind_types.slug", "in_kind_types.name", "k.n"]).orderBy("in_kind_types.id").execute(),
    db.selectFrom("teams").select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow(),
    // The public figures count the pilots the public can see: those whose plan is approved (as pilots.csv).
    derivePilotStatuses(db, today, { approvedOnly: true }),
    monitoringFigures(db),
  ]);

  const pilotsByStatus = emptyCounts();
  const pilotsByTheme = new Map<number, PilotCounts>();
  const pilotsByArea = new Map<string, { slug: string; name: string; counts: PilotCounts }>();
  const areasByChallenge = new Map<string, { slug: string; name: string }[]>();
  for (const a of challengeAreas) {
    const list = areasByChallenge.get(a.challenge_id) ?? [];
    list.push({ slug: a.slug, name: a.name });
    areasByChallenge.set(a.challenge_id, list);
  }
  for (const p of pilots) {
    pilotsByStatus[p.status] += 1;
    const t = pilotsByTheme.get(p.themeId) ?? emptyCounts();
    t[p.status] += 1;
    pilotsByTheme.set(p.themeId, t);
    for (const area of areasByChallenge.get(p.challengeId) ?? []) {
      const entry = pilotsByArea.get(area.slug) ?? { ...area, counts: emptyCounts() };
      entry.counts[p.status] += 1;
      pilotsByArea.set(area.slug, entry);
    }
  }
  const started = pilots.length - pilotsByStatus.not_started;
  const n = (v: string | number | null | undefined) => Number(v ?? 0);

  return {
    computedAt: today.toISOString(),
    challenges: {
      total: themes.reduce((sum, t) => sum + n(t.challenges), 0),
      byTheme: themes.map((t) => ({ slug: t.slug, name: t.name, count: n(t.challenges) })),
      byArea: byArea.map((a) => ({ slug: a.slug, name: a.name, count: n(a.n) })),
      byStatus: byStatus.map((s) => ({ status: s.status, count: n(s.n) })).sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status)),
    },
    proposals: {
      submitted: themes.reduce((sum, t) => sum + n(t.proposals), 0),
      byTheme: themes.map((t) => ({ slug: t.slug, name: t.name, count: n(t.proposals) })),
    },
    pilots: {
      total: pilots.length,
      byStatus: pilotsByStatus,
      byTheme: themes.map((t) => ({ slug: t.slug, name: t.name, counts: pilotsByTheme.get(t.id) ?? emptyCounts() })),
      byArea: [...pilotsByArea.values()].sort((a, b) => a.name.localeCompare(b.name)),
      started,
      onTrackShare: started === 0 ? null : pilotsByStatus.on_track / started,
    },
    funding: {
      pledgedGbp: themes.reduce((sum, t) => sum + n(t.funding), 0),
      byTheme: themes.map((t) => ({ slug: t.slug, name: t.name, gbp: n(t.funding) })),
    },
    inKind: inKind.map((k) => ({ slug: k.slug, name: k.name, count: n(k.n) })),
    teams: n(teams.n),
    inclusion,
  };
}

const STATUS_ORDER = ["upcoming", "open", "closed", "judging", "shortlisted", "paired", "piloting", "completed", "cancelled"];
