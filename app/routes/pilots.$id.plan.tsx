// The pilot plan: its loader, its action (dates and budget, milestones, KPIs, evidence files, changes after
// approval, approval) and the page, which lays out the sections in app/components/pilot-plan/.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { confirming } from "~/components/confirm-step";
import { ErrorSummary } from "~/components/error-summary";
import { useFormErrors } from "~/components/form-errors";
import { Notice } from "~/components/notice";
import { ApprovePlan } from "~/components/pilot-plan/approve-plan";
import { CompletePilot } from "~/components/pilot-plan/complete-pilot";
import { DatesAndBudget } from "~/components/pilot-plan/dates-and-budget";
import { Evidence } from "~/components/pilot-plan/evidence";
import { Kpis } from "~/components/pilot-plan/kpis";
import { MarkDone } from "~/components/pilot-plan/mark-done";
import { Milestones } from "~/components/pilot-plan/milestones";
import { PlanChanges } from "~/components/pilot-plan/plan-changes";
import { Tag } from "~/components/tag";
import { TaskList } from "~/components/task-list";
import { pilotLifecycleTag, pilotPlanTasks } from "~/lib/pilots";
import { addMilestoneAttachment, deleteMilestoneAttachment, listMilestoneAttachments } from "~/server/attachments/attachments.server";
import { checkUpload, discardUpload, isMultipart, readUploadForm } from "~/server/attachments/upload.server";
import { requireActor } from "~/server/auth.server";
import { formValues, invalid, parseFormData, readFormData } from "~/server/forms.server";
import { badRequest, forbidden, notFound } from "~/server/http.server";
import { isUuid, requireFormId, requireId } from "~/server/ids.server";
import { kpiSchema, milestoneDoneSchema, milestoneSchema, planChangeSchema, planDecisionSchema, planSchema } from "~/server/pilots/pilot-forms";
import { decidePlanChange, listPlanChanges, proposePlanChange } from "~/server/pilots/plan-changes.server";
import { confirmStep, isConfirmed } from "~/server/confirm.server";
import { requirePilotRole, requirePlanReader, teamRoleOf } from "~/server/pilots/access.server";
import {
  approvePlan, completePilot, markMilestoneDone, removeKpi, removeMilestone, saveKpi, saveMilestone, updatePlan,
} from "~/server/pilots/commands.server";
import { withRuleErrors } from "~/server/rule-error.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Plan: ${data?.pilot.title ?? "pilot"} – Civic Innovation Challenge` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const pilot = await requirePlanReader(actor, requireId(params.id));
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
  const idOf = (name: string) => requireFormId(formData, name);
  return withRuleErrors(async () => {
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
        return back(approved ? "plan-change-approved" : "plan-change-declined");
      }
      case "approve": {
        if (role !== "public_body") forbidden("Only the public body in this pilot's team can approve its plan");
        if (!isConfirmed(formData)) return confirmStep("approve");
        await approvePlan(cmd);
        return redirect(`/pilots/${pilot.id}?notice=pilot-approved`);
      }
      case "complete": {
        if (!isConfirmed(formData)) return confirmStep("complete");
        await completePilot(cmd);
        return redirect(`/pilots/${pilot.id}?notice=pilot-completed`);
      }
      default:
        badRequest("Unknown action");
    }
  }, { values });
}

async function uploadEvidence(request: Request, pilotId: string, orgId: string, userId: string) {
  const form = await readUploadForm(request);
  try {
    // An oversized request arrives without its fields: the message then goes to the top of the page.
    const milestoneId = form.fields.milestoneId;
    if (milestoneId !== undefined && !isUuid(milestoneId)) badRequest("Choose a milestone");
    const key = milestoneId ? `evidence.${milestoneId}` : "form";
    return await withRuleErrors(async () => {
      const file = await checkUpload(form);
      if (!milestoneId) badRequest("Choose a milestone");
      const added = await addMilestoneAttachment(request, { pilotId, milestoneId, orgId, userId }, file);
      if (!added) notFound();
      return redirect(`/pilots/${pilotId}/plan?notice=evidence-uploaded#evidence-heading`);
    }, { field: key, part: "evidence" });
  } finally {
    await discardUpload(form);
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

      <DatesAndBudget pilot={p} canPlan={draft && !!role} errors={errors} />

      <Milestones pilot={p} canPlan={!!role && draft} orgId={orgId} errors={errors} orgs={orgs} />
      <MarkDone pilot={p} orgId={orgId} errors={errors} />
      <Evidence pilot={p} evidence={evidence} canEdit={!!role} errors={evidenceErrors} />
      <Kpis pilot={p} canEdit={!!role && draft} errors={errors} />
      {!draft ? <PlanChanges pilot={p} changes={changes} role={role} errors={errors} orgs={orgs} /> : null}

      {draft && role === "public_body" ? <ApprovePlan pilot={p} errors={errors} confirming={confirming(data) === "approve"} /> : null}
      {p.status === "approved" && role === "public_body" ? <CompletePilot pilot={p} errors={errors} confirming={confirming(data) === "complete"} /> : null}
    </>
  );
}
