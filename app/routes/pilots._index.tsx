import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Tag } from "~/components/tag";
import { OrgName } from "~/components/verified";
import { formatDate } from "~/lib/dates";
import { pilotLifecycleTag, pilotStatusTag } from "~/lib/pilots";
import { getActor } from "~/server/auth.server";
import { listPublicPilots, listTeamPilots, type PilotSummary } from "~/server/pilots/pilots.server";

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
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">Pilot</th>
          <th scope="col" className="govuk-table__header">Team</th>
          <th scope="col" className="govuk-table__header">Dates</th>
          <th scope="col" className="govuk-table__header">Status</th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {pilots.map((p) => (
          <tr key={p.id} className="govuk-table__row">
            <td className="govuk-table__cell">
              <Link className="govuk-link" to={`/pilots/${p.id}`}>{p.title}</Link><br />
              <span className="govuk-body-s">For the challenge: {p.challengeTitle}</span>
            </td>
            <td className="govuk-table__cell"><OrgName {...p.team.publicBody} />, <OrgName {...p.team.startup} /> and <OrgName {...p.team.corporate} /></td>
            <td className="govuk-table__cell">{p.startsOn && p.endsOn ? `${formatDate(p.startsOn)} to ${formatDate(p.endsOn)}` : "Not planned yet"}</td>
            <td className="govuk-table__cell">
              {p.status === "draft" ? <Tag {...pilotLifecycleTag(p.status)} /> : <Tag {...pilotStatusTag(p.health)} />}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
