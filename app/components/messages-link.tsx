// The link from a proposal page to its messages, with how many the other parties sent since the viewer's
// organisation last wrote.
import { Link } from "@remix-run/react";
import type { ThreadSummary } from "~/lib/proposal-messages";

export function MessagesLink({ proposalId, summary }: { proposalId: string; summary: ThreadSummary }) {
  const count = summary.total === 0 ? "none yet" : `${summary.total} ${summary.total === 1 ? "message" : "messages"}`;
  return (
    <p className="govuk-body" id="messages-link">
      <Link className="govuk-link" to={`/proposals/${proposalId}/messages`}>Messages about this proposal</Link> ({count})
      {summary.unanswered > 0 ? <> <strong className="govuk-tag govuk-tag--blue">{summary.unanswered} new</strong></> : null}
    </p>
  );
}
