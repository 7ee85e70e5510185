import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Tag } from "~/components/tag";
import { formatDateTime } from "~/lib/dates";
import { proposalStatusTag } from "~/lib/proposal-status";
import { requirePermission } from "~/server/permissions.server";
import { listOrgProposals } from "~/server/proposals/queries.server";

export const meta: MetaFunction = () => [{ title: "Your proposals – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "update:proposal:own");
  return json({ orgName: actor.org.name, proposals: await listOrgProposals(actor.org.orgId) });
}

export default function MyProposals() {
  const { orgName, proposals } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">{orgName}</span>
      <h1 className="govuk-heading-l">Your proposals</h1>
      <p className="govuk-body"><Link className="govuk-link" to="/my/proposals/views">See who has opened your proposals</Link></p>
      {proposals.length === 0 ? (
        <p className="govuk-body">You have not started any proposals. <Link className="govuk-link" to="/challenges">Find an open challenge</Link>.</p>
      ) : (
        <table className="govuk-table">
          <caption className="govuk-visually-hidden">Your organisation's proposals</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Proposal</th>
              <th scope="col" className="govuk-table__header">Challenge</th>
              <th scope="col" className="govuk-table__header">Deadline</th>
              <th scope="col" className="govuk-table__header">Status</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {proposals.map((p) => (
              <tr key={p.id} className="govuk-table__row">
                <td className="govuk-table__cell"><Link className="govuk-link" to={`/my/proposals/${p.id}`}>{p.title}</Link></td>
                <td className="govuk-table__cell"><Link className="govuk-link" to={`/challenges/${p.challenge_id}`}>{p.challenge_title}</Link></td>
                <td className="govuk-table__cell">{formatDateTime(p.closes_at)}</td>
                <td className="govuk-table__cell"><Tag {...proposalStatusTag(p.status)} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
