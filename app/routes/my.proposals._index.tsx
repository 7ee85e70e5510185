import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Tag } from "~/components/tag";
import { formatDateTime } from "~/lib/dates";
import { proposalStatusTag } from "~/lib/proposal-status";
import { requirePermission } from "~/server/permissions.server";
import { listOrgProposals } from "~/server/proposals/queries.server";
import { Table } from "~/components/table";

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
        <Table caption="Your organisation's proposals" rows={proposals} rowKey={(p) => p.id} columns={[
          { header: "Proposal", cell: (p) => <Link className="govuk-link" to={`/my/proposals/${p.id}`}>{p.title}</Link> },
          { header: "Challenge", cell: (p) => <Link className="govuk-link" to={`/challenges/${p.challenge_id}`}>{p.challenge_title}</Link> },
          { header: "Deadline", cell: (p) => formatDateTime(p.closes_at) },
          { header: "Status", cell: (p) => <Tag {...proposalStatusTag(p.status)} /> },
        ]} />
      )}
    </>
  );
}
