import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Tag } from "~/components/tag";
import { challengeStatusTag } from "~/lib/challenge-status";
import { formatDate } from "~/lib/dates";
import { listOrgChallenges } from "~/server/challenges/queries.server";
import { requirePermission } from "~/server/permissions.server";
import { ButtonLink } from "~/components/button";

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
        <table className="govuk-table">
          <caption className="govuk-visually-hidden">Your organisation's challenges</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Challenge</th>
              <th scope="col" className="govuk-table__header">Status</th>
              <th scope="col" className="govuk-table__header">Closes</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Proposals</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {challenges.map((c) => (
              <tr key={c.id} className="govuk-table__row">
                <td className="govuk-table__cell"><Link className="govuk-link" to={`/my/challenges/${c.id}`}>{c.title}</Link></td>
                <td className="govuk-table__cell"><Tag {...challengeStatusTag(c.status)} /></td>
                <td className="govuk-table__cell">{formatDate(c.closes_at)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {c.status === "draft" || c.status === "upcoming" || c.status === "open" ? "Hidden until closing" : c.submitted_count}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
