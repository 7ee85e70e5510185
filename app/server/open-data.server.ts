// Open data: the programme's public record as files and a JSON API. Only what is already public goes out —
// published challenges, accepted sponsors, approved pilots and their verified KPI measurements, and totals.
// Never people (names, emails, user ids), free-text descriptions of organisations or teams, proposal
// contents, judges, reviews or comments; start-ups are named only as partners in an approved pilot.
// Every query below selects its columns by name, so a column added to a table is not published by accident.
import { PROGRAMME_HEADLINES } from "../lib/programme-headlines";
import { getProgrammeDashboard } from "./dashboards.server";
import { sql, type SqlBool } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { PUBLIC_STATUS_FILTERS, type EffectiveChallengeStatus } from "../lib/challenge-status";
import { pilotStatus, type KpiInput, type MilestoneInput, type PilotStatus } from "../rules/pilots/status";
import { effectiveStatusSql } from "./challenges/queries.server";
import { db } from "./connections.server";
import { writeCsv } from "./csv.server";

export const OPEN_DATA_LICENCE = {
  name: "Open Government Licence v3.0",
  url: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
};
export const CACHE_SECONDS = 300;

/** Challenge statuses a person can see (a draft is never published; a cancelled one stays on the record). */
export const PUBLIC_CHALLENGE_STATUSES: EffectiveChallengeStatus[] = [...PUBLIC_STATUS_FILTERS.map((s) => s.value), "cancelled"];
export const PILOT_STATUSES: PilotStatus[] = ["not_started", "on_track", "at_risk", "off_track"];
/** Pilots past the draft stage: approved by the programme, so public. */
const APPROVED_PILOT_STATUSES = ["approved", "running", "completed"] as const;

type Field = { name: string; description: string };
export interface DatasetDoc {
  file: string;
  title: string;
  description: string;
  formats: ("csv" | "json")[];
  fields: Field[];
}

const f = (name: string, description: string): Field => ({ name, description });

/** Field lists, shown on /open-data; also the CSV column order. */
export const DATASETS: DatasetDoc[] = [
  {
    file: "challenges", title: "Challenges", formats: ["csv", "json"],
    description: "Every published challenge, one row each. Drafts are never included.",
    fields: [
      f("id", "Challenge id (UUID), stable"), f("title", "Title"), f("summary", "One-sentence summary"),
      f("theme", "Programme theme"), f("areas", "Boroughs or areas (JSON: a list; CSV: separated by “; ”)"),
      f("status", "Status as shown on the site: upcoming, open, closed, judging, shortlisted, paired, piloting, completed or cancelled"),
      f("funding_kind", "budget (a pilot budget) or prize"), f("funding_gbp", "Funding in pounds"),
      f("pilot_weeks", "Length of the pilot in weeks"), f("opens_at", "When proposals open (ISO 8601, UTC)"),
      f("closes_at", "Deadline for proposals (ISO 8601, UTC)"), f("owner_organisation", "Public body that set the challenge"),
    ],
  },
  {
    file: "sponsors", title: "Sponsors", formats: ["csv", "json"],
    description: "Sponsorships accepted by a challenge's owner. Offers not yet accepted are not included.",
    fields: [
      f("challenge_id", "Challenge id"), f("sponsor_organisation", "Sponsoring organisation"),
      f("funding_gbp", "Funding pledged in pounds"), f("in_kind", "In-kind support offered (JSON: a list; CSV: separated by “; ”)"),
    ],
  },
  {
    file: "pilots", title: "Pilots", formats: ["csv", "json"],
    description: "Approved pilots (draft plans are not included), with their status derived from KPIs and milestones.",
    fields: [
      f("id", "Pilot id"), f("title", "Title"), f("challenge_id", "Challenge id"), f("theme", "Theme of the challenge"),
      f("areas", "Areas of the challenge"), f("public_body", "Public body"), f("startup", "Start-up running the pilot"),
      f("sponsor_organisation", "Sponsoring organisation"), f("starts_on", "Start date (YYYY-MM-DD)"), f("ends_on", "End date (YYYY-MM-DD)"),
      f("budget_gbp", "Budget in pounds"),
      f("status", "not_started, on_track, at_risk or off_track, derived by the published rule (worst of its KPIs and milestones)"),
    ],
  },
  {
    file: "kpis", title: "KPIs and measurements", formats: ["csv", "json"],
    description: "Key performance indicators of approved pilots and their verified measurements (recorded or queried ones are not included). " +
      "JSON: one item per KPI with its measurements; CSV: one row per measurement (a KPI with none has one row with empty date and value).",
    fields: [
      f("kpi_id", "KPI id"), f("pilot_id", "Pilot id"), f("name", "What is measured"), f("unit", "Unit"),
      f("baseline", "Value before the pilot"), f("target", "Value the pilot aims for"), f("direction", "higher or lower is better"),
      f("frequency", "weekly, monthly or quarterly"), f("date", "Measurement date (YYYY-MM-DD)"), f("value", "Measured value"),
    ],
  },
  {
    file: "programme", title: "Programme totals", formats: ["json"],
    description: "Totals for the whole programme: the programme dashboard's figures, under the same names, refreshed every minute.",
    fields: [
      f("computed_at", "When the figures were computed (ISO 8601)"),
      ...PROGRAMME_HEADLINES.map((h) => f(h.key, h.format === "share" ? `${h.label}, as a share from 0 to 1 (null when none has started)` : h.format === "gbp" ? `${h.label}, in pounds` : h.label)),
      f("challenges_by_status", "Published challenges by status"), f("pilots_by_status", "Pilots with approved plans by derived status"),
    ],
  },
];

const isoDate = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

// --- Challenges ---------------------------------------------------------------------------------------

export interface ChallengeFilters {
  theme?: string;
  area?: string;
  status?: EffectiveChallengeStatus;
  q?: string;
}

function challengeQuery(filters: ChallengeFilters) {
  let query = db()
    .selectFrom("challenges")
    .innerJoin("themes", "themes.id", "challenges.theme_id")
    .innerJoin("organisations", "organisations.id", "challenges.org_id")
    .where("challenges.status", "!=", "draft");
  if (filters.theme) query = query.where("themes.slug", "=", filters.theme);
  if (filters.area) query = query.where(areaFilter(filters.area));
  if (filters.status) query = query.where(sql<SqlBool>`(${effectiveStatusSql}) = ${filters.status}`);
  const q = filters.q?.trim();
  if (q) query = query.where(sql<SqlBool>`challenges.search_vector @@ websearch_to_tsquery('english', ${q})`);
  return query;
}

function areaFilter(slug: string) {
  return sql<SqlBool>`EXISTS (SELECT 1 FROM challenge_areas ca JOIN areas a ON a.id = ca.area_id
    WHERE ca.challenge_id = challenges.id AND a.slug = ${slug})`;
}

export async function publicChallenges(filters: ChallengeFilters = {}, page?: { limit: number; offset: number }) {
  let query = challengeQuery(filters)
    .select([
      "challenges.id", "challenges.title", "challenges.summary", "themes.name as theme", effectiveStatusSql.as("status"),
      "challenges.funding_kind", "challenges.funding_gbp", "challenges.pilot_weeks", "challenges.opens_at", "challenges.closes_at",
      "organisations.name as owner_organisation", sql<string>`count(*) OVER ()`.as("total"),
    ])
    .select((eb) =>
      jsonArrayFrom(
        eb.selectFrom("challenge_areas").innerJoin("areas", "areas.id", "challenge_areas.area_id")
          .select("areas.name").whereRef("challenge_areas.challenge_id", "=", "challenges.id").orderBy("areas.name"),
      ).as("areas"),
    )
    .orderBy("challenges.closes_at", "desc")
    .orderBy("challenges.id");
  if (page) query = query.limit(page.limit).offset(page.offset);
  const rows = await query.execute();
  const total = rows.length ? Number(rows[0]!.total) : page && page.offset > 0 ? await countChallenges(filters) : 0;
  return {
    total,
    data: rows.map((r) => ({
      id: r.id, title: r.title, summary: r.summary, theme: r.theme, areas: r.areas.map((a) => a.name), status: r.status,
      funding_kind: r.funding_kind, funding_gbp: r.funding_gbp, pilot_weeks: r.pilot_weeks,
      opens_at: r.opens_at.toISOString(), closes_at: r.closes_at.toISOString(), owner_organisation: r.owner_organisation,
    })),
  };
}

async function countChallenges(filters: ChallengeFilters): Promise<number> {
  const row = await challengeQuery(filters).select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
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
  let query = db()
    .selectFrom("pilots")
    .innerJoin("teams", "teams.id", "pilots.team_id")
    .innerJoin("challenges", "challenges.id", "teams.challenge_id")
    .innerJoin("themes", "themes.id", "challenges.theme_id")
    .innerJoin("organisations as pb", "pb.id", "teams.public_org_id")
    .innerJoin("organisations as su", "su.id", "teams.startup_org_id")
    .innerJoin("organisations as co", "co.id", "teams.corporate_org_id")
    .where("pilots.status", "in", [...APPROVED_PILOT_STATUSES]);
  if (filters.theme) query = query.where("themes.slug", "=", filters.theme);
  if (filters.area) query = query.where(areaFilter(filters.area));
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

// --- Files --------------------------------------------------------------------------------------------

export type OpenDataFile = { name: string; format: "csv" | "json" };

export function parseFileName(file: string | undefined): OpenDataFile | null {
  const m = /^([a-z]+)\.(csv|json)$/.exec(file ?? "");
  if (!m) return null;
  const doc = DATASETS.find((d) => d.file === m[1]);
  const format = m[2] as "csv" | "json";
  return doc && doc.formats.includes(format) ? { name: doc.file, format } : null;
}

type Cell = string | number | boolean | null | string[];

/** Rows for a file, flat (as in the CSV) or nested (as in the JSON). */
async function datasetRows(name: string, format: "csv" | "json"): Promise<unknown> {
  switch (name) {
    case "challenges": return (await publicChallenges()).data;
    case "sponsors": return acceptedSponsors();
    case "pilots": return approvedPilots();
    case "programme": return programmeTotals();
    case "kpis": {
      const kpis = await approvedPilotKpis();
      if (format === "json") return kpis;
      return kpis.flatMap(({ measurements, ...k }) =>
        (measurements.length ? measurements : [{ date: null, value: null }]).map((m) => ({ ...k, date: m.date, value: m.value })));
    }
    default: throw new Error(`unknown dataset ${name}`);
  }
}

/** A dataset as CSV, through writeCsv (no cell a spreadsheet would run); numeric columns stay numbers. */
export function toCsv(name: string, rows: Record<string, Cell>[]): string {
  const columns = DATASETS.find((d) => d.file === name)!.fields.map((field) => field.name);
  // Rows as arrays in column order: several times faster in csv-stringify than objects with `columns`.
  const records = rows.map((r) => columns.map((c) => {
    const v = r[c];
    return Array.isArray(v) ? v.join("; ") : v;
  }));
  return writeCsv(columns, records);
}

/** The body of an open-data file, or null for a file we do not publish. */
export async function openDataFile(file: string | undefined): Promise<{ body: string; contentType: string; filename: string } | null> {
  const parsed = parseFileName(file);
  if (!parsed) return null;
  const rows = await datasetRows(parsed.name, parsed.format);
  const filename = `${parsed.name}.${parsed.format}`;
  if (parsed.format === "csv") {
    return { body: toCsv(parsed.name, rows as Record<string, Cell>[]), contentType: "text/csv; charset=utf-8", filename };
  }
  return { body: JSON.stringify({ data: rows, generatedAt: new Date().toISOString() }), contentType: "application/json; charset=utf-8", filename };
}

// --- API parameters -----------------------------------------------------------------------------------

export class BadParam extends Error {}

const SLUG = /^[a-z0-9-]{1,80}$/;

/** Reads ?page= and ?pageSize= (1–100, default 20), and slug filters; throws BadParam with a message for people. */
export function readPaging(params: URLSearchParams) {
  const page = readInt(params, "page", 1, 1, 100_000);
  const pageSize = readInt(params, "pageSize", 20, 1, 100);
  return { page, pageSize };
}

function readInt(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new BadParam(`${name} must be a whole number from ${min} to ${max}`);
  return Number(raw);
}

export function readSlug(params: URLSearchParams, name: string): string | undefined {
  const raw = params.get(name);
  if (raw === null || raw === "") return undefined;
  if (!SLUG.test(raw)) throw new BadParam(`${name} must be a slug such as "climate" or "camden"`);
  return raw;
}

export function readEnum<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
  const raw = params.get(name);
  if (raw === null || raw === "") return undefined;
  if (!allowed.includes(raw as T)) throw new BadParam(`${name} must be one of: ${allowed.join(", ")}`);
  return raw as T;
}

export function readText(params: URLSearchParams, name: string, maxLength: number): string | undefined {
  const raw = params.get(name)?.trim();
  if (!raw) return undefined;
  if (raw.length > maxLength) throw new BadParam(`${name} must be ${maxLength} characters or fewer`);
  return raw;
}

export function apiHeaders(): HeadersInit {
  return { "Content-Type": "application/json; charset=utf-8", "Cache-Control": `public, max-age=${CACHE_SECONDS}`, "Access-Control-Allow-Origin": "*" };
}

export function badRequestJson(error: string): Response {
  return new Response(JSON.stringify({ error }), { status: 400, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" } });
}

export function pageOf<T>(data: T[], page: number, pageSize: number, total: number) {
  return { data, page, pageSize, total, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}
