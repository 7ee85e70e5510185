// Check your answers before publishing a challenge: every answer of the draft with a link to change it,
// what publishing does, and the Publish button (which sends confirm=yes; the action refuses without it).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { useFormErrors } from "~/components/form-errors";
import { SummaryList } from "~/components/summary-list";
import { VerifiedExplainer } from "~/components/verified";
import { RequiredAnswersList } from "~/components/challenge-details";
import { formatDate, formatDateTime, formatMoney } from "~/lib/dates";
import { fieldId } from "~/lib/form-errors";
import { getOwnChallenge } from "~/server/challenges/queries.server";
import { notFound } from "~/server/http.server";
import { publishAction } from "~/server/challenges/challenge-action.server";
import { requireId } from "~/server/ids.server";
import { requireChallengeManager } from "~/server/judging/manager.server";
import { Button } from "~/components/button";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Check your challenge before publishing: ${data?.challenge.title ?? "challenge"} – Civic Innovation Challenge` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { challenge: managed } = await requireChallengeManager(request, requireId(params.id));
  const id = managed.id;
  const challenge = await getOwnChallenge({ id, orgId: managed.org_id });
  if (!challenge) notFound();
  // Only a draft is published; a published challenge is managed from its page.
  if (challenge.status !== "draft") throw redirect(`/my/challenges/${id}`);
  return json({ challenge, orgVerified: managed.org_verified });
}

export const action = publishAction;

export default function CheckChallenge() {
  const { challenge: c, orgVerified } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  const change = (field: string) => `/my/challenges/${c.id}/edit#${fieldId(field)}`;
  const weights = c.criteria.reduce((t, k) => t + k.weight, 0);
  // A rule the publish command checks, with a link to the field that breaks it (not to this page's button).
  const summary = errors ? { ...errors, summary: errors.summary.map((e) => ({ ...e, href: e.href === "#publish" ? "#publish" : `/my/challenges/${c.id}/edit${e.href}` })) } : null;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/my/challenges/${c.id}`} className="govuk-back-link">Back to {c.title}</Link>
        <ErrorSummary errors={summary} />
        <span className="govuk-caption-l">{c.title}</span>
        <h1 className="govuk-heading-l">Check your challenge before publishing it</h1>
        <h2 className="govuk-heading-m">The challenge</h2>
        <SummaryList answers rows={[
          { key: "Title", value: c.title, href: change("title") },
          { key: "Summary", value: c.summary, href: change("summary") },
          { key: "Problem statement", value: c.problem_statement, href: change("problemStatement") },
          { key: "Theme", value: c.theme, href: change("themeId") },
          { key: "Boroughs or areas", value: c.areas.map((a) => a.name).join(", "), href: change("areaIds") },
        ]} />
        <h2 className="govuk-heading-m">Money and dates</h2>
        <SummaryList answers rows={[
          { key: c.funding_kind === "prize" ? "Prize" : "Pilot budget", value: formatMoney(c.funding_gbp), href: change("fundingGbp") },
          { key: "Pilot length", value: c.pilot_weeks === null ? "" : `${c.pilot_weeks} weeks`, href: change("pilotWeeks") },
          { key: "Opening date", value: formatDate(c.opens_at), href: change("opensAt") },
          { key: "Closing date", value: `${formatDateTime(c.closes_at)} (UK time)`, href: change("closesAt") },
        ]} />
        <h2 className="govuk-heading-m">Judging</h2>
        <SummaryList answers rows={[
          { key: "Blind review", value: c.blind_review ? "Yes: judges do not see who applied" : "No: judges see who applied", href: change("blindReview") },
          { key: "Judges per proposal", value: String(c.reviews_per_proposal), href: change("reviewsPerProposal") },
          { key: "Eligibility questions", value: c.questions.some((q) => !q.options) ? <ol className="govuk-list govuk-list--number">{c.questions.filter((q) => !q.options).map((q) => <li key={q.id}>{q.question}</li>)}</ol> : "None", href: change("eligibilityQuestions") },
          { key: "Required answers", value: c.questions.some((q) => q.options) ? <RequiredAnswersList questions={c.questions} heading={false} /> : "None", href: change("requiredAnswers[0].question") },
          {
            key: "Evaluation criteria",
            value: <ul className="govuk-list">{c.criteria.map((k) => <li key={k.id}>{k.name}: {k.weight}%{k.threshold !== null ? `, minimum ${k.threshold}` : ""}</li>)}</ul>,
            href: change("criteria"),
            error: weights === 100 ? undefined : `Criterion weights must add up to 100 before publishing (they add up to ${weights})`,
          },
        ]} />
        {orgVerified ? (
          <section aria-labelledby="publish-heading" id="publish">
            <h2 className="govuk-heading-m" id="publish-heading">Now publish your challenge</h2>
            <p className="govuk-body">
              Publishing makes the challenge public at once. Start-ups can send proposals from {formatDate(c.opens_at)} until {formatDateTime(c.closes_at)} (UK time).
            </p>
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                A published challenge cannot be taken back to a draft. You can still change its wording and dates, but not remove eligibility questions applicants have answered.
              </strong>
            </div>
            <Form method="post">
              <input type="hidden" name="intent" value="publish" />
              <Button name="confirm" value="yes">Publish challenge</Button>
            </Form>
          </section>
        ) : (
          <div className="govuk-inset-text" id="publish">
            <p className="govuk-body">You cannot publish this challenge yet: the programme office has not verified your organisation.</p>
            <VerifiedExplainer />
          </div>
        )}
      </div>
    </div>
  );
}
