import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/lib/dates";
import { proposalViewsForOrg } from "~/server/audit-search.server";
import { requirePermission } from "~/server/permissions.server";
import { Table } from "~/components/table";

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
        <Table caption={`Views of your proposals, newest first (the latest ${SHOWN})`} rows={views} rowKey={(v, i) => `${v.proposalId}-${i}`} columns={[
          { header: "When", cell: (v) => formatDateTime(v.at) },
          { header: "Proposal", cell: (v) => <Link className="govuk-link" to={`/my/proposals/${v.proposalId}`}>{v.proposalTitle}</Link> },
          { header: "Who", cell: (v) => <>{v.viewer}{v.viewerOrg ? <><br /><span className="govuk-body-s">{v.viewerOrg}</span></> : null}</> },
          { header: "As", cell: (v) => AS[v.viewedAs] ?? v.viewedAs },
        ]} />
      )}
    </>
  );
}
