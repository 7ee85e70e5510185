// Open data: the programme's public record as files and a JSON API. This file says what is published, field
// by field (shown on /open-data); queries.server.ts reads it, params.server.ts reads the API's parameters,
// output.server.ts writes the files and the API's answers. Only what is already public goes out —
// published challenges, accepted sponsors, approved pilots and their verified KPI measurements, and totals.
// Never people (names, emails, user ids), free-text descriptions of organisations or teams, proposal
// contents, judges, reviews or comments; start-ups are named only as partners in an approved pilot.
// Every query selects its columns by name, so a column added to a table is not published by accident.
import { PROGRAMME_HEADLINES } from "../../lib/programme-headlines";
import type { PilotStatus } from "../../rules/pilots/status";

export const OPEN_DATA_LICENCE = {
  name: "Open Government Licence v3.0",
  url: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
};
export const CACHE_SECONDS = 300;

export const PILOT_STATUSES: PilotStatus[] = ["not_started", "on_track", "at_risk", "off_track"];

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
  {
    file: "monitoring", title: "Equality and diversity monitoring", formats: ["csv", "json"],
    description: "How many start-ups' founders and judges gave each answer to the equality monitoring questions, founders by the furthest " +
      "stage any of their proposals reached. Counts of people only, refreshed every minute. A count under 10 is withheld (empty in CSV, " +
      "null in JSON), and so is any count from which one could be worked out; a stage with fewer than 10 people answering is left out.",
    fields: [
      f("population", "startups (start-ups' founders) or judges"),
      f("question", "gender, ethnicity, disability, age_band or borough"),
      f("answer", "The answer given, as on the form (prefer_not_to_say included); all: everyone who answered"),
      f("stage", "applied (went no further), shortlisted (not paired), paired (no pilot yet), piloting, judges; all: every stage shown"),
      f("count", "Number of people; empty or null when withheld"),
    ],
  },
];

/** A file name we publish (`challenges.csv`), or null. */
export type OpenDataFile = { name: string; format: "csv" | "json" };

export function parseFileName(file: string | undefined): OpenDataFile | null {
  const m = /^([a-z]+)\.(csv|json)$/.exec(file ?? "");
  if (!m) return null;
  const doc = DATASETS.find((d) => d.file === m[1]);
  const format = m[2] as "csv" | "json";
  return doc && doc.formats.includes(format) ? { name: doc.file, format } : null;
}
