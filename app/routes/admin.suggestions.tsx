// The programme office's moderation queue (decision 035): residents' suggestions waiting to be published,
// merged or declined; feedback on pilots waiting to be published or declined; reports of abuse from readers.
// The list links each item to its form on this page (`?suggestion=`, `?feedback=`, `?report=`), so one
// decision form is shown at a time and every field has one id.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Button } from "~/components/button";
import { ErrorSummary } from "~/components/error-summary";
import { Choices, Select, Textarea } from "~/components/fields";
import { useFormErrors } from "~/components/form-errors";
import { Notice } from "~/components/notice";
import type { ReactNode } from "react";
import { formatDateTime } from "~/lib/dates";
import type { FormErrors } from "~/lib/form-errors";
import { TEXT_LIMITS } from "~/lib/field-limits";
import { requireAdmin } from "~/server/auth.server";
import { formValues, invalid, parseFormData, readFormData } from "~/server/forms.server";
import { moderateFeedback, moderateSuggestion, moderationQueue, resolveReport } from "~/server/residents/moderation.server";
import { feedbackModerationSchema, reportResolutionSchema, suggestionModerationSchema } from "~/server/residents/resident-forms";
import { withRuleErrors } from "~/server/rule-error.server";

export const meta: MetaFunction = () => [{ title: "Residents' suggestions and feedback – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return json(await moderationQueue());
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireAdmin(request);
  const formData = await readFormData(request);
  const decision = String(formData.get("decision") ?? "");
  const m = { userId: actor.user.id };
  return withRuleErrors(async () => {
    if (decision.endsWith("-feedback")) {
      const parsed = parseFormData(formData, feedbackModerationSchema);
      if (!parsed.ok) return invalid(parsed.errors);
      const v = parsed.value;
      await moderateFeedback(request, m, v.feedbackId, v.decision === "publish-feedback" ? { decision: "publish" } : { decision: "decline", reason: v.reason });
      return redirect("/admin/suggestions?notice=suggestion-moderated");
    }
    if (decision.endsWith("-report")) {
      const parsed = parseFormData(formData, reportResolutionSchema);
      if (!parsed.ok) return invalid(parsed.errors);
      const v = parsed.value;
      await resolveReport(request, m, v.reportId, v.decision === "dismiss-report" ? { uphold: false } : { uphold: true, reason: v.reason });
      return redirect("/admin/suggestions?notice=report-resolved");
    }
    const parsed = parseFormData(formData, suggestionModerationSchema);
    if (!parsed.ok) return invalid(parsed.errors);
    const v = parsed.value;
    await moderateSuggestion(request, m, v.suggestionId, v.decision === "publish" ? { decision: "publish" }
      : v.decision === "decline" ? { decision: "decline", reason: v.reason } : { decision: "merge", targetId: v.targetId });
    return redirect("/admin/suggestions?notice=suggestion-moderated");
  }, { values: formValues(formData) });
}

/** One decision on one item: what to do, anything the choice needs, and the reason the author reads. */
function DecisionForm({ item, options, reasonLabel, errors, children }: {
  item: { name: string; id: string };
  options: { value: string; label: string; hint?: string }[];
  reasonLabel: string;
  errors: FormErrors | null | undefined;
  children?: ReactNode;
}) {
  return (
    <Form method="post" noValidate>
      <input type="hidden" name={item.name} value={item.id} />
      <Choices type="radio" name="decision" label="What do you want to do?" errors={errors} options={options} />
      {children}
      <Textarea name="reason" label={reasonLabel} rows={3} maxLength={TEXT_LIMITS.residents.reason} errors={errors} />
      <Button>Save decision</Button>
    </Form>
  );
}

export default function ModerationQueue() {
  const { suggestions, feedback, reports, published } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  const [params] = useSearchParams();
  const chosen = { suggestion: params.get("suggestion"), feedback: params.get("feedback"), report: params.get("report") };
  return (
    <>
      <ErrorSummary errors={errors} />
      <Notice />
      <Link to="/admin" className="govuk-back-link">Programme office</Link>
      <h1 className="govuk-heading-xl">Residents&apos; suggestions and feedback</h1>
      <p className="govuk-body">Nothing residents write is public until you publish it. Decline with a reason: the author reads it.</p>

      <h2 className="govuk-heading-l">Suggestions waiting ({suggestions.length})</h2>
      {suggestions.length === 0 ? <p className="govuk-body">None.</p> : suggestions.map((s) => (
        <div key={s.id} className="govuk-!-margin-bottom-6">
          <h3 className="govuk-heading-s govuk-!-margin-bottom-1">{s.title}</h3>
          <p className="govuk-body-s govuk-!-margin-bottom-1">{s.theme}. {s.area}. Sent {formatDateTime(s.created_at)}.</p>
          <p className="govuk-body app-wrap">{s.description}</p>
          {chosen.suggestion === s.id ? (
            <DecisionForm item={{ name: "suggestionId", id: s.id }} reasonLabel="Reason for declining" errors={errors} options={[
              { value: "publish", label: "Publish it" },
              { value: "merge", label: "Merge it into a similar published suggestion", hint: "Its supporters move there, each counted once." },
              { value: "decline", label: "Decline it", hint: "Give a reason below." },
            ]}>
              <Select name="targetId" label="Merge into" errors={errors}
                options={[{ value: "", label: "Choose a published suggestion" }, ...published.map((p) => ({ value: p.id, label: p.title }))]} />
            </DecisionForm>
          ) : <p className="govuk-body"><Link className="govuk-link" to={`?suggestion=${s.id}`}>Decide<span className="govuk-visually-hidden"> on {s.title}</span></Link></p>}
        </div>
      ))}

      <h2 className="govuk-heading-l">Feedback on pilots waiting ({feedback.length})</h2>
      {feedback.length === 0 ? <p className="govuk-body">None.</p> : feedback.map((f) => (
        <div key={f.id} className="govuk-!-margin-bottom-6">
          <p className="govuk-body-s govuk-!-margin-bottom-1">On <Link className="govuk-link" to={`/pilots/${f.pilot_id}`}>{f.pilot}</Link>. Sent {formatDateTime(f.created_at)}.</p>
          <p className="govuk-body app-wrap">{f.body}</p>
          {chosen.feedback === f.id ? (
            <DecisionForm item={{ name: "feedbackId", id: f.id }} reasonLabel="Reason for declining" errors={errors} options={[
              { value: "publish-feedback", label: "Publish it" },
              { value: "decline-feedback", label: "Decline it", hint: "Give a reason below." },
            ]} />
          ) : <p className="govuk-body"><Link className="govuk-link" to={`?feedback=${f.id}`}>Decide<span className="govuk-visually-hidden"> on this feedback</span></Link></p>}
        </div>
      ))}

      <h2 className="govuk-heading-l">Reports from readers ({reports.length})</h2>
      {reports.length === 0 ? <p className="govuk-body">None.</p> : reports.map((r) => (
        <div key={r.id} className="govuk-!-margin-bottom-6">
          <p className="govuk-body-s govuk-!-margin-bottom-1">
            {r.suggestion_id
              ? <>About the suggestion <Link className="govuk-link" to={`/suggestions/${r.suggestion_id}`}>{r.suggestion_title}</Link>.</>
              : <>About feedback on <Link className="govuk-link" to={`/pilots/${r.pilot_id}/feedback`}>a pilot</Link>: “{r.feedback_body}”.</>}
            {" "}Sent {formatDateTime(r.created_at)}.
          </p>
          <p className="govuk-body app-wrap">{r.reason}</p>
          {chosen.report === r.id ? (
            <DecisionForm item={{ name: "reportId", id: r.id }} reasonLabel="Reason for taking it down" errors={errors} options={[
              { value: "dismiss-report", label: "Keep it published" },
              { value: "uphold-report", label: "Take it down", hint: "It is declined. Give the author a reason below." },
            ]} />
          ) : <p className="govuk-body"><Link className="govuk-link" to={`?report=${r.id}`}>Decide<span className="govuk-visually-hidden"> on this report</span></Link></p>}
        </div>
      ))}
    </>
  );
}
