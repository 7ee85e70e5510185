import { Form } from "@remix-run/react";
import { Button } from "~/components/button";
import { Choices, DateInput, Select, Textarea, TextInput } from "~/components/fields";
import { Tag } from "~/components/tag";
import { formatDate } from "~/lib/dates";
import { TEXT_LIMITS } from "~/lib/field-limits";
import type { FormErrors } from "~/lib/form-errors";
import { DIRECTIONS, FREQUENCIES } from "~/lib/pilots";
import type { PlanChangeRequests, PlanPilot, TeamOrg } from "./types";

const CHANGE_TAG = { pending: { label: "Waiting for the public body", colour: "blue" }, approved: { label: "Approved", colour: "green" }, declined: { label: "Declined", colour: "grey" } } as const;

/** After approval: the requests to change the plan, the public body's decisions, and the form to propose one. */
export function PlanChanges({ pilot: p, changes, role, errors, orgs }: { pilot: PlanPilot; changes: PlanChangeRequests; role: string | null; errors: FormErrors | null; orgs: TeamOrg[] }) {
  const planned = p.milestones.filter((m) => m.status !== "done");
  const unmeasured = p.kpis.filter((k) => k.measurements.length === 0);
  return (
    <section aria-labelledby="changes-heading">
      <h2 className="govuk-heading-l" id="changes-heading">Changes to the approved plan</h2>
      <p className="govuk-body">Milestones and KPIs change only when the public body approves a change proposed by the team. Dates and budget stay as approved.</p>
      {changes.length === 0 ? <p className="govuk-body">No changes have been proposed.</p> : null}
      {changes.map((c) => (
        <div key={c.id} className="app-card govuk-!-margin-bottom-6">
          <h3 className="govuk-heading-s govuk-!-margin-bottom-1">Proposed by {c.proposedByOrg} on {formatDate(c.createdAt)} <Tag {...CHANGE_TAG[c.status]} /></h3>
          <p className="govuk-body app-break">{c.reason}</p>
          <ul className="govuk-list govuk-list--bullet">{c.changes.map((line, i) => <li key={i}>{line}</li>)}</ul>
          {c.decisionNote ? <p className="govuk-body-s app-break">Public body's note: {c.decisionNote}</p> : null}
          {c.status === "pending" && role === "public_body" ? (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="decide-change" />
              <input type="hidden" name="requestId" value={c.id} />
              <Textarea name="note" label={<>Note to the team (optional)<span className="govuk-visually-hidden"> on the change proposed on {formatDate(c.createdAt)}</span></>} rows={2} errors={null} maxLength={TEXT_LIMITS.pilot.changeReason} />
              <div className="govuk-button-group">
                <Button name="decision" value="approve">Approve the change</Button>
                <Button name="decision" value="decline" variant="secondary">Decline the change</Button>
              </div>
            </Form>
          ) : null}
        </div>
      ))}
      {role && p.status === "approved" ? (
        <Form method="post" noValidate id="propose-change">
          <h3 className="govuk-heading-m">Propose a change</h3>
          <input type="hidden" name="intent" value="propose-change" />
          {errors?.fields.changes ? <p className="govuk-error-message" id="changes"><span className="govuk-visually-hidden">Error:</span> {errors.fields.changes}</p> : null}
          <Textarea name="reason" label="Why does the plan need to change?" rows={3} errors={errors} maxLength={TEXT_LIMITS.pilot.changeReason} />
          {planned.length ? (
            <fieldset className="govuk-fieldset govuk-!-margin-bottom-6">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Move a milestone</legend>
              <Select name="moveMilestone.milestoneId" label="Milestone" errors={errors} options={[{ value: "", label: "No milestone to move" }, ...planned.map((m) => ({ value: m.id, label: `${m.title} (due ${formatDate(m.dueOn)})` }))]} />
              <DateInput name="moveMilestone.dueOn" label="New due date" errors={errors} />
            </fieldset>
          ) : null}
          {planned.length ? (
            <Choices type="checkbox" small name="removeMilestoneIds" label="Remove milestones" errors={errors} options={planned.map((m) => ({ value: m.id, label: m.title }))} />
          ) : null}
          <fieldset className="govuk-fieldset govuk-!-margin-bottom-6">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Add a milestone</legend>
            <TextInput name="addMilestone.title" label="Milestone" errors={errors} />
            <DateInput name="addMilestone.dueOn" label="Due date" errors={errors} />
            <Select name="addMilestone.ownerOrgId" label="Responsible organisation" errors={errors} options={[{ value: "", label: "Choose an organisation" }, ...orgs.map((o) => ({ value: o.id, label: o.name }))]} />
          </fieldset>
          {unmeasured.length ? (
            <Choices type="checkbox" small name="removeKpiIds" label="Remove KPIs" hint="Only KPIs with no measurements can be removed" errors={errors}
              options={unmeasured.map((k) => ({ value: k.id, label: k.name }))} />
          ) : null}
          <fieldset className="govuk-fieldset govuk-!-margin-bottom-6">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Add a KPI</legend>
            <TextInput name="addKpi.name" label="Name" errors={errors} />
            <TextInput name="addKpi.unit" label="Unit" width="20" errors={errors} />
            <TextInput name="addKpi.baseline" label="Baseline" width="10" inputMode="decimal" errors={errors} />
            <TextInput name="addKpi.target" label="Target" width="10" inputMode="decimal" errors={errors} />
            <Choices type="radio" inline name="addKpi.direction" label="Is higher or lower better?" errors={errors} options={DIRECTIONS.map((d) => ({ value: d.value, label: d.label }))} />
            <Select name="addKpi.frequency" label="How often is it measured?" errors={errors}
              options={[{ value: "", label: "Choose how often" }, ...FREQUENCIES.map((f) => ({ value: f.value, label: f.label }))]} />
          </fieldset>
          <Button>Send the change to the public body</Button>
        </Form>
      ) : null}
    </section>
  );
}
