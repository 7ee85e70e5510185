// The owner's clarifications (decision 027): start-ups' questions to answer, one at a time, and notices of its
// own; each is published on the challenge page for everyone, and everyone who started a proposal is told.
// Questions show what was asked and when, never who asked.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/button";
import { Clarifications } from "~/components/clarifications";
import { ErrorSummary } from "~/components/error-summary";
import { Textarea } from "~/components/fields";
import { useFormErrors } from "~/components/form-errors";
import { Notice } from "~/components/notice";
import { formatDateTime } from "~/lib/dates";
import { TEXT_LIMITS } from "~/lib/field-limits";
import { idField } from "~/lib/ids";
import { requiredText } from "~/lib/validation";
import { listPublishedClarifications, listQuestionsToAnswer, publishAnswer, publishNotice } from "~/server/challenges/clarifications.server";
import { invalid, parseFormData, readFormData } from "~/server/forms.server";
import { badRequest } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { requireChallengeManager } from "~/server/judging/manager.server";
import { parseQuery } from "~/server/query-params.server";

export const meta: MetaFunction = () => [{ title: "Questions and clarifications – Civic Innovation Challenge" }];

const query = z.object({ answer: idField().optional() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { challenge } = await requireChallengeManager(request, requireId(params.id));
  const [waiting, published] = await Promise.all([listQuestionsToAnswer(challenge.id), listPublishedClarifications(challenge.id)]);
  const chosen = parseQuery(request, query).value.answer;
  const current = waiting.find((q) => q.id === chosen) ?? waiting[0] ?? null;
  return json({ challenge: { id: challenge.id, title: challenge.title }, waiting, current, published });
}

const answerSchema = z.object({
  intent: z.literal("answer"),
  clarificationId: idField("Choose a question to answer"),
  question: requiredText("the question as it will be published", TEXT_LIMITS.clarification.question),
  answer: requiredText("an answer", TEXT_LIMITS.clarification.answer),
});
const noticeSchema = z.object({
  intent: z.literal("notice"),
  noticeQuestion: requiredText("a heading for the clarification", TEXT_LIMITS.clarification.question),
  noticeAnswer: requiredText("the clarification", TEXT_LIMITS.clarification.answer),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, challenge } = await requireChallengeManager(request, requireId(params.id));
  const manager = { userId: actor.user.id, challengeId: challenge.id };
  const form = await readFormData(request);
  const intent = form.get("intent");
  if (intent === "answer") {
    const parsed = parseFormData(form, answerSchema);
    if (!parsed.ok) return invalid(parsed.errors);
    // Already answered (by a colleague in another tab) or not this challenge's: the queue shows what is left.
    if (!(await publishAnswer(request, manager, parsed.value))) return redirect(`/my/challenges/${challenge.id}/clarifications`);
  } else if (intent === "notice") {
    const parsed = parseFormData(form, noticeSchema);
    if (!parsed.ok) return invalid(parsed.errors);
    await publishNotice(request, manager, { question: parsed.value.noticeQuestion, answer: parsed.value.noticeAnswer });
  } else {
    badRequest("Unknown action");
  }
  return redirect(`/my/challenges/${challenge.id}/clarifications?notice=clarification-published`);
}

export default function ChallengeClarifications() {
  const { challenge, waiting, current, published } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  return (
    <>
      <ErrorSummary errors={errors} />
      <Notice />
      <Link to={`/my/challenges/${challenge.id}`} className="govuk-back-link">Back to {challenge.title}</Link>
      <span className="govuk-caption-l">{challenge.title}</span>
      <h1 className="govuk-heading-l">Questions and clarifications</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            What you publish here appears on the challenge page for everyone, and everyone who has started a proposal is
            told by email. You do not see who asked a question, and nobody else does either.
          </p>
          <h2 className="govuk-heading-m">Questions waiting for an answer</h2>
          {current ? (
            <>
              {waiting.length > 1 ? (
                <ul className="govuk-list">
                  {waiting.map((q, i) => (
                    <li key={q.id}>
                      {q.id === current.id ? <strong>Question {i + 1} (below)</strong> : (
                        <Link className="govuk-link" to={`?answer=${q.id}`}>Question {i + 1}, asked {formatDateTime(q.asked_at)}</Link>
                      )}
                    </li>
                  ))}
                </ul>
              ) : null}
              <div className="govuk-inset-text">
                <p className="govuk-body-s govuk-!-margin-bottom-1">Asked {formatDateTime(current.asked_at)}</p>
                <p className="govuk-body">{current.asked_text}</p>
              </div>
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="answer" />
                <input type="hidden" name="clarificationId" value={current.id} />
                <Textarea
                  name="question"
                  label="The question as it will be published"
                  hint="Reword it if it says who asked or gives away details of their proposal."
                  rows={4}
                  maxLength={TEXT_LIMITS.clarification.question}
                  defaultValue={current.asked_text}
                  errors={errors}
                />
                <Textarea name="answer" label="Your answer" rows={6} maxLength={TEXT_LIMITS.clarification.answer} errors={errors} />
                <Button>Publish question and answer</Button>
              </Form>
            </>
          ) : (
            <p className="govuk-body">No questions are waiting for an answer.</p>
          )}
          <h2 className="govuk-heading-m">Publish a clarification</h2>
          <p className="govuk-body">
            To change the criteria, weights, eligibility questions or closing date, <Link className="govuk-link" to={`/my/challenges/${challenge.id}/edit`}>edit the challenge</Link>:
            the change is published as a clarification with your explanation.
          </p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="notice" />
            <Textarea name="noticeQuestion" label="Heading" rows={2} maxLength={TEXT_LIMITS.clarification.question} errors={errors} />
            <Textarea name="noticeAnswer" label="Clarification" rows={6} maxLength={TEXT_LIMITS.clarification.answer} errors={errors} />
            <Button>Publish clarification</Button>
          </Form>
          <h2 className="govuk-heading-m">Published</h2>
          <Clarifications items={published} headingLevel={3} />
        </div>
      </div>
    </>
  );
}
