import { useFormErrors } from "~/components/form-errors";
import { TEXT_LIMITS } from "~/lib/field-limits";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { AttachmentList, FileUpload } from "~/components/attachments";
import { ErrorSummary } from "~/components/error-summary";
import { Choices, DateInput, Select, Textarea, TextInput } from "~/components/fields";
import { Notice } from "~/components/notice";
import { Tag } from "~/components/tag";
import { formatDate, formatMoney } from "~/lib/dates";
import { fieldId, type FormErrors } from "~/lib/form-errors";
import { ATTACHMENT_HINT, type AttachmentItem } from "~/lib/attachments";
import { DIRECTIONS, FREQUENCIES, pilotLifecycleTag, pilotPlanTasks } from "~/lib/pilots";
import { TaskList } from "~/components/task-list";
import {
  addMilestoneAttachment, AttachmentError, checkUpload, deleteMilestoneAttachment, isMultipart, listMilestoneAttachments, readUploadForm,
} from "~/server/attachments/attachments.server";
import { requireActor } from "~/server/auth.server";
import { formValues, invalid, parseFormData, readFormData, toFormErrors } from "~/server/forms.server";
import { badRequest, forbidden, notFound } from "~/server/http.server";
import { isUuid, requireId } from "~/server/ids.server";
import { kpiSchema, milestoneDoneSchema, milestoneSchema, planChangeSchema, planDecisionSchema, planSchema } from "~/server/pilots/pilot-forms";
import { decidePlanChange, listPlanChanges, proposePlanChange } from "~/server/pilots/plan-changes.server";
import { requestProgrammeRollup } from "~/server/dashboards.server";
import { confirmStep, isConfirmed } from "~/server/confirm.server";
import { ConfirmStep, confirming } from "~/components/confirm-step";
import {
  approvePlan, isTeamMember, loadPilot, markMilestoneDone, PilotRuleError, removeKpi, removeMilestone, requirePilotRole, saveKpi, saveMilestone, teamRoleOf,
  updatePlan,
} from "~/server/pilots/pilots.server";
import { Button } from "~/components/button";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Plan: ${data?.pilot.title ?? "pilot"} – Civic Innovation Challenge` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const pilot = await loadPilot(requireId(params.id));
  if (!pilot || (!isTeamMember(pilot, actor) && !actor.user.isAdmin)) notFound();
  const role = teamRoleOf(pilot, actor.org?.orgId);
  const evidence = await listMilestoneAttachments(pilot.milestones.map((m) => m.id), role ? actor.org?.orgId : null);
  const changes = pilot.status === "draft" ? [] : await listPlanChanges(pilot.id);
  return json({ pilot, role, orgId: role ? actor.org!.orgId : null, evidence, changes });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const cmd = await requirePilotRole(request, requireId(params.id));
  const { actor, pilot, role } = cmd;
  // Evidence files come as multipart forms of their own (one per milestone).
  if (isMultipart(request)) return uploadEvidence(request, pilot.id, actor.org!.orgId, actor.user.id);
  const formData = await readFormData(request);
  const values = formValues(formData);
  // Each command writes its audit row in its own transaction.
  const back = (notice: string) => redirect(`/pilots/${pilot.id}/plan?notice=${notice}`);
  const idOf = (name: string) => {
    const v = formData.get(name);
    if (!isUuid(v)) badRequest("Choose an item from the list");
    return v;
  };
  try {
    switch (formData.get("intent")) {
      case "plan": {
        const parsed = parseFormData(formData, planSchema);
        if (!parsed.ok) return invalid(parsed.errors);
        await updatePlan(cmd, parsed.value);
        return back("pilot-plan-saved");
      }
      case "milestone": {
        const parsed = parseFormData(formData, milestoneSchema);
        if (!parsed.ok) return invalid(parsed.errors);
        await saveMilestone(cmd, parsed.value);
        return back("milestone-saved");
      }
      case "remove-milestone":
        await removeMilestone(cmd, idOf("milestoneId"));
        return back("milestone-removed");
      case "milestone-done": {
        const parsed = parseFormData(formData, milestoneDoneSchema);
        if (!parsed.ok) return invalid(parsed.errors);
        await markMilestoneDone(cmd, parsed.value);
        return back("milestone-done");
      }
      case "kpi": {
        const parsed = parseFormData(formData, kpiSchema);
        if (!parsed.ok) return invalid(parsed.errors);
        await saveKpi(cmd, parsed.value);
        return back("kpi-saved");
      }
      case "remove-evidence": {
        const attachmentId = idOf("attachmentId");
        const removed = await deleteMilestoneAttachment(request, { attachmentId, pilotId: pilot.id, orgId: actor.org!.orgId });
        if (!removed) notFound();
        return redirect(`/pilots/${pilot.id}/plan?notice=evidence-deleted#evidence-heading`);
      }
      case "remove-kpi":
        await removeKpi(cmd, idOf("kpiId"));
        return back("kpi-removed");
      case "propose-change": {
        const parsed = parseFormData(formData, planChangeSchema);
        if (!parsed.ok) return invalid(parsed.errors);
        await proposePlanChange(cmd, parsed.value);
        return back("plan-change-proposed");
      }
      case "decide-change": {
        if (role !== "public_body") forbidden("Only the public body in this pilot's team can approve or decline a change to the plan");
        const parsed = parseFormData(formData, planDecisionSchema);
        if (!parsed.ok) return invalid(parsed.errors);
        const approved = await decidePlanChange(cmd, parsed.value);
        if (approved) await requestProgrammeRollup();
        return back(approved ? "plan-change-approved" : "plan-change-declined");
      }
      case "approve": {
        if (role !== "public_body") forbidden("Only the public body in this pilot's team can approve its plan");
        if (!isConfirmed(formData)) return confirmStep("approve");
        await approvePlan(cmd);
        await requestProgrammeRollup();
        return redirect(`/pilots/${pilot.id}?notice=pilot-approved`);
      }
      default:
        badRequest("Unknown action");
    }
  } catch (error) {
    if (error instanceof PilotRuleError) return invalid(toFormErrors({ [error.field]: error.message }, values));
    throw error;
  }
}

async function uploadEvidence(request: Request, pilotId: string, orgId: string, userId: string) {
  const form = await readUploadForm(request);
  // An oversized request arrives without its fields: the message then goes to the top of the page.
  const milestoneId = form.fields.milestoneId;
  if (milestoneId !== undefined && !isUuid(milestoneId)) badRequest("Choose a milestone");
  const key = milestoneId ? `evidence.${milestoneId}` : "form";
  try {
    const file = await checkUpload(form);
    if (!milestoneId) badRequest("Choose a milestone");
    const added = await addMilestoneAttachment(request, { pilotId, milestoneId, orgId, userId }, file);
    if (!added) notFound();
    return redirect(`/pilots/${pilotId}/plan?notice=evidence-uploaded#evidence-heading`);
  } catch (error) {
    if (error instanceof AttachmentError) return json({ errors: toFormErrors({ [key]: error.message }, {}), part: "evidence" as const }, { status: 400 });
    throw error;
  }
}

export default function PilotPlan() {
  const { pilot: p, role, orgId, evidence, changes } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  // An evidence file's error belongs next to its file field only: the plan's forms keep their saved values.
  const evidenceErrors = data && "part" in data ? data.errors : null;
  const formErrors = useFormErrors(data);
  const errors = evidenceErrors ? null : formErrors ?? null;
  const draft = p.status === "draft";
  const orgs = [p.team.publicBody, p.team.startup, p.team.corporate];
  return (
    <>
      <ErrorSummary errors={evidenceErrors ?? errors} />
      <Notice />
      <Link to={`/pilots/${p.id}`} className="govuk-back-link">Back to the pilot</Link>
      <span className="govuk-caption-l">{p.title}</span>
      <h1 className="govuk-heading-xl">Pilot plan</h1>
      <p className="govuk-body"><Tag {...pilotLifecycleTag(p.status)} /></p>
      {errors?.fields.form ? <p className="govuk-error-message" id="form"><span className="govuk-visually-hidden">Error:</span> {errors.fields.form}</p> : null}
      {!role ? <p className="govuk-body">You can read this plan. Only the team can change it.</p> : null}

      <h2 className="govuk-heading-m">Complete the plan</h2>
      <TaskList idPrefix="plan-task" tasks={pilotPlanTasks({ status: p.status, startsOn: p.startsOn, endsOn: p.endsOn, milestones: p.milestones.length, kpis: p.kpis.length, role })} />

      <h2 className="govuk-heading-l" id="dates-heading">Dates and budget</h2>
      {draft && role ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="plan" />
          <DateInput name="startsOn" label="Start date" hint="For example, 27 3 2027" errors={errors} defaultValue={p.startsOn} />
          <DateInput name="endsOn" label="End date" errors={errors} defaultValue={p.endsOn} />
          <TextInput name="budgetGbp" label="Budget (optional)" prefix="£" width="10" inputMode="numeric" errors={errors} defaultValue={p.budgetGbp} />
          <Button>Save dates and budget</Button>
        </Form>
      ) : (
        <p className="govuk-body">
          {p.startsOn && p.endsOn ? `${formatDate(p.startsOn)} to ${formatDate(p.endsOn)}` : "No dates yet"}
          {p.budgetGbp !== null ? `, budget ${formatMoney(p.budgetGbp)}` : ""}.
        </p>
      )}

      <Milestones pilot={p} canPlan={!!role && draft} orgId={orgId} errors={errors} orgs={orgs} />
      <MarkDone pilot={p} orgId={orgId} errors={errors} />
      <Evidence pilot={p} evidence={evidence} canEdit={!!role} errors={evidenceErrors} />
      <Kpis pilot={p} canEdit={!!role && draft} errors={errors} />
      {!draft ? <PlanChanges pilot={p} changes={changes} role={role} errors={errors} orgs={orgs} /> : null}

      {draft && role === "public_body" ? (
        <section aria-labelledby="approve-heading">
          <h2 className="govuk-heading-l" id="approve-heading">Approve the plan</h2>
          <p className="govuk-body">
            Approving fixes the dates and budget, lets the start-up record measurements and makes the pilot's page public. After that,
            milestones and KPIs change only through a change to the plan that you approve.
          </p>
          <div className={`govuk-form-group${errors?.fields.approve ? " govuk-form-group--error" : ""}`}>
            {errors?.fields.approve ? <p className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {errors.fields.approve}</p> : null}
            {confirming(data) === "approve" ? (
              <ConfirmStep intent="approve" heading="Are you sure you want to approve the plan?" button="Yes, approve the plan" cancelTo={`/pilots/${p.id}/plan`}
                warning="Approving cannot be undone. The dates and budget are fixed, and milestones and KPIs then change only through a change you approve.">
                <p className="govuk-body">
                  {p.startsOn && p.endsOn ? `The pilot runs from ${formatDate(p.startsOn)} to ${formatDate(p.endsOn)}` : "The plan has no dates yet"}
                  {p.budgetGbp !== null ? ` with a budget of ${formatMoney(p.budgetGbp)}` : ""}, with {p.milestones.length} milestones and {p.kpis.length} KPIs.
                </p>
              </ConfirmStep>
            ) : (
              <Form method="post">
                <Button name="intent" value="approve" id="approve">Approve the plan</Button>
              </Form>
            )}
          </div>
        </section>
      ) : null}
    </>
  );
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>["pilot"];
type Org = { id: string; name: string };

/** The milestones; in a draft, any team member adds one and each organisation changes or removes its own. */
function Milestones({ pilot: p, canPlan, orgId, errors, orgs }: { pilot: Loaded; canPlan: boolean; orgId: string | null; errors: FormErrors | null; orgs: Org[] }) {
  const editing = useEditing("milestone");
  const savedKey = useSavedKey("milestone-saved");
  const current = p.milestones.find((m) => m.id === editing && m.ownerOrgId === orgId);
  const ownsAny = canPlan && p.milestones.some((m) => m.ownerOrgId === orgId);
  return (
    <section aria-labelledby="milestones-heading">
      <h2 className="govuk-heading-l" id="milestones-heading">Milestones</h2>
      {p.milestones.length ? (
        <table className="govuk-table">
          <caption className="govuk-visually-hidden">Milestones</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Milestone</th>
              <th scope="col" className="govuk-table__header">Due</th>
              <th scope="col" className="govuk-table__header">Responsible</th>
              <th scope="col" className="govuk-table__header">Done</th>
              {ownsAny ? <th scope="col" className="govuk-table__header"><span className="govuk-visually-hidden">Actions</span></th> : null}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {p.milestones.map((m) => (
              <tr key={m.id} className="govuk-table__row">
                <td className="govuk-table__cell">{m.title}{m.evidence ? <><br /><span className="govuk-body-s app-break">Evidence: {m.evidence}</span></> : null}</td>
                <td className="govuk-table__cell">{formatDate(m.dueOn)}</td>
                <td className="govuk-table__cell">{m.ownerName}</td>
                <td className="govuk-table__cell">{m.doneOn ? formatDate(m.doneOn) : m.state === "late" ? <Tag label="Late" colour="red" /> : "Not yet"}</td>
                {ownsAny ? (
                  <td className="govuk-table__cell">
                    {m.ownerOrgId === orgId ? (
                      <>
                        <Link className="govuk-link" to={`?milestone=${m.id}#milestone-form`}>Change<span className="govuk-visually-hidden"> {m.title}</span></Link>
                        <Form method="post" className="app-inline-form">
                          <input type="hidden" name="milestoneId" value={m.id} />
                          {" "}<button type="submit" name="intent" value="remove-milestone" className="app-link-button">Remove<span className="govuk-visually-hidden"> {m.title}</span></button>
                        </Form>
                      </>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p className="govuk-body">No milestones yet.</p>}
      {canPlan ? (
        <Form method="post" noValidate id="milestone-form" key={`${current?.id ?? "new"}${savedKey}`}>
          <h3 className="govuk-heading-m">{current ? `Change “${current.title}”` : "Add a milestone"}</h3>
          <input type="hidden" name="intent" value="milestone" />
          {current ? <input type="hidden" name="milestoneId" value={current.id} /> : null}
          <TextInput name="title" label="Milestone" errors={errors} defaultValue={current?.title} />
          <DateInput name="dueOn" label="Due date" hint="For example, 27 3 2027" errors={errors} defaultValue={current?.dueOn} />
          <Select name="ownerOrgId" label="Responsible organisation" hint="Only this organisation can change it, remove it or mark it done" errors={errors}
            defaultValue={current?.ownerOrgId} options={[{ value: "", label: "Choose an organisation" }, ...orgs.map((o) => ({ value: o.id, label: o.name }))]} />
          <Textarea name="evidence" label="Evidence (optional)" hint="A short note or a link to a report" rows={2} errors={errors} defaultValue={current?.evidence} maxLength={TEXT_LIMITS.pilot.evidence} />
          <Button>{current ? "Save milestone" : "Add milestone"}</Button>
        </Form>
      ) : null}
    </section>
  );
}

/** The organisation responsible for a milestone marks it done, on a day from the pilot's start to today. */
function MarkDone({ pilot: p, orgId, errors }: { pilot: Loaded; orgId: string | null; errors: FormErrors | null }) {
  const own = p.milestones.filter((m) => m.ownerOrgId === orgId && m.status !== "done");
  if (!orgId || own.length === 0 || !p.startsOn) return null;
  return (
    <section aria-labelledby="done-heading">
      <h2 className="govuk-heading-m" id="done-heading">Mark a milestone done</h2>
      <p className="govuk-body">Your organisation is responsible for {own.length === 1 ? "this milestone" : "these milestones"}.</p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="milestone-done" />
        <Select name="doneMilestoneId" label="Milestone" errors={errors} options={[{ value: "", label: "Choose a milestone" }, ...own.map((m) => ({ value: m.id, label: m.title }))]} />
        <DateInput name="doneOn" label="Date it was done" hint={`On or after ${formatDate(p.startsOn)}, and not in the future`} errors={errors} />
        <Textarea name="doneEvidence" label="Evidence (optional)" hint="A short note or a link to a report" rows={2} errors={errors} maxLength={TEXT_LIMITS.pilot.evidence} />
        <Button variant="secondary">Mark as done</Button>
      </Form>
    </section>
  );
}

type Changes = ReturnType<typeof useLoaderData<typeof loader>>["changes"];
const CHANGE_TAG = { pending: { label: "Waiting for the public body", colour: "blue" }, approved: { label: "Approved", colour: "green" }, declined: { label: "Declined", colour: "grey" } } as const;

/** After approval: the requests to change the plan, the public body's decisions, and the form to propose one. */
function PlanChanges({ pilot: p, changes, role, errors, orgs }: { pilot: Loaded; changes: Changes; role: string | null; errors: FormErrors | null; orgs: Org[] }) {
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
      {role ? (
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

function Evidence({ pilot: p, evidence, canEdit, errors }: { pilot: Loaded; evidence: Record<string, AttachmentItem[]>; canEdit: boolean; errors: FormErrors | null }) {
  if (p.milestones.length === 0) return null;
  return (
    <section aria-labelledby="evidence-heading">
      <h2 className="govuk-heading-l" id="evidence-heading">Evidence files</h2>
      {errors?.fields.form ? <p className="govuk-error-message" id="form"><span className="govuk-visually-hidden">Error:</span> {errors.fields.form}</p> : null}
      <p className="govuk-body">Reports, photos or data showing each milestone's progress. Only the team and the programme office can open them.</p>
      {p.milestones.map((m) => {
        const id = fieldId(`evidence.${m.id}`);
        return (
          <div key={m.id} className="govuk-!-margin-bottom-6">
            <h3 className="govuk-heading-m">{m.title}</h3>
            <AttachmentList items={evidence[m.id] ?? []} caption={`Evidence for ${m.title}`} action={canEdit ? (a) => (a.canDelete ? (
              <Form method="post" className="app-inline-form">
                <input type="hidden" name="attachmentId" value={a.id} />
                <button type="submit" name="intent" value="remove-evidence" className="app-link-button">Delete<span className="govuk-visually-hidden"> {a.name}</span></button>
              </Form>
            ) : null) : undefined} />
            {canEdit ? (
              <Form method="post" encType="multipart/form-data" noValidate>
                <input type="hidden" name="milestoneId" value={m.id} />
                <FileUpload id={id} label={<>Attach evidence<span className="govuk-visually-hidden"> for {m.title}</span></>} hint={ATTACHMENT_HINT}
                  error={errors?.fields[`evidence.${m.id}`]} />
                <Button variant="secondary">Upload evidence<span className="govuk-visually-hidden"> for {m.title}</span></Button>
              </Form>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}

function Kpis({ pilot: p, canEdit, errors }: { pilot: Loaded; canEdit: boolean; errors: FormErrors | null }) {
  const editing = useEditing("kpi");
  const savedKey = useSavedKey("kpi-saved");
  const current = p.kpis.find((k) => k.id === editing);
  return (
    <section aria-labelledby="kpis-heading">
      <h2 className="govuk-heading-l" id="kpis-heading">KPIs</h2>
      {p.kpis.length ? (
        <table className="govuk-table">
          <caption className="govuk-visually-hidden">KPIs</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">KPI</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Baseline</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Target</th>
              <th scope="col" className="govuk-table__header">Measured</th>
              {canEdit ? <th scope="col" className="govuk-table__header"><span className="govuk-visually-hidden">Actions</span></th> : null}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {p.kpis.map((k) => (
              <tr key={k.id} className="govuk-table__row">
                <td className="govuk-table__cell">{k.name} ({k.unit})<br /><span className="govuk-body-s">{DIRECTIONS.find((d) => d.value === k.direction)?.label}</span></td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{k.baseline}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{k.target}</td>
                <td className="govuk-table__cell">{FREQUENCIES.find((f) => f.value === k.frequency)?.label}</td>
                {canEdit ? (
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`?kpi=${k.id}#kpi-form`}>Change<span className="govuk-visually-hidden"> {k.name}</span></Link>
                    <Form method="post" className="app-inline-form">
                      <input type="hidden" name="kpiId" value={k.id} />
                      {" "}<button type="submit" name="intent" value="remove-kpi" className="app-link-button">Remove<span className="govuk-visually-hidden"> {k.name}</span></button>
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p className="govuk-body">No KPIs yet. The plan needs at least one before it can be approved.</p>}
      {canEdit ? (
        <Form method="post" noValidate id="kpi-form" key={`${current?.id ?? "new"}${savedKey}`}>
          <h3 className="govuk-heading-m">{current ? `Change “${current.name}”` : "Add a KPI"}</h3>
          <input type="hidden" name="intent" value="kpi" />
          {current ? <input type="hidden" name="kpiId" value={current.id} /> : null}
          <TextInput name="name" label="Name" hint="For example, Journeys made by bike" errors={errors} defaultValue={current?.name} />
          <TextInput name="unit" label="Unit" hint="For example, journeys a week, %, tonnes of CO2" width="20" errors={errors} defaultValue={current?.unit} />
          <TextInput name="baseline" label="Baseline" hint="The value before the pilot" width="10" inputMode="decimal" errors={errors} defaultValue={current?.baseline} />
          <TextInput name="target" label="Target" hint="The value the pilot aims for by its end date" width="10" inputMode="decimal" errors={errors} defaultValue={current?.target} />
          <Choices type="radio" inline name="direction" label="Is higher or lower better?" errors={errors} defaultValue={current?.direction}
            options={DIRECTIONS.map((d) => ({ value: d.value, label: d.label }))} />
          <Select name="frequency" label="How often is it measured?" errors={errors} defaultValue={current?.frequency}
            options={[{ value: "", label: "Choose how often" }, ...FREQUENCIES.map((f) => ({ value: f.value, label: f.label }))]} />
          <Button>{current ? "Save KPI" : "Add KPI"}</Button>
        </Form>
      ) : null}
    </section>
  );
}

/**
 * A new key each time this notice arrives, so an add form starts empty after each success (a redirect to
 * the same page keeps the form mounted, and with it what was typed); after a refusal the key stays and the
 * form keeps the input beside its errors.
 */
function useSavedKey(notice: string): string {
  const location = useLocation();
  return new URLSearchParams(location.search).get("notice") === notice ? `-${location.key}` : "";
}

function useEditing(param: string): string | null {
  const [params] = useSearchParams();
  return params.get(param);
}
