// The confirmation page after a proposal is submitted (GOV.UK panel): its reference number, when it was
// submitted (UK time), whether a receipt was e-mailed to this user, and what happens next.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/lib/dates";
import { notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { requirePermission } from "~/server/permissions.server";
import { getOwnProposal, receiptSentTo } from "~/server/proposals/queries.server";

export const meta: MetaFunction = () => [{ title: "Proposal submitted – Civic Innovation Challenge" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "update:proposal:own");
  const p = await getOwnProposal({ id: requireId(params.id), orgId: actor.org.orgId });
  if (!p) notFound();
  // A draft or withdrawn proposal has not been submitted (or no longer is): its own page says so.
  if (["draft", "withdrawn"].includes(p.status) || !p.reference || !p.submitted_at) throw redirect(`/my/proposals/${p.id}`);
  const receipt = await receiptSentTo({ proposalId: p.id, userId: actor.user.id, submittedAt: p.submitted_at });
  return json({
    proposal: {
      id: p.id, title: p.title, reference: p.reference, submittedAt: p.submitted_at, challengeTitle: p.challenge_title,
      closesAt: p.closes_at, blindReview: p.blind_review, judgesPerProposal: p.reviews_per_proposal, open: p.challenge_status === "open",
    },
    receipt,
  });
}

export default function ProposalSubmitted() {
  const { proposal: p, receipt } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title">Proposal submitted</h1>
          <div className="govuk-panel__body">Your reference number<br /><strong id="reference">{p.reference}</strong></div>
        </div>
        <p className="govuk-body">
          You submitted &ldquo;{p.title}&rdquo; to the challenge &ldquo;{p.challengeTitle}&rdquo; on {formatDateTime(p.submittedAt)} (UK time).
          Quote your reference number if you contact the programme office about it.
        </p>
        {receipt ? (
          <p className="govuk-body" id="receipt">We have sent a confirmation email to <strong>{receipt}</strong>. The other members of your organisation have been sent one too, unless they have turned these receipts off.</p>
        ) : (
          <p className="govuk-body" id="receipt">
            We have not e-mailed you a confirmation, because you have turned off receipts for submitted proposals in your{" "}
            <Link className="govuk-link" to="/account/notifications">email preferences</Link>. Keep your reference number.
          </p>
        )}
        <h2 className="govuk-heading-m">What happens next</h2>
        <ol className="govuk-list govuk-list--number">
          <li>
            Until the deadline, {formatDateTime(p.closesAt)} (UK time), you can withdraw your proposal, change it and submit it again.
            {p.open ? null : " The deadline has now passed."}
          </li>
          <li>
            After the deadline, the public body assigns judges: {p.judgesPerProposal} judges score each proposal against the challenge&apos;s criteria
            {p.blindReview ? ", without seeing who sent it" : ""}.
          </li>
          <li>When the public body releases feedback, you can read your scores, your rank and the judges&apos; comments on your proposal&apos;s page. We e-mail your organisation&apos;s members when it is ready, unless they have turned that off.</li>
          <li>Shortlisted proposals may then be paired with a sponsor to run a pilot.</li>
        </ol>
        <p className="govuk-body">
          <Link className="govuk-link" to={`/my/proposals/${p.id}`}>View your proposal</Link> or go to <Link className="govuk-link" to="/my/proposals">your proposals</Link>.
        </p>
      </div>
    </div>
  );
}
