// The team's form for the data register (decision 034): declare a dataset, or change an entry
// (`?entry=<id>`). A change to an approved entry is a new version waiting for the public body.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/button";
import { ErrorSummary } from "~/components/error-summary";
import { useFormErrors } from "~/components/form-errors";
import { Choices, DateInput, Textarea, TextInput } from "~/components/fields";
import { TEXT_LIMITS } from "~/lib/field-limits";
import { idField } from "~/lib/ids";
import { LEGAL_BASIS_LABEL } from "~/lib/register";
import { LEGAL_BASES } from "~/rules/register/entry";
import { latestVersion } from "~/rules/register/versions";
import { formValues, invalid, parseFormData, readFormData } from "~/server/forms.server";
import { notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { requirePilotRole } from "~/server/pilots/access.server";
import { saveRegisterEntry } from "~/server/register/commands.server";
import { entryForChange } from "~/server/register/queries.server";
import { registerEntrySchema } from "~/server/register/register-form";
import { parseQuery } from "~/server/query-params.server";
import { withRuleErrors } from "~/server/rule-error.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.entry ? "Change a dataset" : "Declare a dataset"} – Civic Innovation Challenge` }];

const params = z.object({ entry: idField().optional() });

export async function loader({ request, params: route }: LoaderFunctionArgs) {
  // The team only: outsiders find nothing, admins read the register but change none of it.
  const { pilot } = await requirePilotRole(request, requireId(route.id));
  const { value } = parseQuery(request, params);
  const found = value.entry ? await entryForChange(pilot.id, value.entry) : null;
  if (value.entry && !found) notFound();
  const latest = found ? latestVersion(found.versions) : null;
  return json({ pilot: { id: pilot.id, title: pilot.title, publicBody: pilot.team.publicBody.name }, entry: found && latest ? { id: found.id, latest } : null });
}

export async function action({ request, params: route }: ActionFunctionArgs) {
  const cmd = await requirePilotRole(request, requireId(route.id));
  const formData = await readFormData(request);
  return withRuleErrors(async () => {
    const parsed = parseFormData(formData, registerEntrySchema);
    if (!parsed.ok) return invalid(parsed.errors);
    const saved = await saveRegisterEntry(cmd, parsed.value);
    return redirect(`/pilots/${cmd.pilot.id}/data?notice=${parsed.value.entryId ? "register-changed" : "register-declared"}#entry-${saved.entryId}`);
  }, { values: formValues(formData) });
}

const yesNo = [{ value: "yes", label: "Yes" }, { value: "no", label: "No" }];
const L = TEXT_LIMITS.register;

export default function DeclareDataset() {
  const { pilot, entry } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>()) ?? null;
  const v = entry?.latest;
  return (
    <>
      <ErrorSummary errors={errors} />
      <Link to={`/pilots/${pilot.id}/data`} className="govuk-back-link">Back to the data register</Link>
      <span className="govuk-caption-l">{pilot.title}</span>
      <h1 className="govuk-heading-xl">{entry ? `Change ${entry.latest.dataset}` : "Declare a dataset"}</h1>
      <p className="govuk-body">
        {entry && entry.latest.status === "approved"
          ? `Your change becomes version ${entry.latest.version + 1}, which ${pilot.publicBody} approves. Until then the register shows version ${entry.latest.version}.`
          : `${pilot.publicBody} approves each entry before it is public.`}
      </p>
      <div className="govuk-inset-text">The register is public: name organisations, teams or roles, never people, and give no email addresses.</div>
      <Form method="post" noValidate>
        {entry ? <input type="hidden" name="entryId" value={entry.id} /> : null}
        {errors?.fields.form ? <p className="govuk-error-message" id="form"><span className="govuk-visually-hidden">Error:</span> {errors.fields.form}</p> : null}
        <TextInput name="dataset" label="Name of the dataset" errors={errors} defaultValue={v?.dataset} />
        <TextInput name="ownerOrganisation" label="Organisation that owns the data" hint="For example, Camden Council's transport team" errors={errors} defaultValue={v?.ownerOrganisation} />
        <Textarea name="description" label="What the data is" rows={4} maxLength={L.description} errors={errors} defaultValue={v?.description} />
        <Textarea name="purpose" label="What the pilot uses it for" rows={3} maxLength={L.purpose} errors={errors} defaultValue={v?.purpose} />
        <Textarea name="retention" label="How long it is kept" hint="For example, deleted 6 months after the pilot ends" rows={2} maxLength={L.retention} errors={errors} defaultValue={v?.retention} />
        <Textarea name="access" label="Who may access it" hint="Organisations or roles, for example: the start-up's two data engineers" rows={3} maxLength={L.access} errors={errors} defaultValue={v?.access} />
        <Choices type="radio" inline name="personalData" label="Does the dataset hold personal data?" hint="Information about an identified or identifiable living person" options={yesNo} errors={errors} defaultValue={v ? (v.personalData ? "yes" : "no") : null} />
        <h2 className="govuk-heading-m">If it holds personal data</h2>
        <Choices type="radio" name="legalBasis" label="Lawful basis (UK GDPR Article 6)" options={LEGAL_BASES.map((b) => ({ value: b, label: LEGAL_BASIS_LABEL[b] }))} errors={errors} defaultValue={v?.legalBasis ?? null} />
        <Choices type="radio" inline name="dpiaDone" label="Has a data protection impact assessment (DPIA) been done?" hint="The pilot cannot start until it has, and the public body cannot approve the entry" options={yesNo} errors={errors} defaultValue={v?.personalData ? (v.dpiaDone ? "yes" : "no") : null} />
        <DateInput name="dpiaOn" label="Date of the DPIA" hint="If one has been done. For example, 27 3 2026" errors={errors} defaultValue={v?.dpiaOn ?? null} />
        <Button>{entry ? "Save the change" : "Declare the dataset"}</Button>
      </Form>
    </>
  );
}
