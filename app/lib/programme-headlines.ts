// The programme's headline figures, named once: the dashboard lists them under these labels and
// /open-data/programme.json publishes them under these keys, from the same roll-up, so a figure has
// one name and one value wherever it appears.
import type { ProgrammeFigures } from "../server/dashboards/programme-figures.server";

export interface Headline {
  /** The key in programme.json. */
  key: string;
  /** The label on the dashboard. */
  label: string;
  format: "count" | "share" | "gbp";
  value: (f: ProgrammeFigures) => number | null;
}

export const PROGRAMME_HEADLINES: readonly Headline[] = [
  { key: "challenges_published", label: "Challenges published", format: "count", value: (f) => f.challenges.total },
  { key: "proposals_submitted", label: "Proposals submitted", format: "count", value: (f) => f.proposals.submitted },
  { key: "teams_formed", label: "Teams formed", format: "count", value: (f) => f.teams },
  { key: "pilots_with_approved_plans", label: "Pilots with approved plans", format: "count", value: (f) => f.pilots.total },
  { key: "started_pilots_on_track_share", label: "Started pilots on track", format: "share", value: (f) => f.pilots.onTrackShare },
  { key: "sponsor_funding_pledged_gbp", label: "Funding pledged by sponsors", format: "gbp", value: (f) => f.funding.pledgedGbp },
];
