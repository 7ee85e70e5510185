import { useFormErrors } from "~/components/form-errors";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "~/components/error-summary";
import { TextInput } from "~/components/fields";
import { Notice } from "~/components/notice";
import { requiredText } from "~/lib/validation";
import { requireAdmin } from "~/server/auth.server";
import { addToVocabulary } from "~/server/vocabulary.server";
import { fieldError, invalid, parseForm } from "~/server/forms.server";
import { listInKindTypes } from "~/server/sponsorship/sponsorships.server";
import { Button } from "~/components/button";

export const meta: MetaFunction = () => [{ title: "In-kind support – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return json({ kinds: await listInKindTypes() });
}

const schema = z.object({ name: requiredText("the kind of support", 60, 3) });

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  const parsed = await parseForm(request, schema);
  if (!parsed.ok) return invalid(parsed.errors);
  if (!(await addToVocabulary(request, "in_kind_types", parsed.value))) return fieldError("name", "That kind of support is already on the list", parsed.formData);
  return redirect("/admin/in-kind?notice=in-kind-added");
}

export default function AdminInKind() {
  const { kinds } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <Notice />
        <Link to="/admin" className="govuk-back-link">Back to administration</Link>
        <h1 className="govuk-heading-l">In-kind support sponsors can offer</h1>
        <ul className="govuk-list govuk-list--bullet">{kinds.map((k) => <li key={k.slug}>{k.name}</li>)}</ul>
        <Form method="post" noValidate>
          <TextInput name="name" label="Add a kind of support" errors={errors} />
          <Button>Add</Button>
        </Form>
      </div>
    </div>
  );
}
