// A resident suggests a problem (decision 035). Any signed-in account with a confirmed address may; it is
// the person who suggests, never an organisation, and nobody else reads it until the programme office checks it.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button } from "~/components/button";
import { ErrorSummary } from "~/components/error-summary";
import { Select, Textarea, TextInput } from "~/components/fields";
import { useFormErrors } from "~/components/form-errors";
import { TEXT_LIMITS } from "~/lib/field-limits";
import { requireActor } from "~/server/auth.server";
import { fieldError, invalid, parseForm } from "~/server/forms.server";
import { suggestionSchema } from "~/server/residents/resident-forms";
import { createSuggestion } from "~/server/residents/suggestions.server";
import { listAreas, listThemes, themeExists, unknownAreaIds } from "~/server/vocabulary.server";

export const meta: MetaFunction = () => [{ title: "Suggest a problem – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireActor(request);
  const [themes, areas] = await Promise.all([listThemes(), listAreas()]);
  return json({ themes: themes.map((t) => ({ value: String(t.id), label: t.name })), areas: areas.map((a) => ({ value: String(a.id), label: a.name })) });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const parsed = await parseForm(request, suggestionSchema);
  if (!parsed.ok) return invalid(parsed.errors);
  if (!(await themeExists(parsed.value.themeId))) return fieldError("themeId", "Choose a theme from the list", parsed.formData);
  if ((await unknownAreaIds([parsed.value.areaId])).length) return fieldError("areaId", "Choose an area from the list", parsed.formData);
  const id = await createSuggestion(request, { userId: actor.user.id }, parsed.value);
  return redirect(`/suggestions/${id}?notice=suggestion-sent`);
}

export default function NewSuggestion() {
  const { themes, areas } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  const L = TEXT_LIMITS.residents;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <Link to="/suggestions" className="govuk-back-link">Problems residents suggest</Link>
        <h1 className="govuk-heading-l">Suggest a problem</h1>
        <p className="govuk-body">Tell us about a problem in the city. Say who it affects and why it matters.</p>
        <p className="govuk-body">The programme office checks every suggestion before it is public. Your name is never shown.</p>
        <Form method="post" noValidate>
          <TextInput name="title" label="A short title" hint="For example: Broken pavements near the health centre" errors={errors} />
          <Textarea name="description" label="The problem" hint="Do not include anyone's name or other personal details." rows={8} maxLength={L.description} errors={errors} />
          <Select name="themeId" label="Theme" options={[{ value: "", label: "Choose a theme" }, ...themes]} errors={errors} />
          <Select name="areaId" label="Area" options={[{ value: "", label: "Choose an area" }, ...areas]} errors={errors} />
          <Button>Send suggestion</Button>
        </Form>
      </div>
    </div>
  );
}
