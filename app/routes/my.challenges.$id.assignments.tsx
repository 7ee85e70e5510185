import { counted } from "~/lib/words";
import { useFormErrors } from "~/components/form-errors";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "~/components/error-summary";
import { Notice } from "~/components/notice";
import { RunProgress } from "~/components/run-progress";
import { Tag } from "~/components/tag";
import { invalid, parseFormData, readFormData, toFormErrors } from "~/server/forms.server";
import { badRequest } from "~/server/http.server";
import { idField } from "~/lib/ids";
import { requireFormId, requireId } from "~/server/ids.server";
import { isActive } from "~/lib/run-status";
import { latestRun, requestRun } from "~/server/job-runs.server";
import { judgesWhoCanTake, listAssignments, moveAssignment, removeAssignment } from "~/server/judging/assignments.server";
import { requireChallengeManager } from "~/server/judging/manager.server";
import { listPanel } from "~/server/judging/panel.server";
import { countSubmittedProposals } from "~/server/challenges/sealed.server";
import { submittedSoFar } from "~/lib/proposal-status";
import { withRuleErrors } from "~/server/rule-error.server";
import { DateInput } from "~/components/fields";
import { formatDateTime } from "~/lib/dates";
import { dayField } from "~/lib/validation";
import { setReviewDeadline } from "~/server/judging/review-deadline.server";
import { Button } from "~/components/button";
import { Table } from "~/components/table";

export const meta: MetaFunction = () => [{ title: "Assign judges – Civic Innovation Challenge" }];

interface AssignResult {
  assigned: number;
  /** Absent in runs from before it was recorded. */
  newAssignments?: number;
  proposals: number;
  judges: number;
  shortfalls: { proposalId: string; needed: number; assigned: number; missing: number }[];
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { challenge } = await requireChallengeManager(request, requireId(params.id));
  const pastDeadline = challenge.past_deadline;
  const [run, assignments, panel, submitted, movable] = await Promise.all([
    latestRun("assign-judges", challenge.id), listAssignments(challenge.id), listPanel(challenge.id), countSubmittedProposals(challenge.id),
    pastDeadline ? judgesWhoCanTake(challenge.id) : new Map<string, string[]>(),
  ]);
  const titles = new Map(assignments.map((a) => [a.id, a.title]));
  // Before the deadline the proposals are sealed: a count, never a list (sealed.server).
  const result = pastDeadline && run?.status === "completed" ? (run.result as AssignResult) : null;
  return json({
    challenge: { id: challenge.id, title: challenge.title, k: challenge.reviews_per_proposal, pastDeadline, submitted, reviewsDueAt: challenge.reviews_due_at },
    run: run ? { status: run.status, progress: run.progress, message: run.message, finished_at: run.finished_at } : null,
    result: result ? { ...result, shortfalls: result.shortfalls.map((s) => ({ ...s, title: titles.get(s.proposalId) ?? "Withdrawn proposal" })) } : null,
    // Each proposal with the judges its reviews could move to (none conflicted, none at capacity).
    assignments: assignments.map((a) => ({ ...a, movableTo: movable.get(a.id) ?? [] })),
    judges: panel.map((j) => ({ id: j.id, name: j.name })),
  });
}

const moveSchema = z.object({ reviewId: idField(), toJudgeId: idField("Select a judge") });

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, challenge } = await requireChallengeManager(request, requireId(params.id));
  const form = await readFormData(request);
  // Each command writes its audit row in its own transaction.
  const back = (notice: string) => redirect(`/my/challenges/${challenge.id}/assignments?notice=${notice}`);
  const managed = { challengeId: challenge.id, orgId: challenge.org_id };
  return withRuleErrors(async () => {
    switch (form.get("intent")) {
      case "assign":
        if (!challenge.past_deadline) return invalid(toFormErrors({ assign: "Judges can be assigned once the challenge has closed" }, {}));
        await requestRun("assign-judges", challenge.id, actor.user.id, {
          request, event: { action: "judging.updated", subject: { type: "challenge", id: challenge.id, orgId: challenge.org_id }, detail: { intent: "assign" } },
        });
        return back("assignment-started");
      case "move": {
        const parsed = parseFormData(form, moveSchema);
        if (!parsed.ok) return invalid(parsed.errors);
        await moveAssignment(request, { ...managed, reviewId: parsed.value.reviewId, toJudgeId: parsed.value.toJudgeId });
        return back("assignment-moved");
      }
      case "review-deadline": {
        const parsed = parseFormData(form, reviewDeadlineSchema);
        if (!parsed.ok) return invalid(parsed.errors);
        await setReviewDeadline(request, managed, parsed.value.reviewsDueAt);
        return back("review-deadline-saved");
      }
      case "remove": {
        const reviewId = requireFormId(form, "reviewId", "Choose an assignment");
        await removeAssignment(request, { ...managed, reviewId });
        return back("assignment-removed");
      }
      default:
        badRequest("Unknown action");
    }
  }, { field: "assign" });
}

const reviewDeadlineSchema = z.object({ reviewsDueAt: dayField("review deadline", "end") });

export default function Assignments() {
  const { challenge, run, result, assignments, judges } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  const running = isActive(run);
  return (
    <>
      <ErrorSummary errors={errors} />
      <Notice />
      <Link to={`/my/challenges/${challenge.id}`} className="govuk-back-link">Back to {challenge.title}</Link>
      <span className="govuk-caption-l">{challenge.title}</span>
      <h1 className="govuk-heading-l" id="assign">Assign judges</h1>
      <p className="govuk-body">
        Each proposal gets {counted(challenge.k, "judge")} with the most relevant expertise, never one with a conflict of interest and
        never more than a judge can take. Reviews already started, and assignments you made by hand, are kept when you run it again.
      </p>
      <RunProgress run={run} label="Assigning judges"
        summary={result ? `${counted(result.newAssignments ?? result.assigned, "new assignment")} for ${counted(result.proposals, "proposal")}.` : null} />
      {challenge.pastDeadline ? (
        <Form method="post">
          <Button name="intent" value="assign" disabled={running}>
            {result ? "Assign judges again" : "Assign judges"}
          </Button>
        </Form>
      ) : (
        <p className="govuk-body">
          {submittedSoFar(challenge.submitted)} You can assign judges, and see the proposals, once the challenge has closed.
        </p>
      )}

      <h2 className="govuk-heading-m" id="review-deadline">Review deadline</h2>
      <p className="govuk-body">
        {challenge.reviewsDueAt ? `Reviews are due by ${formatDateTime(challenge.reviewsDueAt)} (UK time).` : "No review deadline is set."} Judges with
        reviews still to finish are reminded by email three days before it.
      </p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="review-deadline" />
        <DateInput name="reviewsDueAt" label="Reviews due by" hint="Reviews are due by 11:59pm UK time on this day, after the closing date. For example, 27 3 2027"
          errors={errors} defaultValue={challenge.reviewsDueAt} />
        <Button variant="secondary">Save review deadline</Button>
      </Form>

      {result ? (
        <>
          <p className="govuk-body">
            {counted(result.newAssignments ?? result.assigned, "new assignment")} ({counted(result.assigned, "assignment")} in all)
            for {counted(result.proposals, "proposal")} and {counted(result.judges, "judge")}.
          </p>
          {result.shortfalls.length ? (
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                The panel cannot cover every proposal {challenge.k} times. Invite more judges or raise capacities, then assign again:
                <ul className="govuk-list govuk-list--bullet">
                  {result.shortfalls.map((s) => <li key={s.proposalId}>{s.title}: {s.assigned} of {s.needed} judges ({s.missing} short)</li>)}
                </ul>
              </strong>
            </div>
          ) : <p className="govuk-body">Every proposal has {counted(challenge.k, "judge")}.</p>}
        </>
      ) : null}

      {challenge.pastDeadline ? <AssignmentTable assignments={assignments} judges={judges} /> : null}
    </>
  );
}

type AssignmentsData = ReturnType<typeof useLoaderData<typeof loader>>;

function AssignmentTable({ assignments, judges }: Pick<AssignmentsData, "assignments" | "judges">) {
  return (
    <>
      <h2 className="govuk-heading-m">Assignments</h2>
      <Table caption="Judges assigned to each proposal" rows={assignments} rowKey={(p) => p.id} columns={[
        { header: "Proposal", cell: (p) => <>{p.title}<br /><span className="govuk-body-s">{p.org_name}</span></> },
        { header: "Judges", cell: (p) => (p.reviews ?? []).length === 0 ? "None" : (
          <ul className="govuk-list">
            {(p.reviews ?? []).map((r) => (
              <li key={r.reviewId}>
                {r.judge} <Tag label={r.status.replace("_", " ")} colour={r.status === "submitted" ? "green" : r.status === "in_progress" ? "blue" : "grey"} />
                {r.manual ? " (by hand)" : ` (affinity ${r.affinity.toFixed(2)})`}
                {r.status === "assigned" ? (
                  <Form method="post" className="govuk-!-margin-top-1">
                    <input type="hidden" name="reviewId" value={r.reviewId} />
                    {p.movableTo.length ? (
                      <>
                        <label className="govuk-label govuk-visually-hidden" htmlFor={`to-${r.reviewId}`}>Move {r.judge}'s assignment for {p.title} to</label>
                        <select className="govuk-select" id={`to-${r.reviewId}`} name="toJudgeId" defaultValue="">
                          <option value="">Move to…</option>
                          {judges.filter((j) => p.movableTo.includes(j.id)).map((j) => <option key={j.id} value={j.id}>{j.name}</option>)}
                        </select>{" "}
                        <Button name="intent" value="move" variant="secondary" className="govuk-!-margin-bottom-0">Move<span className="govuk-visually-hidden"> {r.judge}'s assignment for {p.title}</span></Button>{" "}
                      </>
                    ) : <span className="govuk-hint govuk-!-display-block">No other judge can take it: the rest are conflicted, at capacity or have it already.</span>}
                    <Button name="intent" value="remove" variant="warning" className="govuk-!-margin-bottom-0">Remove<span className="govuk-visually-hidden"> {r.judge}'s assignment for {p.title}</span></Button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        ) },
      ]} />
    </>
  );
}
