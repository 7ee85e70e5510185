import { safeRedirectPath } from "~/server/http.server";
import { useFormErrors } from "~/components/form-errors";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { Choices, Textarea, TextInput } from "~/components/fields";
import { requireActor } from "~/server/auth.server";
import { invalid, parseForm } from "~/server/forms.server";
import { createOrganisation, createOrgSchema } from "~/server/organisations/organisations.server";
import { setActiveOrg } from "~/server/session.server";
import { TEXT_LIMITS } from "~/lib/field-limits";
import { Button } from "~/components/button";

export const meta: MetaFunction = () => [{ title: "Create an organisation – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireActor(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const parsed = await parseForm(request, createOrgSchema);
  if (!parsed.ok) return invalid(parsed.errors);
  const orgId = await createOrganisation(request, actor.user.id, parsed.value);
  await setActiveOrg(actor.session.id, orgId);
  // Sent here from a page (a challenge a new start-up wants to apply to): back to it, now acting for the organisation.
  const back = safeRedirectPath(parsed.formData.get("redirectTo"), "");
  return redirect(back || `/organisations/${orgId}?notice=org-created`);
}

const KIND_OPTIONS = [
  { value: "public_body", label: "Public body", hint: "A council, transport, health or other public organisation that sets challenges" },
  { value: "startup", label: "Start-up", hint: "A young company that proposes solutions to challenges" },
  { value: "corporate", label: "Corporate", hint: "A company that sponsors challenges and partners with start-ups" },
];

export default function NewOrganisation() {
  const errors = useFormErrors(useActionData<typeof action>());
  const [params] = useSearchParams();
  const redirectTo = params.get("redirectTo");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Create an organisation</h1>
        <Form method="post" noValidate>
          {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
          <TextInput name="name" label="Organisation name" autoComplete="organization" errors={errors} />
          <Choices type="radio" name="kind" label="What kind of organisation is it?" options={KIND_OPTIONS} errors={errors} />
          <Textarea name="description" label="Description (optional)" hint="What your organisation does, in a few sentences" errors={errors} maxLength={TEXT_LIMITS.organisation.description} />
          <TextInput name="website" label="Website (optional)" type="url" errors={errors} spellCheck={false} />
          <Button>Create organisation</Button>
        </Form>
      </div>
    </div>
  );
}
