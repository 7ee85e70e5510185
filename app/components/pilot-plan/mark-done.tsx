import { Form } from "@remix-run/react";
import { Button } from "~/components/button";
import { DateInput, Select, Textarea } from "~/components/fields";
import { formatDate } from "~/lib/dates";
import { TEXT_LIMITS } from "~/lib/field-limits";
import type { FormErrors } from "~/lib/form-errors";
import type { PlanPilot } from "./types";

/** The organisation responsible for a milestone marks it done, on a day from the pilot's start to today. */
export function MarkDone({ pilot: p, orgId, errors }: { pilot: PlanPilot; orgId: string | null; errors: FormErrors | null }) {
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
