import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Tag } from "~/components/tag";
import { challengeStatusTag } from "~/lib/challenge-status";
import { formatDate } from "~/lib/dates";
import { requireAdmin } from "~/server/auth.server";
import { listAllChallengesForAdmin } from "~/server/challenges/queries.server";
import { Table } from "~/components/table";

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
        <li><Link className="govuk-link" to="/admin/suggestions">Residents&apos; suggestions, pilot feedback and reports to check</Link></li>
        <li><Link className="govuk-link" to="/admin/feedback">Feedback from users: ratings and suggestions</Link></li>
      </ul>
      <Table caption="Published challenges and their judging" captionClass="m" rows={challenges} rowKey={(c) => c.id} columns={[
        { header: "Challenge", cell: (c) => <><Link className="govuk-link" to={`/challenges/${c.id}`}>{c.title}</Link><br /><span className="govuk-body-s">{c.org_name}</span></> },
        { header: "Status", cell: (c) => <Tag {...challengeStatusTag(c.status)} /> },
        { header: "Closes", cell: (c) => formatDate(c.closes_at) },
        { header: "Judging", cell: (c) => <>
          <Link className="govuk-link" to={`/my/challenges/${c.id}/judges`}>Judges<span className="govuk-visually-hidden"> for {c.title}</span></Link>{" · "}
          <Link className="govuk-link" to={`/my/challenges/${c.id}/assignments`}>Assign<span className="govuk-visually-hidden"> judges for {c.title}</span></Link>{" · "}
          <Link className="govuk-link" to={`/my/challenges/${c.id}/results`}>Scores<span className="govuk-visually-hidden"> for {c.title}</span></Link>
        </> },
      ]} />
    </>
  );
}
