// Stage two of a two-stage call (decision 032): the owner reads the expressions of interest once stage one has
// closed and chooses, once, whom to invite to send a full proposal, with a message to those not invited.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/button";
import { ErrorSummary } from "~/components/error-summary";
import { Choices, Textarea } from "~/components/fields";
import { useFormErrors } from "~/components/form-errors";
import { Notice } from "~/components/notice";
import { Table } from "~/components/table";
import { formatDateTime } from "~/lib/dates";
import { idField } from "~/lib/ids";
import { requiredText } from "~/lib/validation";
import { decideStageTwo, readExpressions } from "~/server/challenges/stage-two.server";
import { invalid, parseForm } from "~/server/forms.server";
import { notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { requireChallengeManager } from "~/server/judging/manager.server";
import { withRuleErrors } from "~/server/rule-error.server";

export const meta: MetaFunction = () => [{ title: "Stage two invitations – Civic Innovation Challenge" }];

export const MESSAGE_LIMIT = 2_000;

const schema = z.object({
  invited: z.array(idField()).max(1_000).or(idField().transform((id) => [id])).optional().transform((v) => v ?? []),
  message: requiredText("a message to the applicants you do not invite", MESSAGE_LIMIT, 20),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, challenge } = await requireChallengeManager(request, requireId(params.id));
  const read = await readExpressions(request, actor, challenge);
  if (!read) notFound();
  return json({ challenge: { id: challenge.id, title: challenge.title }, ...read });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { challenge } = await requireChallengeManager(request, requireId(params.id));
  const parsed = await parseForm(request, schema);
  if (!parsed.ok) return invalid(parsed.errors);
  return withRuleErrors(async () => {
    if (!(await decideStageTwo(request, challenge.id, parsed.value))) notFound();
    return redirect(`/my/challenges/${challenge.id}/stage-two?notice=stage-two-decided`);
  }, { values: { invited: parsed.value.invited, message: parsed.value.message } });
}

export default function StageTwo() {
  const { challenge, call, count, expressions } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  const invited = expressions.filter((e) => e.stage_two === "invited").length;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <Notice />
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l"><Link className="govuk-link" to={`/my/challenges/${challenge.id}`}>{challenge.title}</Link></span>
        <h1 className="govuk-heading-l">Stage two invitations</h1>
        <p className="govuk-body">
          Stage one (expressions of interest) {call.phase === "eoi" ? "closes" : "closed"} at {formatDateTime(call.eoiClosesAt!)}. Full
          proposals from those you invite are due by {formatDateTime(call.closesAt)} (UK time).
        </p>
        {call.phase === "eoi" ? (
          <p className="govuk-body">
            {count === 1 ? "1 expression of interest has" : `${count} expressions of interest have`} been sent so far. You can read
            them once stage one has closed.
          </p>
        ) : call.decidedAt ? (
          <>
            <p className="govuk-body">
              On {formatDateTime(call.decidedAt)} you invited {invited} of {expressions.length} to stage two. Everyone was told by email.
            </p>
            <ExpressionsTable rows={expressions} />
            <h2 className="govuk-heading-m">Your message to those not invited</h2>
            <p className="govuk-body">{call.message}</p>
          </>
        ) : expressions.length === 0 ? (
          <p className="govuk-body">No expressions of interest were sent.</p>
        ) : (
          <Form method="post" noValidate>
            <Choices type="checkbox" name="invited" label="Whom do you invite to send a full proposal?"
              hint="Everyone you do not select is told they are not invited, with your message below." errors={errors}
              options={expressions.map((e) => ({ value: e.id, label: `${e.title} (${e.org_name})`, hint: e.summary }))} />
            <Textarea name="message" label="Message to the applicants you do not invite" rows={5}
              hint="For example, what the strongest expressions of interest had in common, and where else they might apply. Sent by email; it names nobody."
              errors={errors} maxLength={MESSAGE_LIMIT} />
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
              <strong className="govuk-warning-text__text"><span className="govuk-visually-hidden">Warning</span>You choose once: everyone is told at once and it cannot be undone.</strong>
            </div>
            <Button>Send the invitations</Button>
          </Form>
        )}
      </div>
    </div>
  );
}

function ExpressionsTable({ rows }: { rows: { id: string; title: string; org_name: string; stage_two: string | null }[] }) {
  return (
    <Table caption="Expressions of interest" captionClass="m" rows={rows} rowKey={(r) => r.id} columns={[
      { header: "Expression of interest", cell: (r) => r.title },
      { header: "Applicant", cell: (r) => r.org_name },
      { header: "Stage two", cell: (r) => (r.stage_two === "invited" ? "Invited" : "Not invited") },
    ]} />
  );
}
