// /account/monitoring: equality and diversity monitoring (decision 033). A start-up's members and judges
// answer for themselves; the answers are never shown to anyone else, never used in judging or pairing, and
// published only as suppressed counts on the programme dashboard and in open data. Editable, withdrawable.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button } from "~/components/button";
import { ErrorSummary } from "~/components/error-summary";
import { Choices, Select } from "~/components/fields";
import { useFormErrors } from "~/components/form-errors";
import { Notice } from "~/components/notice";
import { formatDateTime } from "~/lib/dates";
import { MONITORING_QUESTIONS } from "~/rules/inclusion/questions";
import { THRESHOLD } from "~/rules/inclusion/suppression";
import { requireActor } from "~/server/auth.server";
import { invalid, parseForm } from "~/server/forms.server";
import { monitoringFormSchema, readOwnAnswers, requireMonitoringRespondent, saveOwnAnswers, withdrawOwnAnswers } from "~/server/inclusion/answers.server";

export const meta: MetaFunction = () => [{ title: "Equality and diversity monitoring – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  await requireMonitoringRespondent(actor);
  const own = await readOwnAnswers(actor.user.id);
  return json({ answers: own, threshold: THRESHOLD }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  await requireMonitoringRespondent(actor);
  const parsed = await parseForm(request, monitoringFormSchema);
  if (!parsed.ok) return invalid(parsed.errors);
  if (parsed.value.intent === "withdraw") {
    await withdrawOwnAnswers(request, actor);
    return redirect("/account/monitoring?notice=monitoring-withdrawn");
  }
  const { intent: _, ...answers } = parsed.value;
  await saveOwnAnswers(request, actor, answers);
  return redirect("/account/monitoring?notice=monitoring-saved");
}

export default function Monitoring() {
  const { answers, threshold } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/account" className="govuk-back-link">Back to your account</Link>
        <ErrorSummary errors={errors} />
        <Notice />
        <h1 className="govuk-heading-l">Equality and diversity monitoring</h1>
        <p className="govuk-body">
          The city wants to know whether its programme reaches everyone, and who gets through each stage: applying,
          being shortlisted, being paired with a sponsor and running a pilot. You do not have to answer. If you do,
          answer each question: every one has &ldquo;Prefer not to say&rdquo;.
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li>Your answers are kept apart from your proposals. Public bodies, judges, sponsors and the programme office never see them, and they are never used in judging or pairing.</li>
          <li>They are published only as counts of people, on the <Link className="govuk-link" to="/dashboard">programme dashboard</Link> and in <Link className="govuk-link" to="/open-data">open data</Link>. No count under {threshold} is shown, nor any count from which one could be worked out.</li>
          <li>You can change or withdraw them at any time. They are in your copy of your data, and deleted with your account.</li>
        </ul>
        {answers ? <p className="govuk-body">{`You answered on ${formatDateTime(answers.answered_at)}.`}</p> : null}
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="save" />
          {MONITORING_QUESTIONS.map((q) => q.options.length > 10 ? (
            <Select key={q.key} name={q.key} label={q.label} hint={q.hint} errors={errors}
              options={[{ value: "", label: "Select an answer" }, ...q.options]} defaultValue={answers?.[q.key] ?? ""} />
          ) : (
            <Choices key={q.key} type="radio" name={q.key} label={q.label} hint={q.hint} errors={errors}
              options={[...q.options]} defaultValue={answers?.[q.key] ?? null} />
          ))}
          <Button>{answers ? "Save changes" : "Save answers"}</Button>
        </Form>
        {answers ? (
          <Form method="post">
            <input type="hidden" name="intent" value="withdraw" />
            <h2 className="govuk-heading-m">Withdraw your answers</h2>
            <p className="govuk-body">Your answers are deleted, and the published counts leave you out from their next refresh.</p>
            <Button variant="warning">Withdraw my answers</Button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}
