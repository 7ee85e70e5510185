import { useFormErrors } from "~/components/form-errors";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { Notice } from "~/components/notice";
import { TextInput } from "~/components/fields";
import { signInSchema } from "~/server/accounts/account-forms";
import { attemptSignIn, startSession } from "~/server/accounts/sign-in.server";
import { getActor } from "~/server/auth.server";
import { invalid, parseForm } from "~/server/forms.server";
import { safeRedirectPath } from "~/server/http.server";
import { parseQuery, redirectToParams } from "~/server/query-params.server";
import { toFormErrors } from "~/server/forms.server";
import { Button } from "~/components/button";

export const meta: MetaFunction = () => [{ title: "Sign in – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) {
    throw redirect(parseQuery(request, redirectToParams("/")).value.redirectTo);
  }
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, signInSchema);
  if (!parsed.ok) return invalid(parsed.errors);
  const { email, password, redirectTo } = parsed.value;
  const user = await attemptSignIn(request, email, password, context?.clientIp ?? "unknown");
  if (!user) {
    // One message for both cases, so the form does not reveal which emails have accounts.
    return invalid(toFormErrors({ email: "Enter a correct email address and password" }, { email }));
  }
  return startSession(request, user.id, safeRedirectPath(redirectTo, "/"));
}

export default function SignIn() {
  const errors = useFormErrors(useActionData<typeof action>());
  const [params] = useSearchParams();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <Notice />
        <h1 className="govuk-heading-l">Sign in</h1>
        {params.get("unsaved") === "1" ? (
          <div className="govuk-inset-text">
            You were signed out, so what you sent has not been saved. Sign in to go back to the form: what you typed is kept for an hour.
          </div>
        ) : null}
        <Form method="post" noValidate>
          {/* Signing in from the sign-in link lands on the overview: what this person can do next. */}
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/my/overview"} />
          <TextInput name="email" label="Email address" type="email" autoComplete="email" errors={errors} spellCheck={false} />
          <TextInput name="password" label="Password" type="password" autoComplete="current-password" errors={errors} />
          <Button>Sign in</Button>
        </Form>
        <p className="govuk-body">
          Does your organisation use single sign-on?{" "}
          <Link className="govuk-link" to={params.get("redirectTo") ? `/sso/start?redirectTo=${encodeURIComponent(params.get("redirectTo")!)}` : "/sso/start"}>Sign in with your organisation&apos;s account</Link>
        </p>
        <p className="govuk-body">No account yet? <Link className="govuk-link" to={params.get("redirectTo") ? `/sign-up?redirectTo=${encodeURIComponent(params.get("redirectTo")!)}` : "/sign-up"}>Create an account</Link></p>
      </div>
    </div>
  );
}
