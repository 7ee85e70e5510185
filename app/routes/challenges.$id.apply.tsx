// Starting a proposal. A challenge without required answers starts one straight from the challenge page's
// button; one with required answers asks them here first, and an answer that cannot apply is told at once,
// before anything is written (decision 031). Resumes the start-up's existing proposal if it has one.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/button";
import { ErrorSummary } from "~/components/error-summary";
import { Choices } from "~/components/fields";
import { useFormErrors } from "~/components/form-errors";
import { getPublicChallenge } from "~/server/challenges/queries.server";
import { invalid, parseForm, toFormErrors } from "~/server/forms.server";
import { badRequest, notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { requirePermission } from "~/server/permissions.server";
import { startProposal } from "~/server/proposals/commands.server";
import { findOrgProposalForChallenge } from "~/server/proposals/queries.server";
import { RuleError } from "~/server/rule-error.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Before you start: ${data?.challenge.title ?? "Challenge"} – Civic Innovation Challenge` },
];

const schema = z.object({ answers: z.record(z.string(), z.string().max(200).optional()).optional() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = requireId(params.id);
  const actor = await requirePermission(request, "create:proposal");
  const challenge = await getPublicChallenge(id);
  if (!challenge) notFound();
  const existing = await findOrgProposalForChallenge({ challengeId: id, orgId: actor.org.orgId });
  if (existing) return redirect(`/my/proposals/${existing.id}`);
  const required = challenge.questions.filter((q) => q.options);
  const stageOneClosed = challenge.eoi_closes_at !== null && new Date(challenge.eoi_closes_at) <= new Date();
  if (!required.length || challenge.status !== "open" || stageOneClosed) return redirect(`/challenges/${id}`);
  return json({ challenge: { id, title: challenge.title }, required });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const challengeId = requireId(params.id);
  const actor = await requirePermission(request, "create:proposal");
  const parsed = await parseForm(request, schema);
  if (!parsed.ok) return invalid(parsed.errors);
  const answers = Object.fromEntries(Object.entries(parsed.value.answers ?? {}).filter((e): e is [string, string] => !!e[1]));
  try {
    const started = await startProposal(request, challengeId, actor.org.orgId, actor.user.id, answers);
    if (started.kind === "not-found") notFound();
    if (started.kind === "unanswered") {
      return invalid(toFormErrors(started.missing, Object.fromEntries(Object.entries(answers).map(([k, v]) => [`answers.${k}`, v]))));
    }
    if (started.kind === "refused") return json({ refused: started.reasons, answers }, { status: 200 });
    return redirect(`/my/proposals/${started.id}`);
  } catch (error) {
    // No form field to show the message next to: the rule (the challenge has closed) is the answer.
    if (error instanceof RuleError) badRequest(error.message);
    throw error;
  }
}

export default function BeforeYouStart() {
  const { challenge, required } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = useFormErrors(data && "errors" in data ? data : undefined);
  if (data && "refused" in data) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{challenge.title}</span>
          <h1 className="govuk-heading-l">You cannot apply to this challenge</h1>
          {data.refused.map((r) => <p key={r} className="govuk-body">{r}.</p>)}
          <p className="govuk-body">Nothing has been saved, and the public body has not been told.</p>
          <ul className="govuk-list">
            <li><Link className="govuk-link" to={`/challenges/${challenge.id}/apply`}>Change your answers</Link></li>
            <li><Link className="govuk-link" to="/challenges">Find another challenge</Link></li>
          </ul>
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">{challenge.title}</span>
        <h1 className="govuk-heading-l">Before you start</h1>
        <p className="govuk-body">
          This challenge is open only to some applicants. Answer these questions first, so that you know you can apply
          before you write a proposal.
        </p>
        <Form method="post" noValidate>
          {required.map((q) => (
            <Choices key={q.id} type="radio" name={`answers.${q.id}`} label={q.question} errors={errors}
              options={(q.options ?? []).map((o) => ({ value: o, label: o }))} inline={(q.options ?? []).length === 2} />
          ))}
          <Button>Continue</Button>
        </Form>
      </div>
    </div>
  );
}
