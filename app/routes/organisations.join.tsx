import { useFormErrors } from "~/components/form-errors";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { TextInput } from "~/components/fields";
import { requireActor } from "~/server/auth.server";
import { fieldError, invalid, parseForm } from "~/server/forms.server";
import { joinOrganisation, joinOrgSchema } from "~/server/organisations/organisations.server";
import { setActiveOrg } from "~/server/session.server";
import { Button } from "~/components/button";

export const meta: MetaFunction = () => [{ title: "Join an organisation – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireActor(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const parsed = await parseForm(request, joinOrgSchema);
  if (!parsed.ok) return invalid(parsed.errors);
  const org = await joinOrganisation(request, actor.user.id, parsed.value.code);
  if (!org) return fieldError("code", "No organisation has that joining code. Check it with your colleague", parsed.formData);
  await setActiveOrg(actor.session.id, org.id);
  return redirect(`/organisations/${org.id}?notice=org-joined`);
}

export default function JoinOrganisation() {
  const errors = useFormErrors(useActionData<typeof action>());
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <Form method="post" noValidate>
          <TextInput name="code" label="Enter your organisation's joining code" isPageHeading width="10" errors={errors}
            hint="A member of the organisation can find it on their organisation page. It looks like ABCD-2345." spellCheck={false} />
          <Button>Join organisation</Button>
        </Form>
      </div>
    </div>
  );
}
