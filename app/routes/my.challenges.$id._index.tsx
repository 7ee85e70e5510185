import { useFormErrors } from "~/components/form-errors";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { Notice } from "~/components/notice";
import { Tag } from "~/components/tag";
import { VerifiedExplainer } from "~/components/verified";
import { challengeStatusTag } from "~/lib/challenge-status";
import { formatDate, formatDateTime, formatMoney } from "~/lib/dates";
import { proposalStatusTag, submittedSoFar } from "~/lib/proposal-status";
import { publishAction } from "~/server/challenges/challenge-action.server";
import { getOwnChallenge } from "~/server/challenges/queries.server";
import { notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { requireChallengeManager } from "~/server/judging/manager.server";
import { listProposalsForChallengeOwner } from "~/server/proposals/queries.server";
import { countSubmittedProposals } from "~/server/challenges/sealed.server";
import { ButtonLink } from "~/components/button";
import { TableDownloads } from "~/components/download-links";
import { Table } from "~/components/table";
import { SummaryList } from "~/components/summary-list";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Manage ${data?.challenge.title ?? "challenge"} – Civic Innovation Challenge` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { challenge: managed } = await requireChallengeManager(request, requireId(params.id));
  const { id, org_id: orgId } = managed;
  const challenge = await getOwnChallenge({ id, orgId });
  if (!challenge) notFound();
  // Proposals stay sealed until the deadline: the query itself returns none before closes_at.
  const [proposals, submitted] = await Promise.all([listProposalsForChallengeOwner({ challengeId: id, orgId }), countSubmittedProposals(id)]);
  return json({ challenge, proposals, submitted, orgVerified: managed.org_verified });
}

// Publishing is confirmed on the check page (my.challenges.$id.check.tsx); without confirm=yes this sends the user there.
export const action = publishAction;

export default function ManageChallenge() {
  const { challenge: c, proposals, submitted, orgVerified } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  const sealed = ["draft", "upcoming", "open"].includes(c.status);
  return (
    <>
      <ErrorSummary errors={errors} />
      <Notice />
      <span className="govuk-caption-l">Manage challenge</span>
      <h1 className="govuk-heading-l">{c.title}</h1>
      <p className="govuk-body"><Tag {...challengeStatusTag(c.status)} /></p>
      <SummaryList rows={[
        { key: "Theme", value: c.theme },
        { key: c.funding_kind === "prize" ? "Prize" : "Pilot budget", value: formatMoney(c.funding_gbp) },
        { key: "Opens", value: formatDate(c.opens_at) },
        { key: "Closes", value: formatDateTime(c.closes_at) },
        { key: "Review", value: <>{c.blind_review ? "Blind" : "Named"}, {c.reviews_per_proposal} judges per proposal</> },
        { key: "Criteria", value: c.criteria.map((k) => `${k.name} (${k.weight}%)`).join(", ") },
      ]} />
      <div className="govuk-button-group">
        <ButtonLink to={`/challenges/${c.id}`} variant="secondary">{c.status === "draft" ? "Preview" : "View public page"}</ButtonLink>
        {["draft", "upcoming", "open", "closed"].includes(c.status) ? (
          <ButtonLink to={`/my/challenges/${c.id}/edit`} variant="secondary">Edit</ButtonLink>
        ) : null}
        {c.status === "draft" && orgVerified ? (
          <ButtonLink to={`/my/challenges/${c.id}/check`}>Check and publish</ButtonLink>
        ) : null}
      </div>
      {c.status === "draft" && !orgVerified ? (
        <div className="govuk-inset-text" id="publish">
          <p className="govuk-body">
            You cannot publish this challenge yet: the programme office has not verified your organisation. Only verified
            public bodies publish challenges, so that applicants know who they are dealing with. You can keep editing the
            draft and preview it; once your organisation is verified, a button to publish it appears here.
          </p>
          <VerifiedExplainer />
        </div>
      ) : null}
      {c.status !== "draft" ? (
        <>
          <h2 className="govuk-heading-m">Judging</h2>
          <ul className="govuk-list">
            <li><Link className="govuk-link" to={`/my/challenges/${c.id}/clarifications`}>Questions and clarifications</Link></li>
            {c.eoi_closes_at ? <li><Link className="govuk-link" to={`/my/challenges/${c.id}/stage-two`}>Expressions of interest and stage two invitations</Link></li> : null}
            <li><Link className="govuk-link" to={`/my/challenges/${c.id}/judges`}>Judges: invite the panel</Link></li>
            <li><Link className="govuk-link" to={`/my/challenges/${c.id}/assignments`}>Assign judges to proposals</Link></li>
            <li><Link className="govuk-link" to={`/my/challenges/${c.id}/results`}>Scores and shortlist</Link></li>
            <li><Link className="govuk-link" to={`/my/challenges/${c.id}/sponsors`}>Sponsorship offers</Link></li>
            <li><Link className="govuk-link" to={`/my/challenges/${c.id}/pairing`}>Pair teams</Link></li>
            <li><Link className="govuk-link" to={`/my/challenges/${c.id}/dashboard`}>Dashboard</Link></li>
          </ul>
        </>
      ) : null}
      <h2 className="govuk-heading-m">Proposals</h2>
      {sealed ? (
        <p className="govuk-body">
          {c.status === "draft" ? null : `${submittedSoFar(submitted)} `}
          Proposals are sealed until the challenge closes on {formatDateTime(c.closes_at)}. You will see them, and who sent them, here after the deadline.
        </p>
      ) : proposals.length === 0 ? (
        <p className="govuk-body">No proposals were submitted.</p>
      ) : (
        <>
        <TableDownloads base={`/my/challenges/${c.id}/proposals`} what="the submitted proposals with their answers, scores, ranks and decisions" />
        <Table caption="Submitted proposals" rows={proposals} rowKey={(p) => p.id} columns={[
          { header: "Proposal", cell: (p) => <Link className="govuk-link" to={`/my/challenges/${c.id}/proposals/${p.id}`}>{p.title}</Link> },
          { header: "Start-up", cell: (p) => p.org_name },
          { header: "Submitted", cell: (p) => formatDate(p.submitted_at) },
          { header: "Status", cell: (p) => <Tag {...proposalStatusTag(p.status)} /> },
        ]} />
        </>
      )}
    </>
  );
}
