import { sponsorshipTag } from "~/lib/sponsorship-status";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Notice } from "~/components/notice";
import { Tag } from "~/components/tag";
import { formatMoney } from "~/lib/dates";
import { requirePermission } from "~/server/permissions.server";
import { listOrgSponsorships } from "~/server/sponsorship/sponsorships.server";
import { Table } from "~/components/table";

export const meta: MetaFunction = () => [{ title: "Your sponsorships – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "offer:sponsorship");
  return json({ orgName: actor.org.name, sponsorships: await listOrgSponsorships(actor.org.orgId) });
}

export default function MySponsorships() {
  const { orgName, sponsorships } = useLoaderData<typeof loader>();
  return (
    <>
      <Notice />
      <span className="govuk-caption-l">{orgName}</span>
      <h1 className="govuk-heading-l">Your sponsorships</h1>
      <p className="govuk-body"><Link className="govuk-link" to="/challenges">Find a challenge to sponsor</Link></p>
      {sponsorships.length === 0 ? <p className="govuk-body">You have not offered sponsorship yet.</p> : (
        <Table caption="Your sponsorship offers" rows={sponsorships} rowKey={(s) => s.id} columns={[
          { header: "Challenge", cell: (s) => <Link className="govuk-link" to={`/my/sponsorships/${s.id}`}>{s.challenge_title}</Link> },
          { header: "Funding", cell: (s) => formatMoney(s.funding_gbp) },
          { header: "Status", cell: (s) => <Tag {...sponsorshipTag(s.status)} /> },
        ]} />
      )}
    </>
  );
}
