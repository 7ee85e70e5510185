import { useFormErrors } from "~/components/form-errors";
import { TEXT_LIMITS } from "~/lib/field-limits";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AttachmentList, FileUpload } from "~/components/attachments";
import { ErrorSummary } from "~/components/error-summary";
import { Choices, DateInput, Select, Textarea, TextInput } from "~/components/fields";
import { Notice } from "~/components/notice";
import { Tag } from "~/components/tag";
import { formatDate, formatMoney } from "~/lib/dates";
import { fieldId, type FormErrors } from "~/lib/form-errors";
import { ATTACHMENT_HINT, type AttachmentItem } from "~/lib/attachments";
import { DIRECTIONS, FREQUENCIES, pilotLifecycleTag } from "~/lib/pilots";
import { audit } from "~/server/audit.server";
import {
  addMilestoneAttachment, AttachmentError, checkUpload, deleteMilestoneAttachment, isMultipart, listMilestoneAttachments, readUploadForm,
} from "~/server/attachments/attachments.server";
import { requireActor } from "~/server/auth.server";
import { formValues, invalid, parseFormData, readFormData, toFormErrors } from "~/server/forms.server";
import { badRequest, forbidden, notFound } from "~/server/http.server";
import { isUuid, requireId } from "~/server/ids.server";
import { kpiSchema, milestoneSchema, planSchema } from "~/server/pilots/pilot-forms";
import { requestProgrammeRollup } from "~/server/dashboards.server";
import {
  approvePlan, isTeamMember, loadPilot, PilotRuleError, removeKpi, removeMilestone, requirePilotRole, saveKpi, saveMilestone, teamRoleOf, updatePlan,
} from "~/server/pilots/pilots.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Plan: ${data?.pilot.title ?? "pilot"} – Civic Innovation Challenge` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const pilot = await loadPilot(requireId(params.id));
  if (!pilot || (!isTeamMember(pilot, actor) && !actor.user.isAdmin)) notFound();
  const role = teamRoleOf(pilot, actor.org?.orgId);
  const evidence = await listMilestoneAttachments(pilot.milestones.map((m) => m.id), role ? actor.org?.orgId : null);
  return json({ pilot, role, evidence });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, pilot, role } = await requirePilotRole(request, requireId(params.id));
  // Evidence files come as multipart forms of their own (one per milestone).
  if (isMultipart(request)) return uploadEvidence(request, pilot.id, actor.org!.orgId, actor.user.id);
  const formData = await readFormData(request);
  const values = formValues(formData);
  const subject = { type: "pilot" as const, id: pilot.id };
  // Every successful change to the plan ends here, so this is where it is audited (the intent says which).
  const back = async (notice: string) => {
    await audit(request, { action: "pilot.updated", subject, detail: { intent: String(formData.get("intent")) } });
    return redirect(`/pilots/${pilot.id}/plan?notice=${notice}`);
  };
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
        await updatePlan(pilot, parsed.value);
        return back("pilot-plan-saved");
      }
      case "milestone": {
        const parsed = parseFormData(formData, milestoneSchema);
        if (!parsed.ok) return invalid(parsed.errors);
        await saveMilestone(pilot, parsed.value);
        return back("milestone-saved");
      }
      case "remove-milestone":
        await removeMilestone(pilot, idOf("milestoneId"));
        return back("milestone-removed");
      case "kpi": {
        const parsed = parseFormData(formData, kpiSchema);
        if (!parsed.ok) return invalid(parsed.errors);
        await saveKpi(pilot, parsed.value);
        return back("kpi-saved");
      }
      case "remove-evidence": {
        const attachmentId = idOf("attachmentId");
        const removed = await deleteMilestoneAttachment({ attachmentId, pilotId: pilot.id, orgId: actor.org!.orgId });
        if (!removed) notFound();
        await audit(request, { action: "attachment.deleted", subject: { type: "attachment", id: attachmentId, orgId: actor.org!.orgId }, detail: { milestoneId: removed.milestoneId } });
        return redirect(`/pilots/${pilot.id}/plan?notice=evidence-deleted#evidence-heading`);
      }
      case "remove-kpi":
        await removeKpi(pilot, idOf("kpiId"));
        return back("kpi-removed");
      case "approve":
        if (role !== "public_body") forbidden("Only the public body in this pilot's team can approve its plan");
        await approvePlan(pilot, actor.user.id);
        await audit(request, { action: "pilot.approved", subject });
        await requestProgrammeRollup();
        return redirect(`/pilots/${pilot.id}?notice=pilot-approved`);
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
    const added = await addMilestoneAttachment({ pilotId, milestoneId, orgId, userId }, file);
    if (!added) notFound();
    await audit(request, {
      action: "attachment.uploaded", subject: { type: "attachment", id: added.id, orgId },
      detail: { milestoneId, pilotId, mediaType: file.mediaType, sizeBytes: file.bytes.byteLength },
    });
    return redirect(`/pilots/${pilotId}/plan?notice=evidence-uploaded#evidence-heading`);
  } catch (error) {
    if (error instanceof AttachmentError) return json({ errors: toFormErrors({ [key]: error.message }, {}), part: "evidence" as const }, { status: 400 });
    throw error;
  }
}

export default function PilotPlan() {
  const { pilot: p, role, evidence } = useLoaderData<typeof loader>();
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

      <h2 className="govuk-heading-l">Dates and budget</h2>
      {draft && role ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="plan" />
          <DateInput name="startsOn" label="Start date" hint="For example, 27 3 2027" errors={errors} defaultValue={p.startsOn} />
          <DateInput name="endsOn" label="End date" errors={errors} defaultValue={p.endsOn} />
          <TextInput name="budgetGbp" label="Budget (optional)" prefix="£" width="10" inputMode="numeric" errors={errors} defaultValue={p.budgetGbp} />
          <button type="submit" className="govuk-button" data-module="govuk-button">Save dates and budget</button>
        </Form>
      ) : (
        <p className="govuk-body">
          {p.startsOn && p.endsOn ? `${formatDate(p.startsOn)} to ${formatDate(p.endsOn)}` : "No dates yet"}
          {p.budgetGbp !== null ? `, budget ${formatMoney(p.budgetGbp)}` : ""}.
        </p>
      )}

      <Milestones pilot={p} canEdit={!!role} errors={errors} orgs={orgs} />
      <Evidence pilot={p} evidence={evidence} canEdit={!!role} errors={evidenceErrors} />
      <Kpis pilot={p} canEdit={!!role && draft} errors={errors} />

      {draft && role === "public_body" ? (
        <section aria-labelledby="approve-heading">
          <h2 className="govuk-heading-l" id="approve-heading">Approve the plan</h2>
          <p className="govuk-body">Approving fixes the dates, budget and KPIs, lets the start-up record measurements and makes the pilot's page public.</p>
          <div className={`govuk-form-group${errors?.fields.approve ? " govuk-form-group--error" : ""}`}>
            {errors?.fields.approve ? <p className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {errors.fields.approve}</p> : null}
            <Form method="post">
              <button type="submit" name="intent" value="approve" id="approve" className="govuk-button" data-module="govuk-button">Approve the plan</button>
            </Form>
          </div>
        </section>
      ) : null}
    </>
  );
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>["pilot"];

function Milestones({ pilot: p, canEdit, errors, orgs }: { pilot: Loaded; canEdit: boolean; errors: FormErrors | null; orgs: { id: string; name: string }[] }) {
  const editing = useEditing("milestone");
  const current = p.milestones.find((m) => m.id === editing);
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
              {canEdit ? <th scope="col" className="govuk-table__header"><span className="govuk-visually-hidden">Actions</span></th> : null}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {p.milestones.map((m) => (
              <tr key={m.id} className="govuk-table__row">
                <td className="govuk-table__cell">{m.title}{m.evidence ? <><br /><span className="govuk-body-s app-break">Evidence: {m.evidence}</span></> : null}</td>
                <td className="govuk-table__cell">{formatDate(m.dueOn)}</td>
                <td className="govuk-table__cell">{m.ownerName}</td>
                <td className="govuk-table__cell">{m.doneOn ? formatDate(m.doneOn) : m.state === "late" ? <Tag label="Late" colour="red" /> : "Not yet"}</td>
                {canEdit ? (
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`?milestone=${m.id}#milestone-form`}>Change<span className="govuk-visually-hidden"> {m.title}</span></Link>
                    <Form method="post" className="app-inline-form">
                      <input type="hidden" name="milestoneId" value={m.id} />
                      {" "}<button type="submit" name="intent" value="remove-milestone" className="app-link-button">Remove<span className="govuk-visually-hidden"> {m.title}</span></button>
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p className="govuk-body">No milestones yet.</p>}
      {canEdit ? (
        <Form method="post" noValidate id="milestone-form" key={current?.id ?? "new"}>
          <h3 className="govuk-heading-m">{current ? `Change “${current.title}”` : "Add a milestone"}</h3>
          <input type="hidden" name="intent" value="milestone" />
          {current ? <input type="hidden" name="milestoneId" value={current.id} /> : null}
          <TextInput name="title" label="Milestone" errors={errors} defaultValue={current?.title} />
          <DateInput name="dueOn" label="Due date" hint="For example, 27 3 2027" errors={errors} defaultValue={current?.dueOn} />
          <Select name="ownerOrgId" label="Responsible organisation" errors={errors} defaultValue={current?.ownerOrgId}
            options={[{ value: "", label: "Choose an organisation" }, ...orgs.map((o) => ({ value: o.id, label: o.name }))]} />
          <Choices type="radio" inline name="milestoneStatus" label="Is it done?" errors={errors} defaultValue={current?.status ?? "planned"}
            options={[{ value: "planned", label: "Not yet" }, { value: "done", label: "Done" }]} />
          <DateInput name="doneOn" label="Date it was done (if done)" errors={errors} defaultValue={current?.doneOn} />
          <Textarea name="evidence" label="Evidence (optional)" hint="A short note or a link to a report" rows={2} errors={errors} defaultValue={current?.evidence} maxLength={TEXT_LIMITS.pilot.evidence} />
          <button type="submit" className="govuk-button" data-module="govuk-button">{current ? "Save milestone" : "Add milestone"}</button>
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
                <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">Upload evidence<span className="govuk-visually-hidden"> for {m.title}</span></button>
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
        <Form method="post" noValidate id="kpi-form" key={current?.id ?? "new"}>
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
          <button type="submit" className="govuk-button" data-module="govuk-button">{current ? "Save KPI" : "Add KPI"}</button>
        </Form>
      ) : null}
    </section>
  );
}

function useEditing(param: string): string | null {
  const [params] = useSearchParams();
  return params.get(param);
}
