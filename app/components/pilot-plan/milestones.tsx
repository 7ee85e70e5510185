// The plan's milestones: the table, and in a draft the form that adds one or changes the organisation's own.
import { Form, Link } from "@remix-run/react";
import { Button } from "~/components/button";
import { DateInput, Select, Textarea, TextInput } from "~/components/fields";
import { Tag } from "~/components/tag";
import { formatDate } from "~/lib/dates";
import { TEXT_LIMITS } from "~/lib/field-limits";
import type { FormErrors } from "~/lib/form-errors";
import { useEditing, useSavedKey } from "./editing";
import type { PlanPilot, TeamOrg } from "./types";
import { Table } from "~/components/table";

/** The milestones; in a draft, any team member adds one and each organisation changes or removes its own. */
export function Milestones({ pilot: p, canPlan, orgId, errors, orgs }: { pilot: PlanPilot; canPlan: boolean; orgId: string | null; errors: FormErrors | null; orgs: TeamOrg[] }) {
  const editing = useEditing("milestone");
  const savedKey = useSavedKey("milestone-saved");
  const current = p.milestones.find((m) => m.id === editing && m.ownerOrgId === orgId);
  const ownsAny = canPlan && p.milestones.some((m) => m.ownerOrgId === orgId);
  return (
    <section aria-labelledby="milestones-heading">
      <h2 className="govuk-heading-l" id="milestones-heading">Milestones</h2>
      {p.milestones.length ? (
        <Table caption="Milestones" rows={p.milestones} rowKey={(m) => m.id} columns={[
          { header: "Milestone", cell: (m) => <>{m.title}{m.evidence ? <><br /><span className="govuk-body-s app-break">Evidence: {m.evidence}</span></> : null}</> },
          { header: "Due", cell: (m) => formatDate(m.dueOn) },
          { header: "Responsible", cell: (m) => m.ownerName },
          { header: "Done", cell: (m) => m.doneOn ? formatDate(m.doneOn) : m.state === "late" ? <Tag label="Late" colour="red" /> : "Not yet" },
          ownsAny && { header: <span className="govuk-visually-hidden">Actions</span>, cell: (m) => m.ownerOrgId === orgId ? (
            <>
              <Link className="govuk-link" to={`?milestone=${m.id}#milestone-form`}>Change<span className="govuk-visually-hidden"> {m.title}</span></Link>
              <Form method="post" className="app-inline-form">
                <input type="hidden" name="milestoneId" value={m.id} />
                {" "}<button type="submit" name="intent" value="remove-milestone" className="app-link-button">Remove<span className="govuk-visually-hidden"> {m.title}</span></button>
              </Form>
            </>
          ) : null },
        ]} />
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
