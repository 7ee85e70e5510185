import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Tag } from "~/components/tag";
import { challengeStatusTag } from "~/lib/challenge-status";
import { formatDate } from "~/lib/dates";
import { requireAdmin } from "~/server/auth.server";
import { listAllChallengesForAdmin } from "~/server/challenges/queries.server";

export const meta: MetaFunction = () => [{ title: "Programme administration – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return json({ challenges: await listAllChallengesForAdmin() });
}

export default function AdminHome() {
  const { challenges } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Programme administration</h1>
      <ul className="govuk-list">
        <li><Link className="govuk-link" to="/admin/organisations">Verify organisations</Link></li>
        <li><Link className="govuk-link" to="/admin/themes">Themes</Link></li>
        <li><Link className="govuk-link" to="/admin/notifications">Notifications</Link></li>
        <li><Link className="govuk-link" to="/admin/audit">Audit trail: sign-ins, refusals, changes, views and exports</Link></li>
        <li><Link className="govuk-link" to="/admin/pairing">Team pairing: the whole round, and how pairs are scored</Link></li>
        <li><Link className="govuk-link" to="/admin/in-kind">In-kind support sponsors can offer</Link></li>
        <li><Link className="govuk-link" to="/admin/feedback">Feedback from users: ratings and suggestions</Link></li>
      </ul>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">Published challenges and their judging</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Challenge</th>
            <th scope="col" className="govuk-table__header">Status</th>
            <th scope="col" className="govuk-table__header">Closes</th>
            <th scope="col" className="govuk-table__header">Judging</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {challenges.map((c) => (
            <tr key={c.id} className="govuk-table__row">
              <td className="govuk-table__cell"><Link className="govuk-link" to={`/challenges/${c.id}`}>{c.title}</Link><br /><span className="govuk-body-s">{c.org_name}</span></td>
              <td className="govuk-table__cell"><Tag {...challengeStatusTag(c.status)} /></td>
              <td className="govuk-table__cell">{formatDate(c.closes_at)}</td>
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/my/challenges/${c.id}/judges`}>Judges<span className="govuk-visually-hidden"> for {c.title}</span></Link>{" · "}
                <Link className="govuk-link" to={`/my/challenges/${c.id}/assignments`}>Assign<span className="govuk-visually-hidden"> judges for {c.title}</span></Link>{" · "}
                <Link className="govuk-link" to={`/my/challenges/${c.id}/results`}>Scores<span className="govuk-visually-hidden"> for {c.title}</span></Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
