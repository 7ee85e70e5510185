import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Tag } from "~/components/tag";
import { challengeStatusTag } from "~/lib/challenge-status";
import { formatDate } from "~/lib/dates";
import { listOrgChallenges } from "~/server/challenges/queries.server";
import { requirePermission } from "~/server/permissions.server";
import { ButtonLink } from "~/components/button";
import { Table } from "~/components/table";

export const meta: MetaFunction = () => [{ title: "Your challenges – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "update:challenge:own");
  const challenges = await listOrgChallenges(actor.org.orgId);
  return json({ orgName: actor.org.name, challenges: challenges.map((c) => ({ ...c, submitted_count: Number(c.submitted_count ?? 0) })) });
}

export default function MyChallenges() {
  const { orgName, challenges } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">{orgName}</span>
      <h1 className="govuk-heading-l">Your challenges</h1>
      <ButtonLink to="/my/challenges/new">Draft a new challenge</ButtonLink>
      {challenges.length === 0 ? (
        <p className="govuk-body">Your organisation has not drafted any challenges yet.</p>
      ) : (
        <Table caption="Your organisation's challenges" rows={challenges} rowKey={(c) => c.id} columns={[
          { header: "Challenge", cell: (c) => <Link className="govuk-link" to={`/my/challenges/${c.id}`}>{c.title}</Link> },
          { header: "Status", cell: (c) => <Tag {...challengeStatusTag(c.status)} /> },
          { header: "Closes", cell: (c) => formatDate(c.closes_at) },
          { header: "Proposals", numeric: true, cell: (c) => c.status === "draft" || c.status === "upcoming" || c.status === "open" ? "Hidden until closing" : c.submitted_count },
        ]} />
      )}
    </>
  );
}
