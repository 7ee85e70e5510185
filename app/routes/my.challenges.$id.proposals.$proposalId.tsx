import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AttachmentList } from "~/components/attachments";
import { ProposalDetails } from "~/components/proposal-view";
import { Tag } from "~/components/tag";
import { formatDateTime } from "~/lib/dates";
import { proposalStatusTag } from "~/lib/proposal-status";
import { listProposalAttachments } from "~/server/attachments/attachments.server";
import { notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { requireChallengeManager } from "~/server/judging/manager.server";
import { readProposalAsManager } from "~/server/proposals/queries.server";
import { threadSummary } from "~/server/messages/queries.server";
import { MessagesLink } from "~/components/messages-link";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.proposal.title ?? "Proposal"} – Civic Innovation Challenge` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, challenge } = await requireChallengeManager(request, requireId(params.id));
  const proposal = await readProposalAsManager(request, actor, challenge, requireId(params.proposalId));
  // Before the deadline, or for a draft, this is "not found": the owner must not learn it exists.
  if (!proposal) notFound();
  const attachments = (await listProposalAttachments([proposal.id]))[proposal.id] ?? [];
  // The programme office reads the proposal but is not a party to its messages: no link for it.
  const messages = await threadSummary(actor, proposal.id);
  return json({ proposal, attachments, messages });
}

export default function OwnerProposal() {
  const { proposal: p, attachments, messages } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/my/challenges/${p.challenge_id}`} className="govuk-back-link">Back to {p.challenge_title}</Link>
        <span className="govuk-caption-l">Proposal from {p.org_name}</span>
        <h1 className="govuk-heading-l">{p.title}</h1>
        <p className="govuk-body"><Tag {...proposalStatusTag(p.status)} /> Submitted {formatDateTime(p.submitted_at)}</p>
        {messages ? <MessagesLink proposalId={p.id} summary={messages} /> : null}
        <ProposalDetails proposal={p} />
        <h2 className="govuk-heading-m">Attachments</h2>
        <AttachmentList items={attachments} caption="Files attached to this proposal" />
      </div>
    </div>
  );
}
