import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Table } from "~/components/table";
import { Tag } from "~/components/tag";
import { OrgName } from "~/components/verified";
import { formatDate } from "~/lib/dates";
import { pilotLifecycleTag, pilotStatusTag } from "~/lib/pilots";
import { getActor } from "~/server/auth.server";
import { listPublicPilots, listTeamPilots, type PilotSummary } from "~/server/pilots/queries.server";

export const meta: MetaFunction = () => [{ title: "Pilots – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const [pilots, yours] = await Promise.all([listPublicPilots(), actor ? listTeamPilots(actor) : Promise.resolve([])]);
  return json({ pilots, yours });
}

export default function Pilots() {
  const { pilots, yours } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-xl">Pilots</h1>
      <p className="govuk-body-l">
        Each pilot brings a public body, a start-up and a corporate sponsor together to try a solution to a challenge.
        Its status is worked out from its measurements and milestones.
      </p>
      {yours.length ? (
        <section aria-labelledby="yours-heading">
          <h2 className="govuk-heading-l" id="yours-heading">Your pilots</h2>
          <PilotTable pilots={yours} caption="Pilots your organisations are part of, including draft plans" />
        </section>
      ) : null}
      <section aria-labelledby="all-heading">
        <h2 className="govuk-heading-l" id="all-heading">Pilots under way</h2>
        {pilots.length ? <PilotTable pilots={pilots} caption="Pilots with an approved plan" /> : <p className="govuk-body">No pilot has an approved plan yet.</p>}
      </section>
    </>
  );
}

function PilotTable({ pilots, caption }: { pilots: PilotSummary[]; caption: string }) {
  return (
    <Table caption={caption} captionClass="s" rows={pilots} rowKey={(p) => p.id} columns={[
      {
        header: "Pilot",
        cell: (p) => <><Link className="govuk-link" to={`/pilots/${p.id}`}>{p.title}</Link><br /><span className="govuk-body-s">For the challenge: {p.challengeTitle}</span></>,
      },
      { header: "Team", cell: (p) => <><OrgName {...p.team.publicBody} />, <OrgName {...p.team.startup} /> and <OrgName {...p.team.corporate} /></> },
      { header: "Dates", cell: (p) => (p.startsOn && p.endsOn ? `${formatDate(p.startsOn)} to ${formatDate(p.endsOn)}` : "Not planned yet") },
      { header: "Status", cell: (p) => (p.status === "draft" ? <Tag {...pilotLifecycleTag(p.status)} /> : <Tag {...pilotStatusTag(p.health)} />) },
    ]} />
  );
}
