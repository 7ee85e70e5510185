import { useFormErrors } from "~/components/form-errors";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { TextInput } from "~/components/fields";
import { signUpSchema } from "~/server/accounts/account-forms";
import { signUp } from "~/server/accounts/email-confirmation.server";
import { passwordProblem } from "~/server/accounts/password-policy.server";
import { getActor } from "~/server/auth.server";
import { fieldError, invalid, parseForm } from "~/server/forms.server";
import { safeRedirectPath } from "~/server/http.server";
import { Button } from "~/components/button";

export const meta: MetaFunction = () => [{ title: "Create an account – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) throw redirect("/organisations");
  return null;
}

/**
 * The same answer whatever the address: "check your email". Whether it has an account is told only to
 * whoever reads its inbox (email-confirmation.server.ts), so this form cannot be used to find accounts.
 */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = await parseForm(request, signUpSchema);
  if (!parsed.ok) return invalid(parsed.errors);
  const { name, email, password } = parsed.value;
  // Judged on what was typed only, so it too answers the same whether or not the address has an account.
  const problem = passwordProblem(password, { email, name });
  if (problem) return fieldError("password", problem, parsed.formData);
  const redirectTo = parsed.value.redirectTo ? safeRedirectPath(parsed.value.redirectTo, "/") : null;
  await signUp({ name, email, password, redirectTo });
  return json({ sentTo: email });
}

export default function SignUp() {
  const data = useActionData<typeof action>();
  const errors = useFormErrors(data && "errors" in data ? data : undefined);
  const [params] = useSearchParams();
  // A resident's account (decision 035) is the same account with no organisation: after confirming, it goes
  // to the residents' pages instead of choosing an organisation.
  const resident = params.get("as") === "resident";
  const redirectTo = params.get("redirectTo") ?? (resident ? "/suggestions" : null);
  if (data && "sentTo" in data) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Check your email</h1>
          <p className="govuk-body">We have sent an email to <strong>{data.sentTo}</strong>.</p>
          <p className="govuk-body">
            Open the link in it to confirm your email address. The link works once and expires after 24 hours. Then sign in.
          </p>
          <p className="govuk-body">
            If it has not arrived within a few minutes, check your spam folder, or{" "}
            <Link className="govuk-link" to="/sign-in">sign in</Link> and ask for the link again.
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {resident ? (
          <>
            <h1 className="govuk-heading-l">Create a resident account</h1>
            <p className="govuk-body">With an account you can suggest problems, support other suggestions, follow challenges and pilots, and give feedback on pilots.</p>
            <p className="govuk-body">You do not need an organisation. We will email you a link to confirm your address.</p>
          </>
        ) : (
          <>
            <h1 className="govuk-heading-l">Create an account</h1>
            <p className="govuk-body">
              Public bodies, start-ups, corporates and judges all use one kind of account. We will email you a link to
              confirm your address; then you create or join your organisation.
            </p>
            <p className="govuk-body">
              Live or work in the city? <Link className="govuk-link" to="/sign-up?as=resident">Create a resident account</Link> to suggest problems.
            </p>
          </>
        )}
        <Form method="post" noValidate>
          {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
          <TextInput name="name" label="Full name" autoComplete="name" errors={errors} spellCheck={false} />
          <TextInput name="email" label="Email address" type="email" autoComplete="email" errors={errors} spellCheck={false} />
          <TextInput name="password" label="Create a password" type="password" autoComplete="new-password" errors={errors}
            hint="Use 8 characters or more: a long phrase of several words is easy to remember and hard to guess. Very common passwords are refused." />
          <Button>Create account</Button>
        </Form>
        <p className="govuk-body">Already have an account? <Link className="govuk-link" to="/sign-in">Sign in</Link></p>
      </div>
    </div>
  );
}
