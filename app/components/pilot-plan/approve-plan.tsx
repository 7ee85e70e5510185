import { Form } from "@remix-run/react";
import { Button } from "~/components/button";
import { ConfirmStep } from "~/components/confirm-step";
import { formatDate, formatMoney } from "~/lib/dates";
import type { FormErrors } from "~/lib/form-errors";
import type { PlanPilot } from "./types";

/** The public body approves a draft plan, after a confirmation step (`confirming`) that says what is fixed. */
export function ApprovePlan({ pilot: p, errors, confirming }: { pilot: PlanPilot; errors: FormErrors | null; confirming: boolean }) {
  return (
    <section aria-labelledby="approve-heading">
      <h2 className="govuk-heading-l" id="approve-heading">Approve the plan</h2>
      <p className="govuk-body">
        Approving fixes the dates and budget, lets the start-up record measurements and makes the pilot's page public. After that,
        milestones and KPIs change only through a change to the plan that you approve.
      </p>
      <div className={`govuk-form-group${errors?.fields.approve ? " govuk-form-group--error" : ""}`}>
        {errors?.fields.approve ? <p className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {errors.fields.approve}</p> : null}
        {confirming ? (
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
  );
}
