import { useFormErrors } from "~/components/form-errors";
import { TEXT_LIMITS } from "~/lib/field-limits";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { LineChart, MilestoneTimeline } from "~/components/charts";
import { ErrorSummary } from "~/components/error-summary";
import { DateInput, Select, Textarea, TextInput } from "~/components/fields";
import { Notice } from "~/components/notice";
import { Tag } from "~/components/tag";
import { OrgName, VerifiedExplainer } from "~/components/verified";
import { formatDate, formatDateTime, formatMoney } from "~/lib/dates";
import type { FormErrors } from "~/lib/form-errors";
import { MEASUREMENT_TAG, pilotLifecycleTag, pilotStatusTag, STATUS_RULE, TEAM_ROLE_LABEL } from "~/lib/pilots";
import { getActor } from "~/server/auth.server";
import { formValues, invalid, parseFormData, readFormData } from "~/server/forms.server";
import { badRequest } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { measurementSchema, reviewSchema } from "~/server/pilots/pilot-forms";
import { requirePilotRole, requireReadablePilot, teamRoleOf } from "~/server/pilots/access.server";
import { recordMeasurement, reviewMeasurement } from "~/server/pilots/commands.server";
import type { KpiView } from "~/server/pilots/queries.server";
import { withRuleErrors } from "~/server/rule-error.server";
import { Button } from "~/components/button";
import { Table } from "~/components/table";
import { SummaryList } from "~/components/summary-list";
import { formatDecimal } from "~/lib/words";
import { FollowButton } from "~/components/follow-button";
import { isFollowing } from "~/server/residents/follows.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.pilot.title ?? "Pilot"} – Civic Innovation Challenge` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const pilot = await requireReadablePilot(actor, requireId(params.id));
  const following = await isFollowing(actor?.user.id ?? null, { pilotId: pilot.id });
  return json({ pilot, role: teamRoleOf(pilot, actor?.org?.orgId), signedIn: !!actor, following });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const id = requireId(params.id);
  // Team membership first (404 for outsiders), before the form is even read.
  const cmd = await requirePilotRole(request, id);
  const { pilot } = cmd;
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  if (intent !== "record" && intent !== "review") badRequest("Unknown action");
  // Each command checks who may make it.
  return withRuleErrors(async () => {
    if (intent === "record") {
      const parsed = parseFormData(formData, measurementSchema);
      if (!parsed.ok) return invalid(parsed.errors);
      await recordMeasurement(cmd, parsed.value);
      return redirect(`/pilots/${pilot.id}?notice=measurement-recorded`);
    }
    const parsed = parseFormData(formData, reviewSchema);
    if (!parsed.ok) return json({ errors: parsed.errors, measurementId: String(formData.get("measurementId") ?? "") }, { status: 400 });
    await reviewMeasurement(cmd, parsed.value);
    return redirect(`/pilots/${pilot.id}?notice=measurement-${parsed.value.decision === "verify" ? "verified" : "queried"}`);
  }, { values: formValues(formData) });
}

const fmt = formatDecimal;

export default function PilotPage() {
  const { pilot: p, role, signedIn, following } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = useFormErrors(data) ?? null;
  const reviewedId = data && "measurementId" in data ? String(data.measurementId) : null;
  // The query note of a measurement row has its own id; point the summary there.
  const summaryErrors = errors && reviewedId
    ? { ...errors, summary: errors.summary.map((s) => (s.href === "#queryNote" ? { ...s, href: `#query-note-${reviewedId}` } : s)) }
    : errors;
  const health = pilotStatusTag(p.health);
  return (
    <>
      <ErrorSummary errors={summaryErrors} />
      <Notice />
      <Link to="/pilots" className="govuk-back-link">All pilots</Link>
      <span className="govuk-caption-l">Pilot for the challenge <Link className="govuk-link" to={`/challenges/${p.challengeId}`}>{p.challengeTitle}</Link></span>
      <h1 className="govuk-heading-xl">{p.title}</h1>
      <p className="govuk-body">
        <Tag {...pilotLifecycleTag(p.status)} /> {p.status === "draft" ? null : <Tag {...health} />}
      </p>
      {p.status === "draft" ? null : (
        <>
          <p className="govuk-body"><Link className="govuk-link" to={`/pilots/${p.id}/feedback`}>What residents say about this pilot</Link></p>
          {signedIn ? <FollowButton target={{ pilotId: p.id }} following={following} /> : null}
        </>
      )}
      <details className="govuk-details">
        <summary className="govuk-details__summary"><span className="govuk-details__summary-text">How the status is worked out</span></summary>
        <div className="govuk-details__text">
          <p className="govuk-body">This pilot is <strong>{health.label.toLowerCase()}</strong>.</p>
          {STATUS_RULE.map((t) => <p key={t} className="govuk-body">{t}</p>)}
        </div>
      </details>
      <SummaryList rows={[
        { key: "Public body", value: <OrgName {...p.team.publicBody} /> },
        { key: "Start-up", value: <OrgName {...p.team.startup} /> },
        { key: "Corporate sponsor", value: <OrgName {...p.team.corporate} /> },
        { key: "Dates", value: p.startsOn && p.endsOn ? `${formatDate(p.startsOn)} to ${formatDate(p.endsOn)}` : "Not planned yet" },
        { key: "Budget", value: p.budgetGbp === null ? "Not set" : formatMoney(p.budgetGbp) },
        p.approvedAt ? { key: "Plan approved", value: formatDateTime(p.approvedAt) } : null,
        { key: "Data register", value: <Link className="govuk-link" to={`/pilots/${p.id}/data`}>Datasets this pilot uses</Link> },
      ]} />
      {role ? (
        <p className="govuk-body">
          You are acting for the {TEAM_ROLE_LABEL[role].toLowerCase()} in this team.{" "}
          <Link className="govuk-link" to={`/pilots/${p.id}/plan`}>{p.status === "draft" ? "Edit the plan" : "Milestones and changes to the plan"}</Link>
        </p>
      ) : null}

      <VerifiedExplainer />

      <h2 className="govuk-heading-l">KPIs</h2>
      {p.kpis.length === 0 ? <p className="govuk-body">No KPIs have been set yet.</p> : null}
      {p.kpis.map((k) => <Kpi key={k.id} kpi={k} canReview={role === "public_body"} errors={errors} reviewedId={reviewedId} />)}

      {role === "startup" && p.status === "approved" && p.kpis.length ? (
        <section aria-labelledby="record-heading">
          <h2 className="govuk-heading-m" id="record-heading">Record a measurement</h2>
          {errors?.fields.form ? <p className="govuk-error-message" id="form"><span className="govuk-visually-hidden">Error:</span> {errors.fields.form}</p> : null}
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="record" />
            <Select name="kpiId" label="KPI" errors={errors} options={[{ value: "", label: "Choose a KPI" }, ...p.kpis.map((k) => ({ value: k.id, label: `${k.name} (${k.unit})` }))]} />
            <DateInput name="measuredOn" label="Date of the measurement" hint="For example, 27 3 2027" errors={errors} />
            <TextInput name="value" label="Value" width="10" inputMode="decimal" errors={errors} />
            <Textarea name="note" label="Note (optional)" hint="How it was measured, or anything unusual" rows={3} errors={errors} maxLength={TEXT_LIMITS.pilot.measurementNote} />
            <Button>Record measurement</Button>
          </Form>
        </section>
      ) : null}

      <h2 className="govuk-heading-l">Milestones</h2>
      <MilestoneTimeline
        title="Milestones"
        summary={p.milestones.length
          ? `${p.milestones.length} milestones: ${p.milestones.filter((m) => m.state === "done").length} done, ${p.milestones.filter((m) => m.state === "late").length} late, ${p.milestones.filter((m) => m.state === "planned").length} planned.`
          : "No milestones have been planned yet."}
        milestones={p.milestones.map((m) => ({ title: `${m.title} (${m.ownerName})`, dueOn: m.dueOn, state: m.state }))}
      />
    </>
  );
}

function Kpi({ kpi: k, canReview, errors, reviewedId }: { kpi: KpiView; canReview: boolean; errors: FormErrors | null; reviewedId: string | null }) {
  const counted = k.measurements.filter((m) => m.status !== "queried");
  const latest = counted[counted.length - 1];
  const summary = `${k.direction === "higher" ? "Higher" : "Lower"} is better. Baseline ${fmt(k.baseline)} ${k.unit}, target ${fmt(k.target)} ${k.unit}. `
    + (latest ? `Latest measurement ${fmt(latest.value)} ${k.unit} on ${formatDate(latest.measuredOn)}, from ${counted.length} counted.` : "No measurements counted yet.")
    + (k.status === "not_started" ? "" : ` This KPI is ${pilotStatusTag(k.status).label.toLowerCase()}.`);
  return (
    <section className="govuk-!-margin-bottom-8">
      <LineChart
        title={`${k.name} (${k.unit})`}
        summary={summary}
        unit={k.unit}
        series={[{ name: "Measured", points: counted.map((m) => ({ x: m.measuredOn, y: m.value })) }]}
        referenceLines={[{ label: "Baseline", y: k.baseline, kind: "baseline" }, { label: "Target", y: k.target, kind: "target" }]}
      />
      {k.measurements.length ? (
        <Table caption={<>Measurements of {k.name}</>} captionClass="s" rows={k.measurements} rowKey={(m) => m.id} columns={[
          { header: "Date", cell: (m) => formatDate(m.measuredOn) },
          { header: <>Value ({k.unit})</>, numeric: true, cell: (m) => fmt(m.value) },
          { header: "Note", cell: (m) => m.note },
          { header: "Check", cell: (m) => {
            const error = reviewedId === m.id ? errors?.fields.queryNote : undefined;
            const noteId = `query-note-${m.id}`;
            return <>
              <Tag {...MEASUREMENT_TAG[m.status]} />
              {m.status === "queried" && m.queryNote ? <p className="govuk-body-s">Query: {m.queryNote}</p> : null}
              {canReview && m.status !== "verified" ? (
                <Form method="post" noValidate>
                  <input type="hidden" name="intent" value="review" />
                  <input type="hidden" name="measurementId" value={m.id} />
                  <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
                    <label className="govuk-label govuk-label--s" htmlFor={noteId}>What needs checking (to query it)</label>
                    {error ? <p className="govuk-error-message" id={`${noteId}-error`}><span className="govuk-visually-hidden">Error:</span> {error}</p> : null}
                    <textarea className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`} id={noteId} name="queryNote" rows={2}
                      aria-describedby={error ? `${noteId}-error` : undefined} aria-invalid={error ? true : undefined} />
                  </div>
                  <div className="govuk-button-group">
                    <Button name="decision" value="verify" variant="secondary">
                      Verify<span className="govuk-visually-hidden"> the measurement of {formatDate(m.measuredOn)}</span>
                    </Button>
                    <Button name="decision" value="query" variant="warning">
                      Query<span className="govuk-visually-hidden"> the measurement of {formatDate(m.measuredOn)}</span>
                    </Button>
                  </div>
                </Form>
              ) : null}
            </>;
          } },
        ]} />
      ) : null}
    </section>
  );
}

