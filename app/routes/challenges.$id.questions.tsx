// A start-up's questions about an open challenge (decision 027): asked privately, answered by the public body
// and published on the challenge page for everyone, without the asker's name.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/button";
import { ErrorSummary } from "~/components/error-summary";
import { Textarea } from "~/components/fields";
import { useFormErrors } from "~/components/form-errors";
import { Notice } from "~/components/notice";
import { formatDateTime } from "~/lib/dates";
import { TEXT_LIMITS } from "~/lib/field-limits";
import { requiredText } from "~/lib/validation";
import { askQuestion, listOwnQuestions } from "~/server/challenges/clarifications.server";
import { getPublicChallenge } from "~/server/challenges/queries.server";
import { invalid, parseForm } from "~/server/forms.server";
import { notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { requirePermission } from "~/server/permissions.server";
import { withRuleErrors } from "~/server/rule-error.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Ask a question: ${data?.challenge.title ?? "Challenge"} – Civic Innovation Challenge` },
];

const schema = z.object({ question: requiredText("your question", TEXT_LIMITS.clarification.question, 10) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "ask:clarification");
  const challenge = await getPublicChallenge(requireId(params.id));
  if (!challenge) notFound();
  const questions = await listOwnQuestions(challenge.id, actor.org.orgId);
  return json({ challenge: { id: challenge.id, title: challenge.title, status: challenge.status }, questions });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "ask:clarification");
  const id = requireId(params.id);
  const parsed = await parseForm(request, schema);
  if (!parsed.ok) return invalid(parsed.errors);
  return withRuleErrors(async () => {
    await askQuestion(request, { userId: actor.user.id, orgId: actor.org.orgId, orgKind: actor.org.kind }, id, parsed.value.question);
    return redirect(`/challenges/${id}/questions?notice=question-asked`);
  }, { values: { question: parsed.value.question } });
}

export default function AskAQuestion() {
  const { challenge, questions } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Notice />
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">{challenge.title}</span>
        <h1 className="govuk-heading-l">Ask a question about this challenge</h1>
        {challenge.status === "open" ? (
          <>
            <p className="govuk-body">
              Only the public body reads your question. If it answers, it publishes the question and answer on the
              challenge page for every applicant, without your name or your organisation&apos;s.
            </p>
            <Form method="post" noValidate>
              <Textarea
                name="question"
                label="Your question"
                hint="Ask about the challenge, its criteria or its eligibility rules. Do not include personal information or details of your proposal you would not want published."
                rows={6}
                maxLength={TEXT_LIMITS.clarification.question}
                errors={errors}
              />
              <Button>Send question</Button>
            </Form>
          </>
        ) : (
          <p className="govuk-body">Questions can only be asked while the challenge is open.</p>
        )}
        {questions.length ? (
          <>
            <h2 className="govuk-heading-m">Your organisation&apos;s questions</h2>
            <ul className="govuk-list">
              {questions.map((q) => (
                <li key={q.id} className="govuk-!-margin-bottom-4">
                  <p className="govuk-body govuk-!-margin-bottom-1">{q.asked_text}</p>
                  <p className="govuk-body-s govuk-!-margin-bottom-0">
                    Asked {formatDateTime(q.asked_at)}. {q.status === "published" ? "Answered: the answer is on the challenge page." : "Waiting for an answer."}
                  </p>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p className="govuk-body"><Link className="govuk-link" to={`/challenges/${challenge.id}#clarifications`}>Back to the challenge</Link></p>
      </div>
    </div>
  );
}
