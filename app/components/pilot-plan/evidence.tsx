import { Form } from "@remix-run/react";
import { AttachmentList, FileUpload } from "~/components/attachments";
import { Button } from "~/components/button";
import { ATTACHMENT_HINT, type AttachmentItem } from "~/lib/attachments";
import { fieldId, type FormErrors } from "~/lib/form-errors";
import type { PlanPilot } from "./types";

/** Each milestone's evidence files, and for the team a file field per milestone. */
export function Evidence({ pilot: p, evidence, canEdit, errors }: { pilot: PlanPilot; evidence: Record<string, AttachmentItem[]>; canEdit: boolean; errors: FormErrors | null }) {
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
