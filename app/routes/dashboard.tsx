import { PROGRAMME_HEADLINES } from "~/lib/programme-headlines";
import { counted } from "~/lib/words";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BarChart } from "~/components/charts";
import { COLOURS } from "~/components/charts/colours";
import { challengeStatusTag, type EffectiveChallengeStatus } from "~/lib/challenge-status";
import { formatDateTime, formatMoney } from "~/lib/dates";
import { getProgrammeDashboard } from "~/server/dashboards.server";
import { PILOT_STATUS_LABEL, type PilotStatus } from "~/rules/pilots/status";
import { Table } from "~/components/table";
import { SummaryList } from "~/components/summary-list";
import { MonitoringTables } from "~/components/monitoring-tables";

export const meta: MetaFunction = () => [{ title: "Programme dashboard – Civic Innovation Challenge" }];

const PILOT_STATUSES: PilotStatus[] = ["not_started", "on_track", "at_risk", "off_track"];
const PILOT_COLOURS: Record<PilotStatus, string> = {
  not_started: COLOURS.grey, on_track: COLOURS.green, at_risk: COLOURS.orange, off_track: COLOURS.red,
};

// Public: the figures are read from the roll-up the worker refreshes every minute, never computed per visit.
export async function loader(_args: LoaderFunctionArgs) {
  return json({ figures: await getProgrammeDashboard() });
}

function percent(share: number | null): string {
  return share === null ? "No pilot has started" : `${Math.round(share * 100)}%`;
}

export default function ProgrammeDashboard() {
  const { figures: f } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Programme dashboard</h1>
      <p className="govuk-body">{`Figures computed at ${formatDateTime(f.computedAt)}.`} They are refreshed every minute.</p>

      <SummaryList rows={PROGRAMME_HEADLINES.map((h) => {
        const v = h.value(f);
        return { key: h.label, value: h.format === "share" ? percent(v) : h.format === "gbp" ? formatMoney(v ?? 0) : String(v ?? 0) };
      })} />

      <h2 className="govuk-heading-m">Challenges</h2>
      <BarChart title="Challenges by theme" summary={`${f.challenges.total} challenges, drafts not counted.`} unit="challenges"
        bars={f.challenges.byTheme.map((t) => ({ label: t.name, value: t.count }))} />
      <BarChart title="Challenges by status" summary="Challenges by the status people see on the challenge page." unit="challenges"
        bars={f.challenges.byStatus.map((s) => ({ label: challengeStatusTag(s.status as EffectiveChallengeStatus).label, value: s.count }))} />
      <BarChart title="Challenges by area" summary="A challenge covering several areas is counted in each." unit="challenges"
        bars={f.challenges.byArea.map((a) => ({ label: a.name, value: a.count }))} />

      <h2 className="govuk-heading-m">Proposals</h2>
      <BarChart title="Proposals submitted by theme" summary={`${f.proposals.submitted} proposals submitted, drafts and withdrawn proposals not counted.`} unit="proposals"
        bars={f.proposals.byTheme.map((t) => ({ label: t.name, value: t.count }))} />

      <h2 className="govuk-heading-m">Pilots</h2>
      <p className="govuk-body">
        {counted(f.teams, "team")} formed, {counted(f.pilots.total, "pilot")} with approved plans, {f.pilots.started} started. Of the started pilots, {percent(f.pilots.onTrackShare)} are on track.
        A pilot&apos;s status is worked out from its KPIs and milestones.
      </p>
      <BarChart title="Pilots by status" summary={`${f.pilots.total} pilots by their status today.`} unit="pilots"
        bars={PILOT_STATUSES.map((s) => ({ label: PILOT_STATUS_LABEL[s], value: f.pilots.byStatus[s], colour: PILOT_COLOURS[s] }))} />
      <PilotTable caption="Pilots by theme and status" rows={f.pilots.byTheme} />
      <PilotTable caption="Pilots by area and status" rows={f.pilots.byArea} />

      <h2 className="govuk-heading-m">Sponsorship</h2>
      <BarChart title="Funding pledged by theme" summary={`${formatMoney(f.funding.pledgedGbp)} pledged by accepted sponsorships.`} unit="£"
        bars={f.funding.byTheme.map((t) => ({ label: t.name, value: t.gbp }))} />
      <BarChart title="In-kind support offered" summary="Accepted sponsorships offering each kind of support." unit="sponsorships"
        bars={f.inKind.map((k) => ({ label: k.name, value: k.count }))} />

      <h2 className="govuk-heading-m">Who takes part</h2>
      {f.inclusion ? <MonitoringTables figures={f.inclusion} /> : <p className="govuk-body">Not yet computed: the figures are refreshed every minute.</p>}
    </>
  );
}

function PilotTable({ caption, rows }: { caption: string; rows: { slug: string; name: string; counts: Record<PilotStatus, number> }[] }) {
  if (rows.length === 0) return <p className="govuk-body">{caption}: no pilots yet.</p>;
  return (
    <Table caption={caption} captionClass="s" rows={rows} rowKey={(r) => r.slug} columns={[
      { header: "Name", rowHeader: true, cell: (r) => r.name },
      ...PILOT_STATUSES.map((s) => ({ header: PILOT_STATUS_LABEL[s], numeric: true, cell: (r: (typeof rows)[number]) => r.counts[s] })),
    ]} />
  );
}
