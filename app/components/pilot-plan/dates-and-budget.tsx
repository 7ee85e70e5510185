import { Form } from "@remix-run/react";
import { Button } from "~/components/button";
import { DateInput, TextInput } from "~/components/fields";
import { formatDate, formatMoney } from "~/lib/dates";
import type { FormErrors } from "~/lib/form-errors";
import type { PlanPilot } from "./types";

/** The pilot's dates and budget: a form while the plan is a draft and the viewer is in the team, else a sentence. */
export function DatesAndBudget({ pilot: p, canPlan, errors }: { pilot: PlanPilot; canPlan: boolean; errors: FormErrors | null }) {
  return (
    <>
      <h2 className="govuk-heading-l" id="dates-heading">Dates and budget</h2>
      {canPlan ? (
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
    </>
  );
}
