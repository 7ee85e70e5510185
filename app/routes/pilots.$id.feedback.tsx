// What residents say about a pilot (decision 035). While the pilot runs, anyone signed in may leave feedback;
// the programme office checks it before it is public; the pilot's team answers published feedback here, in
// public. Everyone reads the published feedback and answers; an author also sees their own, in every state.
// Any reader may report published feedback.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button } from "~/components/button";
import { ErrorSummary } from "~/components/error-summary";
import { FollowButton } from "~/components/follow-button";
import { Textarea } from "~/components/fields";
import { useFormErrors } from "~/components/form-errors";
import { Notice } from "~/components/notice";
import { Tag } from "~/components/tag";
import { useTranslation } from "react-i18next";
import { useFormats } from "~/components/use-formats";
import { pageTitle } from "~/lib/page-title";
import { preferredLocale } from "~/server/locale.server";
import { TEXT_LIMITS } from "~/lib/field-limits";
import { FEEDBACK_STATUS_TAG } from "~/lib/residents";
import { takesFeedback } from "~/rules/residents/moderation";
import { getActor, requireActor, type Actor } from "~/server/auth.server";
import { formValues, invalid, parseFormData, readFormData } from "~/server/forms.server";
import { badRequest, notFound } from "~/server/http.server";
import { requireFormId, requireId } from "~/server/ids.server";
import { requirePilotRole, requireReadablePilot, teamRoleOf } from "~/server/pilots/access.server";
import { answerFeedback, leaveFeedback, listFeedbackForReader } from "~/server/residents/feedback.server";
import { isFollowing } from "~/server/residents/follows.server";
import { reportContent } from "~/server/residents/moderation.server";
import { residentForms } from "~/server/residents/resident-forms";
import { withRuleErrors } from "~/server/rule-error.server";

// Offered in every language (decision 042): the interface is translated; what people wrote is as written.
export const handle = { i18n: true };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "residents:feedback.pageTitle", { pilot: data?.pilot.title ?? "" }) }];

const reader = (actor: Actor | null) => ({ userId: actor?.user.id ?? null, isAdmin: actor?.user.isAdmin ?? false });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const pilot = await requireReadablePilot(actor, requireId(params.id));
  const [feedback, following] = await Promise.all([
    listFeedbackForReader(pilot.id, reader(actor)),
    isFollowing(actor?.user.id ?? null, { pilotId: pilot.id }),
  ]);
  return json({
    pilot: { id: pilot.id, title: pilot.title, status: pilot.status },
    signedIn: !!actor,
    isTeam: !!teamRoleOf(pilot, actor?.org?.orgId),
    following,
    feedback,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const id = requireId(params.id);
  const actor = await getActor(request);
  const pilot = await requireReadablePilot(actor, id);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const forms = residentForms(preferredLocale(request));
  return withRuleErrors(async () => {
    if (intent === "report") {
      const feedbackId = requireFormId(formData, "feedbackId");
      const readable = await listFeedbackForReader(pilot.id, { userId: null, isAdmin: false });
      if (!readable.some((f) => f.id === feedbackId)) notFound();
      const parsed = parseFormData(formData, forms.report);
      if (!parsed.ok) return invalid(parsed.errors);
      await reportContent(request, actor?.user.id ?? null, { feedbackId }, parsed.value.reason);
      return redirect(`/pilots/${pilot.id}/feedback?notice=report-sent`);
    }
    if (intent === "feedback") {
      const signedIn = await requireActor(request);
      const parsed = parseFormData(formData, forms.feedback);
      if (!parsed.ok) return invalid(parsed.errors);
      await leaveFeedback(request, { userId: signedIn.user.id }, pilot.id, parsed.value.feedback);
      return redirect(`/pilots/${pilot.id}/feedback?notice=feedback-sent`);
    }
    if (intent === "answer") {
      const team = await requirePilotRole(request, pilot.id);
      const parsed = parseFormData(formData, forms.answer);
      if (!parsed.ok) return invalid(parsed.errors);
      await answerFeedback(request, { userId: team.actor.user.id, orgId: team.actor.org!.orgId, pilotId: pilot.id }, parsed.value.feedbackId, parsed.value.answer);
      return redirect(`/pilots/${pilot.id}/feedback?notice=feedback-answered`);
    }
    badRequest("Unknown action");
  }, { values: formValues(formData) });
}

export default function PilotFeedback() {
  const { pilot, signedIn, isTeam, following, feedback } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  const L = TEXT_LIMITS.residents;
  const { t } = useTranslation("residents");
  const fmt = useFormats();
  const live = takesFeedback(pilot.status);
  // One answer form on the page at a time: the first published feedback the team has not answered.
  const toAnswer = isTeam ? feedback.find((f) => f.status === "published" && f.answer === null) : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <Notice />
        <Link to={`/pilots/${pilot.id}`} className="govuk-back-link">{t("feedback.back")}</Link>
        <span className="govuk-caption-l">{pilot.title}</span>
        <h1 className="govuk-heading-l">{t("feedback.title")}</h1>
        {signedIn ? <FollowButton target={{ pilotId: pilot.id }} following={following} /> : null}

        {live ? (
          signedIn ? (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="feedback" />
              <Textarea name="feedback" label={t("feedback.label")} rows={5} maxLength={L.feedback} errors={errors} hint={t("feedback.hint")} />
              <Button>{t("feedback.send")}</Button>
            </Form>
          ) : (
            <p className="govuk-body"><Link className="govuk-link" to={`/sign-in?redirectTo=${encodeURIComponent(`/pilots/${pilot.id}/feedback`)}`}>{t("feedback.signIn")}</Link></p>
          )
        ) : <p className="govuk-body">{t("feedback.notLive")}</p>}

        <h2 className="govuk-heading-m" id="feedback">{t("feedback.heading")}</h2>
        {feedback.length === 0 ? <p className="govuk-body">{t("feedback.none")}</p> : (
          <ul className="govuk-list">
            {feedback.map((f) => (
              <li key={f.id} className="govuk-!-margin-bottom-6">
                <p className="govuk-body-s govuk-!-margin-bottom-1">
                  {fmt.date(f.created_at)}{f.mine ? ` ${t("feedback.yours")}` : ""} {f.status === "published" ? null : <Tag label={t(`status.${f.status}`)} colour={FEEDBACK_STATUS_TAG[f.status].colour} />}
                </p>
                <p className="govuk-body app-wrap">{f.body}</p>
                {f.status === "declined" && f.decline_reason ? <p className="govuk-body-s">{t("feedback.declined", { reason: f.decline_reason })}</p> : null}
                {f.answer ? (
                  <div className="govuk-inset-text">
                    <p className="govuk-body-s govuk-!-margin-bottom-1">{f.answered_by ? t("feedback.answerFrom", { who: f.answered_by }) : t("feedback.answerFromTeam")}</p>
                    <p className="govuk-body app-wrap govuk-!-margin-bottom-0">{f.answer}</p>
                  </div>
                ) : null}
                {toAnswer?.id === f.id ? (
                  <Form method="post" noValidate>
                    <input type="hidden" name="intent" value="answer" />
                    <input type="hidden" name="feedbackId" value={f.id} />
                    <Textarea name="answer" label={t("feedback.answerLabel")} rows={3} maxLength={L.answer} errors={errors} />
                    <Button variant="secondary">{t("feedback.publishAnswer")}</Button>
                  </Form>
                ) : null}
                {f.status === "published" && !f.mine ? (
                  <details className="govuk-details govuk-!-margin-bottom-0">
                    <summary className="govuk-details__summary"><span className="govuk-details__summary-text">{t("feedback.report")}</span></summary>
                    <div className="govuk-details__text">
                      <Form method="post" noValidate>
                        <input type="hidden" name="intent" value="report" />
                        <input type="hidden" name="feedbackId" value={f.id} />
                        <label className="govuk-label" htmlFor={`report-${f.id}`}>{t("report.label")}</label>
                        <textarea className="govuk-textarea" id={`report-${f.id}`} name="reason" rows={2} maxLength={L.report} />
                        <Button variant="secondary">{t("report.send")}</Button>
                      </Form>
                    </div>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
