import { useFormErrors } from "~/components/form-errors";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "~/components/error-summary";
import { Textarea, TextInput } from "~/components/fields";
import { Notice } from "~/components/notice";
import { optionalText, requiredText } from "~/lib/validation";
import { requireAdmin } from "~/server/auth.server";
import { addToVocabulary, listThemes } from "~/server/vocabulary.server";
import { fieldError, invalid, parseForm } from "~/server/forms.server";
import { TEXT_LIMITS } from "~/lib/field-limits";
import { Button } from "~/components/button";

export const meta: MetaFunction = () => [{ title: "Themes – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return json({ themes: await listThemes() });
}

const schema = z.object({ name: requiredText("the theme's name", 80, 3), description: optionalText("the description", TEXT_LIMITS.theme.description) });

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  const parsed = await parseForm(request, schema);
  if (!parsed.ok) return invalid(parsed.errors);
  if (!(await addToVocabulary(request, "themes", parsed.value))) return fieldError("name", "A theme with this name already exists", parsed.formData);
  return redirect("/admin/themes?notice=theme-added");
}

export default function AdminThemes() {
  const { themes } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <Notice />
        <h1 className="govuk-heading-l">Themes</h1>
        <ul className="govuk-list govuk-list--bullet">{themes.map((t) => <li key={t.id}>{t.name}</li>)}</ul>
        <h2 className="govuk-heading-m">Add a theme</h2>
        <Form method="post" noValidate>
          <TextInput name="name" label="Name" errors={errors} />
          <Textarea name="description" label="Description (optional)" rows={3} errors={errors} maxLength={TEXT_LIMITS.theme.description} />
          <Button>Add theme</Button>
        </Form>
      </div>
    </div>
  );
}
