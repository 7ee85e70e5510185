import { Form } from "@remix-run/react";
import { Button } from "~/components/button";
import { ConfirmStep } from "~/components/confirm-step";
import { formatDate } from "~/lib/dates";
import type { FormErrors } from "~/lib/form-errors";
import type { PlanPilot } from "./types";

/**
 * The public body marks an approved pilot completed, after a confirmation step. What still stands in the way
 * (the end date, milestones not done) is said before the button; the command checks it again on the server.
 */
export function CompletePilot({ pilot: p, errors, confirming }: { pilot: PlanPilot; errors: FormErrors | null; confirming: boolean }) {
  const open = p.milestones.filter((m) => m.status !== "done").length;
  return (
    <section aria-labelledby="complete-heading">
      <h2 className="govuk-heading-l" id="complete-heading">Mark the pilot completed</h2>
      <p className="govuk-body">
        When the pilot has ended{p.endsOn ? ` (its end date is ${formatDate(p.endsOn)})` : ""} and every milestone is done, mark it completed.
        Its page, milestones and verified measurements stay public; the team is told by email.
      </p>
      {open > 0 ? <p className="govuk-body">{open === 1 ? "1 milestone is" : `${open} milestones are`} not done yet.</p> : null}
      <div className={`govuk-form-group${errors?.fields.complete ? " govuk-form-group--error" : ""}`}>
        {errors?.fields.complete ? <p className="govuk-error-message" id="complete-error"><span className="govuk-visually-hidden">Error:</span> {errors.fields.complete}</p> : null}
        {confirming ? (
          <ConfirmStep intent="complete" heading="Are you sure the pilot is completed?" button="Yes, mark it completed" cancelTo={`/pilots/${p.id}/plan`}
            warning="This cannot be undone. Its plan and measurements then no longer change.">
            <p className="govuk-body">{p.title}: {p.milestones.length} milestones done, {p.kpis.length} KPIs.</p>
          </ConfirmStep>
        ) : (
          <Form method="post">
            <Button name="intent" value="complete" id="complete" variant="secondary">Mark the pilot completed</Button>
          </Form>
        )}
      </div>
    </section>
  );
}
