import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BarChart } from "~/components/charts";
import { Table } from "~/components/table";
import { Tag } from "~/components/tag";
import { proposalStatusTag } from "~/lib/proposal-status";
import { challengeStatusTag } from "~/lib/challenge-status";
import { requireActor } from "~/server/auth.server";
import { listOrgChallenges } from "~/server/challenges/queries.server";
import { listTeamPilots } from "~/server/pilots/queries.server";
import { listOrgSponsorships } from "~/server/sponsorship/sponsorships.server";
import { sponsorshipTag } from "~/lib/sponsorship-status";
import { getJudgeOverview, getStartupOverview } from "~/server/dashboards.server";
import { nextActions } from "~/server/next-actions.server";
import { PILOT_STATUS_LABEL, type PilotStatus } from "~/rules/pilots/status";

export const meta: MetaFunction = () => [{ title: "Your overview – Civic Innovation Challenge" }];

const PILOT_TAG: Record<PilotStatus, string> = { not_started: "grey", on_track: "green", at_risk: "orange", off_track: "red" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const org = actor.org;
  const judgePanels = getJudgeOverview(actor.user.id);
  const [judging, startup, challenges, sponsorships, pilots, actions] = await Promise.all([
    judgePanels,
    org?.kind === "startup" ? getStartupOverview(org.orgId) : null,
    org?.kind === "public_body" ? listOrgChallenges(org.orgId) : null,
    org?.kind === "corporate" ? listOrgSponsorships(org.orgId) : null,
    // The pilots of the organisation acted for (a start-up's come with its proposals below).
    org && org.kind !== "startup" ? listTeamPilots({ memberships: actor.memberships.filter((m) => m.orgId === org.orgId) }) : null,
    nextActions(actor, { judgePanels }),
  ]);
  return json({
    nextActions: actions,
    judging: judging.length ? judging : null,
    org: org ? { name: org.name, kind: org.kind } : null,
    startup,
    challenges: challenges?.map((c) => ({ id: c.id, title: c.title, status: c.status, submitted: Number(c.submitted_count ?? 0) })) ?? null,
    sponsorships,
    pilots: pilots?.map((p) => ({ id: p.id, title: p.title, challengeTitle: p.challengeTitle, status: p.health })) ?? null,
  });
}

export default function Overview() {
  const { nextActions, judging, org, startup, challenges, sponsorships, pilots } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Your overview</h1>
      {nextActions.length ? (
        <section aria-labelledby="next-title">
          <h2 className="govuk-heading-m" id="next-title">What to do next</h2>
          <ul className="govuk-list govuk-list--bullet">
            {nextActions.map((a) => (
              <li key={`${a.key} ${a.href} ${a.text}`}><Link className="govuk-link" to={a.href}>{a.text}</Link></li>
            ))}
          </ul>
        </section>
      ) : null}
      {!judging && !org && !nextActions.length ? (
        <p className="govuk-body">
          There is nothing to show yet. Judges see their reviews here, and start-ups their proposals and pilots.
          See the <Link className="govuk-link" to="/dashboard">programme dashboard</Link>.
        </p>
      ) : null}
      {judging || startup ? (
        <p className="govuk-body">
          Help the city see who its programme reaches: answer the{" "}
          <Link className="govuk-link" to="/account/monitoring">equality and diversity monitoring questions</Link>, if you wish.
          Nobody sees your answers; only counts are published.
        </p>
      ) : null}

      {judging ? (
        <section aria-labelledby="judging-title">
          <h2 className="govuk-heading-m" id="judging-title">Your judging</h2>
          <Table caption="Your reviews by challenge" rows={judging} rowKey={(c) => c.challengeId} columns={[
            { header: "Challenge", rowHeader: true, cell: (c) => <Link className="govuk-link" to="/judging">{c.title}</Link> },
            { header: "To do", numeric: true, cell: (c) => c.assigned },
            { header: "In progress", numeric: true, cell: (c) => c.inProgress },
            { header: "Submitted", numeric: true, cell: (c) => c.submitted },
          ]} />
        </section>
      ) : null}

      {challenges && org ? (
        <section aria-labelledby="challenges-title">
          <h2 className="govuk-heading-m" id="challenges-title">{org.name}: your challenges</h2>
          {challenges.length === 0 ? <p className="govuk-body">No challenges yet. <Link className="govuk-link" to="/my/challenges/new">Draft a challenge</Link>.</p> : (
            <Table caption="Your challenges, their status and proposals submitted" rows={challenges} rowKey={(c) => c.id} columns={[
              { header: "Challenge", cell: (c) => <Link className="govuk-link" to={`/my/challenges/${c.id}`}>{c.title}</Link> },
              { header: "Status", cell: (c) => <Tag {...challengeStatusTag(c.status)} /> },
              { header: "Proposals submitted", numeric: true, cell: (c) => c.submitted },
            ]} />
          )}
        </section>
      ) : null}

      {sponsorships && org ? (
        <section aria-labelledby="sponsorships-title">
          <h2 className="govuk-heading-m" id="sponsorships-title">{org.name}: your sponsorships</h2>
          {sponsorships.length === 0 ? <p className="govuk-body">No offers yet. <Link className="govuk-link" to="/challenges">Find a challenge to sponsor</Link>.</p> : (
            <ul className="govuk-list">
              {sponsorships.map((s) => (
                <li key={s.id}><Link className="govuk-link" to={`/my/sponsorships/${s.id}`}>{s.challenge_title}</Link> <Tag {...sponsorshipTag(s.status)} /></li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      {pilots && org ? (
        <section aria-labelledby="pilots-title">
          <h2 className="govuk-heading-m" id="pilots-title">{org.name}: your pilots</h2>
          <PilotsTable pilots={pilots} />
        </section>
      ) : null}

      {startup && org ? (
        <section aria-labelledby="startup-title">
          <h2 className="govuk-heading-m" id="startup-title">{org.name}</h2>
          {startup.proposals.length === 0 ? <p className="govuk-body">No proposals yet. <Link className="govuk-link" to="/challenges">Browse open challenges</Link>.</p> : (
            <BarChart title="Your proposals by status" summary={`${startup.proposals.reduce((n, p) => n + p.count, 0)} proposals.`} unit="proposals"
              bars={startup.proposals.map((p) => ({ label: proposalStatusTag(p.status).label, value: p.count }))} />
          )}
          <h3 className="govuk-heading-s">Your pilots</h3>
          <PilotsTable pilots={startup.pilots} />
        </section>
      ) : null}
    </>
  );
}

/** The pilots of a team member's organisation, with their status; a formed team's pilot starts as a draft plan. */
function PilotsTable({ pilots }: { pilots: { id: string; title: string; challengeTitle: string; status: PilotStatus }[] }) {
  if (pilots.length === 0) return <p className="govuk-body">No pilots yet. A pilot starts when a pairing is accepted by both partners.</p>;
  return (
    <Table caption="Your pilots and their status" rows={pilots} rowKey={(p) => p.id} columns={[
      { header: "Pilot", cell: (p) => <Link className="govuk-link" to={`/pilots/${p.id}`}>{p.title}</Link> },
      { header: "Challenge", cell: (p) => p.challengeTitle },
      { header: "Status", cell: (p) => <Tag label={PILOT_STATUS_LABEL[p.status]} colour={PILOT_TAG[p.status]} /> },
    ]} />
  );
}
