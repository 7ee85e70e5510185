// The second step of signing in, for users with a second factor: a code from their authenticator app or
// one of their recovery codes. Until it is given the session is not signed in anywhere.
import { useFormErrors } from "~/components/form-errors";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { TextInput } from "~/components/fields";
import { secondFactorSchema } from "~/server/accounts/account-forms";
import { completeSecondFactor, type SecondFactorFailure } from "~/server/accounts/two-factor.server";
import { getActor, getPendingSignIn } from "~/server/auth.server";
import { fieldError, invalid, parseForm } from "~/server/forms.server";
import { safeRedirectPath } from "~/server/http.server";
import { parseQuery, redirectToParams } from "~/server/query-params.server";
import { Button } from "~/components/button";

export const meta: MetaFunction = () => [{ title: "Enter your security code – Civic Innovation Challenge" }];

const MESSAGES: Record<SecondFactorFailure, string> = {
  malformed: "Enter the 6-digit code from your authenticator app, or a recovery code",
  wrong: "The security code is not correct. Enter the code your app shows now",
  replay: "That security code has already been used. Wait for your app to show a new code",
  "recovery-code": "That recovery code is not correct or has already been used",
  "not-enrolled": "Your account has no second factor. Sign in again",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const back = parseQuery(request, redirectToParams("/")).value.redirectTo;
  if (await getPendingSignIn(request)) return null;
  throw redirect((await getActor(request)) ? back : `/sign-in?redirectTo=${encodeURIComponent(back)}`);
}

export async function action({ request }: ActionFunctionArgs) {
  const pending = await getPendingSignIn(request);
  if (!pending) throw redirect("/sign-in");
  const parsed = await parseForm(request, secondFactorSchema);
  if (!parsed.ok) return invalid(parsed.errors);
  const result = await completeSecondFactor(request, pending, parsed.value.code, safeRedirectPath(parsed.value.redirectTo, "/"));
  if (result instanceof Response) return result;
  // The code is never echoed back.
  return fieldError("code", MESSAGES[result.reason], new FormData());
}

export default function TwoFactorSignIn() {
  const errors = useFormErrors(useActionData<typeof action>());
  const [params] = useSearchParams();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Enter your security code</h1>
        {params.get("unsaved") === "1" ? (
          <div className="govuk-inset-text">
            You were signed out, so what you sent has not been saved. Sign in to go back to the form: what you typed is kept for an hour.
          </div>
        ) : null}
        <p className="govuk-body">Open the authenticator app you set up for this service and enter the 6-digit code it shows.</p>
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
          <TextInput name="code" label="Security code" autoComplete="one-time-code" width="10" spellCheck={false} errors={errors}
            hint="If you cannot use your app, enter one of your recovery codes instead, like abcd-efgh-ijkl-mnop. Each works once." />
          <Button>Continue</Button>
        </Form>
        <Form method="post" action="/sign-out">
          <Button variant="secondary">Cancel and sign out</Button>
        </Form>
      </div>
    </div>
  );
}
