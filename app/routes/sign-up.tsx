import { useFormErrors } from "~/components/form-errors";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { TextInput } from "~/components/fields";
import { signUpSchema } from "~/server/accounts/account-forms";
import { startSession } from "~/server/accounts/sign-in.server";
import { createUser } from "~/server/accounts/users.server";
import { getActor } from "~/server/auth.server";
import { fieldError, invalid, parseForm } from "~/server/forms.server";
import { safeRedirectPath } from "~/server/http.server";

export const meta: MetaFunction = () => [{ title: "Create an account – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) throw redirect("/organisations");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = await parseForm(request, signUpSchema);
  if (!parsed.ok) return invalid(parsed.errors);
  const user = await createUser(parsed.value);
  if (!user) return fieldError("email", "An account with this email address already exists. Sign in instead", parsed.formData);
  return startSession(request, user.id, safeRedirectPath(parsed.value.redirectTo, "/organisations?notice=signed-up"));
}

export default function SignUp() {
  const errors = useFormErrors(useActionData<typeof action>());
  const [params] = useSearchParams();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Create an account</h1>
        <p className="govuk-body">
          Public bodies, start-ups, corporates and judges all use one kind of account. You will create or join your
          organisation next.
        </p>
        <Form method="post" noValidate>
          {params.get("redirectTo") ? <input type="hidden" name="redirectTo" value={params.get("redirectTo")!} /> : null}
          <TextInput name="name" label="Full name" autoComplete="name" errors={errors} spellCheck={false} />
          <TextInput name="email" label="Email address" type="email" autoComplete="email" errors={errors} spellCheck={false} />
          <TextInput name="password" label="Create a password" type="password" autoComplete="new-password" errors={errors}
            hint="Use 8 characters or more. A long phrase of several words is easy to remember and hard to guess." />
          <button type="submit" className="govuk-button" data-module="govuk-button">Create account</button>
        </Form>
        <p className="govuk-body">Already have an account? <Link className="govuk-link" to="/sign-in">Sign in</Link></p>
      </div>
    </div>
  );
}
