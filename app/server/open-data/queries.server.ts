// Open data's reads: one per dataset, each selecting its columns by name (datasets.server.ts says what is
// published and why). Challenges come through the one challenge search (challenges/search.server.ts).
import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { pilotStatus, type KpiInput, type MilestoneInput, type PilotStatus } from "../../rules/pilots/status";
import { inArea, PUBLIC_CHALLENGE_STATUSES, searchChallenges, type ChallengeFilters } from "../challenges/search.server";
import { db } from "../connections.server";
import { pilotsWithTeam } from "../pilots/queries.server";
import { getProgrammeDashboard } from "../dashboards.server";
import { PROGRAMME_HEADLINES } from "../../lib/programme-headlines";
import { londonDay } from "../../lib/dates";
import { programmeRegister } from "../register/queries.server";

/** Pilots past the draft stage: approved by the programme, so public. */
const APPROVED_PILOT_STATUSES = ["approved", "running", "completed"] as const;

const isoDate = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

// --- Challenges ---------------------------------------------------------------------------------------

/** Published challenges (drafts never), through the one challenge search, with the record's fields only. */
export async function publicChallenges(filters: ChallengeFilters = {}, page?: { limit: number; offset: number }) {
  const { total, challenges } = await searchChallenges(filters, { listing: "record", ...page });
  return {
    total,
    data: challenges.map((c) => ({
      id: c.id, title: c.title, summary: c.summary, theme: c.theme, areas: c.areas, status: c.status,
      funding_kind: c.funding_kind, funding_gbp: c.funding_gbp, pilot_weeks: c.pilot_weeks,
      opens_at: c.opens_at, closes_at: c.closes_at, owner_organisation: c.owner_organisation,
    })),
  };
}

// --- Sponsors -----------------------------------------------------------------------------------------

export async function acceptedSponsors() {
  const rows = await db()
    .selectFrom("sponsorships")
    .innerJoin("challenges", "challenges.id", "sponsorships.challenge_id")
    .innerJoin("organisations", "organisations.id", "sponsorships.org_id")
    .select(["sponsorships.challenge_id", "organisations.name as sponsor_organisation", "sponsorships.funding_gbp"])
    .select(sql<string[] | null>`(SELECT array_agg(k.name ORDER BY k.name) FROM in_kind_types k WHERE k.slug = ANY(sponsorships.in_kind))`.as("in_kind"))
    .where("sponsorships.status", "=", "accepted")
    .where("challenges.status", "!=", "draft")
    .orderBy("sponsorships.challenge_id")
    .orderBy("organisations.name")
    .execute();
  return rows.map((r) => ({ ...r, in_kind: r.in_kind ?? [] }));
}

// --- Pilots -------------------------------------------------------------------------------------------

export interface PilotFilters {
  theme?: string;
  area?: string;
  status?: PilotStatus;
}

export type PublicPilot = Awaited<ReturnType<typeof approvedPilots>>[number];

/**
 * Approved pilots with their derived status. The status comes from the pure rule in app/rules/pilots/status.ts,
 * so it is computed here for every pilot that matches the SQL filters, and the status filter is applied after.
 * Only the latest usable measurement of each KPI matters to the rule, so only that one is loaded.
 */
export async function approvedPilots(filters: PilotFilters = {}, today = new Date()) {
  let query = pilotsWithTeam()
    .innerJoin("themes", "themes.id", "challenges.theme_id")
    .where("pilots.status", "in", [...APPROVED_PILOT_STATUSES]);
  if (filters.theme) query = query.where("themes.slug", "=", filters.theme);
  if (filters.area) query = query.where(inArea(filters.area));
  const todayDate = isoDate(today)!;
  // The three reads run side by side: KPIs and milestones of every approved pilot (a few thousand rows),
  // rather than waiting for the filtered list of ids.
  const [pilots, kpis, milestones] = await Promise.all([
    query
      .select([
        "pilots.id", "pilots.title", "teams.challenge_id", "themes.name as theme", "pb.name as public_body", "su.name as startup",
        "co.name as sponsor_organisation", "pilots.starts_on", "pilots.ends_on", "pilots.budget_gbp",
      ])
      .select((eb) =>
        jsonArrayFrom(
          eb.selectFrom("challenge_areas").innerJoin("areas", "areas.id", "challenge_areas.area_id")
            .select("areas.name").whereRef("challenge_areas.challenge_id", "=", "challenges.id").orderBy("areas.name"),
        ).as("areas"),
      )
      .orderBy("pilots.starts_on")
      .orderBy("pilots.id")
      .execute(),
    sql<{ pilot_id: string; baseline: number; target: number; direction: "higher" | "lower"; frequency: KpiInput["frequency"]; measured_on: Date | null; value: number | null }>`
      SELECT k.pilot_id, k.baseline, k.target, k.direction, k.frequency, m.measured_on, m.value
      FROM kpis k JOIN pilots p ON p.id = k.pilot_id LEFT JOIN LATERAL (
        SELECT measured_on, value FROM measurements
        WHERE kpi_id = k.id AND status <> 'queried' AND measured_on <= ${todayDate}::date
        ORDER BY measured_on DESC LIMIT 1) m ON true
      WHERE p.status IN ('approved', 'running', 'completed')`.execute(db()),
    db().selectFrom("milestones").innerJoin("pilots", "pilots.id", "milestones.pilot_id")
      .select(["milestones.pilot_id", "milestones.due_on", "milestones.status", "milestones.done_on"])
      .where("pilots.status", "in", [...APPROVED_PILOT_STATUSES]).execute(),
  ]);
  if (pilots.length === 0) return [];
  const kpisOf = new Map<string, KpiInput[]>();
  for (const k of kpis.rows) {
    const list = kpisOf.get(k.pilot_id) ?? [];
    list.push({
      baseline: k.baseline, target: k.target, direction: k.direction, frequency: k.frequency,
      measurements: k.measured_on && k.value !== null ? [{ measuredOn: new Date(k.measured_on), value: k.value }] : [],
    });
    kpisOf.set(k.pilot_id, list);
  }
  const milestonesOf = new Map<string, MilestoneInput[]>();
  for (const m of milestones) {
    const list = milestonesOf.get(m.pilot_id) ?? [];
    list.push({ dueOn: m.due_on, status: m.status, doneOn: m.done_on });
    milestonesOf.set(m.pilot_id, list);
  }
  const rows = pilots.map((p) => ({
    id: p.id, title: p.title, challenge_id: p.challenge_id, theme: p.theme, areas: p.areas.map((a) => a.name),
    public_body: p.public_body, startup: p.startup, sponsor_organisation: p.sponsor_organisation,
    starts_on: isoDate(p.starts_on), ends_on: isoDate(p.ends_on), budget_gbp: p.budget_gbp,
    status: pilotStatus({ startsOn: p.starts_on, endsOn: p.ends_on, kpis: kpisOf.get(p.id) ?? [], milestones: milestonesOf.get(p.id) ?? [] }, today),
  }));
  return filters.status ? rows.filter((r) => r.status === filters.status) : rows;
}

// --- KPIs ---------------------------------------------------------------------------------------------

export async function approvedPilotKpis() {
  const rows = await db()
    .selectFrom("kpis")
    .innerJoin("pilots", "pilots.id", "kpis.pilot_id")
    .select(["kpis.id as kpi_id", "kpis.pilot_id", "kpis.name", "kpis.unit", "kpis.baseline", "kpis.target", "kpis.direction", "kpis.frequency"])
    .select((eb) =>
      jsonArrayFrom(
        eb.selectFrom("measurements").select([sql<string>`to_char(measurements.measured_on, 'YYYY-MM-DD')`.as("date"), "measurements.value"])
          .whereRef("measurements.kpi_id", "=", "kpis.id").where("measurements.status", "=", "verified")
          .orderBy("measurements.measured_on").orderBy("measurements.id"),
      ).as("measurements"),
    )
    .where("pilots.status", "in", [...APPROVED_PILOT_STATUSES])
    .orderBy("kpis.pilot_id")
    .orderBy("kpis.name")
    .orderBy("kpis.id")
    .execute();
  return rows;
}

/**
 * kpis.csv's rows, one per verified measurement, in the file's order, and one with no date or value for a
 * KPI with none: a cursor's chunks of `chunkSize` rows (postgres.js `cursor`, through Kysely's executor, as
 * `.stream()` reads it but a chunk at a time rather than row by row), so the file is written as it is read.
 * Returning early from the iterator closes the cursor and frees its connection. The measurements are a lateral join with an ORDER BY of its own, which PostgreSQL does not
 * flatten into the outer join: it sorts the KPIs, then each KPI's few measurements as it goes (an
 * incremental sort), so the first rows come at once, not after a sort of every measurement (100,000 rows
 * spilled to disk, about 200 ms at city scale).
 */
export async function* approvedPilotKpiRows(chunkSize: number) {
  const query = db()
    .selectFrom("kpis")
    .innerJoin("pilots", "pilots.id", "kpis.pilot_id")
    .leftJoinLateral(
      (eb) => eb.selectFrom("measurements").select(["measurements.id", "measurements.measured_on", "measurements.value"])
        .whereRef("measurements.kpi_id", "=", "kpis.id").where("measurements.status", "=", "verified")
        .orderBy("measurements.measured_on").orderBy("measurements.id").as("m"),
      (join) => join.onTrue(),
    )
    .select(["kpis.id as kpi_id", "kpis.pilot_id", "kpis.name", "kpis.unit", "kpis.baseline", "kpis.target", "kpis.direction", "kpis.frequency"])
    .select([sql<string | null>`to_char(m.measured_on, 'YYYY-MM-DD')`.as("date"), "m.value"])
    .where("pilots.status", "in", [...APPROVED_PILOT_STATUSES])
    .orderBy("kpis.pilot_id")
    .orderBy("kpis.name")
    .orderBy("kpis.id")
    .orderBy("m.measured_on")
    .orderBy("m.id");
  for await (const chunk of db().getExecutor().stream(query.compile(), chunkSize)) yield chunk.rows;
}

// --- Programme totals ---------------------------------------------------------------------------------

export async function programmeTotals() {
  const figures = await getProgrammeDashboard();
  const challenges = Object.fromEntries(PUBLIC_CHALLENGE_STATUSES.map((st) => [st, 0])) as Record<string, number>;
  for (const r of figures.challenges.byStatus) challenges[r.status] = r.count;
  return {
    computed_at: figures.computedAt,
    ...Object.fromEntries(PROGRAMME_HEADLINES.map((h) => [h.key, h.value(figures)])),
    challenges_by_status: challenges,
    pilots_by_status: figures.pilots.byStatus,
  };
}

/** register.csv / .json: the programme's data register as its page shows it, one row per entry. */
export async function registerRows() {
  return (await programmeRegister()).map(({ entryId, pilotId, pilot, publicBody, entry: v }) => ({
    entry_id: entryId, pilot_id: pilotId, pilot, public_body: publicBody, dataset: v.dataset, owner_organisation: v.ownerOrganisation,
    description: v.description, personal_data: v.personalData, purpose: v.purpose, legal_basis: v.legalBasis, retention: v.retention,
    dpia_done: v.dpiaDone, dpia_on: v.dpiaOn, access: v.access, version: v.version, approved_on: v.approvedAt ? londonDay(new Date(v.approvedAt)) : null,
  }));
}
