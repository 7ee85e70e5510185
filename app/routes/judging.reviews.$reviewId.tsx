import { useFormErrors } from "~/components/form-errors";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AttachmentList } from "~/components/attachments";
import { ErrorSummary } from "~/components/error-summary";
import { Choices, Textarea } from "~/components/fields";
import { Notice } from "~/components/notice";
import { ProposalDetails } from "~/components/proposal-view";
import { listProposalAttachments } from "~/server/attachments/attachments.server";
import { requireActor } from "~/server/auth.server";
import { formValues, invalid, parseFormData, readFormData, toFormErrors } from "~/server/forms.server";
import { notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { getReviewForJudge, readReviewAsJudge, recuse, reviewFormSchema, saveReview } from "~/server/judging/reviews.server";
import { TEXT_LIMITS } from "~/lib/field-limits";
import { Button } from "~/components/button";

export const meta: MetaFunction = () => [{ title: "Review a proposal – Civic Innovation Challenge" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const found = await readReviewAsJudge(request, { reviewId: requireId(params.reviewId), userId: actor.user.id });
  // Not assigned to you, recused or conflicted: as if it did not exist.
  if (!found) notFound();
  // Blind: neutral names ("Attachment 1.pdf"); an original file name may name the applicant.
  const attachments = (await listProposalAttachments([found.proposalId], { neutral: found.challenge.blind }))[found.proposalId] ?? [];
  return json({ ...found, attachments });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const reviewId = requireId(params.reviewId);
  if (!(await getReviewForJudge({ reviewId, userId: actor.user.id }))) notFound();
  const form = await readFormData(request);
  const parsed = parseFormData(form, reviewFormSchema);
  if (!parsed.ok) return invalid(parsed.errors);
  const ref = { reviewId, judgeUserId: actor.user.id };
  if (parsed.value.intent === "recuse") {
    if (!(await recuse(request, ref, parsed.value.reason))) return invalid(toFormErrors({ reason: "You cannot step aside from a submitted review" }, formValues(form)));
    return redirect("/judging?notice=review-recused");
  }
  const saved = await saveReview(request, ref, parsed.value);
  if (saved.result === "not-found") notFound();
  if (saved.result === "locked") return invalid(toFormErrors({ comment: "This review has been submitted and can no longer be changed" }, formValues(form)));
  if (saved.result === "incomplete") return invalid(toFormErrors(saved.missing, formValues(form)));
  return redirect(saved.result === "submitted" ? "/judging?notice=review-submitted" : `/judging/reviews/${reviewId}?notice=review-saved`);
}

const SCORE_OPTIONS = [0, 1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }));

export default function ReviewPage() {
  const { review, challenge, proposal, proposalId, criteria, attachments } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  const done = review.status === "submitted";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <Notice />
        <Link to="/judging" className="govuk-back-link">Back to your judging</Link>
        <span className="govuk-caption-l">{challenge.title}</span>
        <h1 className="govuk-heading-l">{proposal.title}</h1>
        {challenge.blind ? <div className="govuk-inset-text">Blind review: details that identify the applicant have been removed.</div>
          : <p className="govuk-body">From {proposal.applicant}</p>}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/judging/proposals/${proposalId}/panel`}>Panel discussion and consensus report</Link>
          {done ? null : " (you can join it once you have submitted this review)"}
        </p>
        <ProposalDetails proposal={{ ...proposal, team: proposal.team ?? "Withheld for blind review" }} />
        <h2 className="govuk-heading-m">Attachments</h2>
        <AttachmentList items={attachments} caption="Files attached to this proposal" />

        <h2 className="govuk-heading-l">Your scores</h2>
        <p className="govuk-body">Score each criterion from 0 (does not meet it at all) to 5 (meets it exceptionally well).</p>
        <Form method="post" noValidate>
          {criteria.map((c) => (
            <div key={c.id} className="govuk-!-margin-bottom-6">
              <Choices type="radio" inline small name={`scores.${c.id}.score`} errors={errors}
                label={`${c.name} (${c.weight}%)`} hint={c.description || undefined}
                defaultValue={c.score === null ? null : String(c.score)} options={SCORE_OPTIONS} />
              <Textarea name={`scores.${c.id}.comment`} label={`Comment on ${c.name} (optional)`} rows={2} errors={errors} defaultValue={c.comment} maxLength={TEXT_LIMITS.review.criterionComment} />
            </div>
          ))}
          <Textarea name="comment" label="Overall comment" hint="The applicant will read this, without your name" errors={errors} defaultValue={review.comment} maxLength={TEXT_LIMITS.review.comment} />
          {done ? <p className="govuk-body"><strong>You have submitted this review.</strong></p> : (
            <div className="govuk-button-group">
              <Button name="intent" value="submit">Submit review</Button>
              <Button name="intent" value="save" variant="secondary">Save draft</Button>
            </div>
          )}
        </Form>
        {done ? null : (
          <details className="govuk-details">
            <summary className="govuk-details__summary"><span className="govuk-details__summary-text">I have a conflict of interest with this proposal</span></summary>
            <div className="govuk-details__text">
              <Form method="post" noValidate>
                <Textarea name="reason" label="What is the conflict? (optional)" rows={2} errors={errors} maxLength={TEXT_LIMITS.review.recusalReason} />
                <Button name="intent" value="recuse" variant="warning">Step aside from this proposal</Button>
              </Form>
            </div>
          </details>
        )}
      </div>
    </div>
  );
}
