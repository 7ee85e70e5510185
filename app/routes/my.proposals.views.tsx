import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/lib/dates";
import { proposalViewsForOrg } from "~/server/audit-trail.server";
import { requirePermission } from "~/server/permissions.server";

export const meta: MetaFunction = () => [{ title: "Who has seen your proposals – Civic Innovation Challenge" }];

const SHOWN = 500;

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "update:proposal:own");
  return json({ orgName: actor.org.name, views: await proposalViewsForOrg(actor.org.orgId, SHOWN) });
}

const AS: Record<string, string> = {
  judge: "Judge",
  sponsor: "Sponsor",
  "challenge owner": "Challenge owner",
  admin: "Programme office",
};

export default function ProposalViews() {
  const { orgName, views } = useLoaderData<typeof loader>();
  return (
    <>
      <Link to="/my/proposals" className="govuk-back-link">Back to your proposals</Link>
      <span className="govuk-caption-l">{orgName}</span>
      <h1 className="govuk-heading-l">Who has seen your proposals</h1>
      <p className="govuk-body">
        Every time someone outside your organisation opens one of your proposals, the service records it. Judges are
        shown as Judge 1, Judge 2 and so on for each proposal, because judging is anonymous; the programme office can
        see who they are.
      </p>
      {views.length === 0 ? <p className="govuk-body">Nobody outside your organisation has opened your proposals yet.</p> : (
        <table className="govuk-table">
          <caption className="govuk-visually-hidden">Views of your proposals, newest first (the latest {SHOWN})</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">When</th>
              <th scope="col" className="govuk-table__header">Proposal</th>
              <th scope="col" className="govuk-table__header">Who</th>
              <th scope="col" className="govuk-table__header">As</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {views.map((v, i) => (
              <tr key={`${v.proposalId}-${i}`} className="govuk-table__row">
                <td className="govuk-table__cell">{formatDateTime(v.at)}</td>
                <td className="govuk-table__cell"><Link className="govuk-link" to={`/my/proposals/${v.proposalId}`}>{v.proposalTitle}</Link></td>
                <td className="govuk-table__cell">{v.viewer}{v.viewerOrg ? <><br /><span className="govuk-body-s">{v.viewerOrg}</span></> : null}</td>
                <td className="govuk-table__cell">{AS[v.viewedAs] ?? v.viewedAs}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
