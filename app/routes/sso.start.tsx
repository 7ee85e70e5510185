// /sso/start — "Sign in with your organisation's account" (decision 040): the work e-mail address finds the
// organisation that has verified its domain and switched single sign-on on; the browser goes to its
// provider with PKCE, state and nonce, and comes back to /sso/callback.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { json, type TypedResponse } from "@remix-run/node";
import { useEffect } from "react";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { Button } from "~/components/button";
import { ErrorSummary } from "~/components/error-summary";
import { TextInput } from "~/components/fields";
import { useFormErrors } from "~/components/form-errors";
import { getActor } from "~/server/auth.server";
import { invalid, parseForm } from "~/server/forms.server";
import { safeRedirectPath } from "~/server/http.server";
import { parseQuery, redirectToParams } from "~/server/query-params.server";
import { withRuleErrors } from "~/server/rule-error.server";
import { countSsoStart, ssoStartSchema, startSsoSignIn } from "~/server/sso/sign-in.server";

export const meta: MetaFunction = () => [{ title: "Sign in with your organisation's account – Civic Innovation Challenge" }];

/** The page after the form (no JavaScript) carries the attempt's cookie and must not be cached. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const out = new Headers();
  for (const name of ["Set-Cookie", "Cache-Control"]) {
    const value = actionHeaders.get(name);
    if (value) out.set(name, value);
  }
  return out;
};

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) throw redirect(parseQuery(request, redirectToParams("/")).value.redirectTo);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, ssoStartSchema);
  if (!parsed.ok) return invalid(parsed.errors);
  await countSsoStart(context?.clientIp ?? "unknown");
  const { email, redirectTo } = parsed.value;
  return withRuleErrors(async (): Promise<TypedResponse<{ continueTo: string }>> => {
    const started = await startSsoSignIn(request, email, safeRedirectPath(redirectTo, "/my/overview"));
    // Not a redirect: a browser follows a form's redirect to another site only if our Content Security Policy
    // allows that site as a form-action, and it allows only our own ('self'). The page sends the browser on
    // itself (with JavaScript), or shows the link to follow (without).
    return json({ continueTo: started.url }, { headers: { "Set-Cookie": started.cookie, "Cache-Control": "no-store" } });
  }, { values: { email } });
}

export default function SsoStart() {
  const data = useActionData<typeof action>();
  const errors = useFormErrors(data && "errors" in data ? data : undefined);
  const continueTo = data && "continueTo" in data ? data.continueTo : null;
  useEffect(() => {
    if (continueTo) window.location.assign(continueTo);
  }, [continueTo]);
  const [params] = useSearchParams();
  const redirectTo = params.get("redirectTo");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <Link to={redirectTo ? `/sign-in?redirectTo=${encodeURIComponent(redirectTo)}` : "/sign-in"} className="govuk-back-link">Back to sign in</Link>
        <h1 className="govuk-heading-l">Sign in with your organisation&apos;s account</h1>
        <p className="govuk-body">
          If your organisation has set this up, you sign in with the account you use at work. We send you to your organisation&apos;s sign-in page and
          it sends you back here.
        </p>
        {continueTo ? (
          <p className="govuk-body">
            <a className="govuk-button" href={continueTo} data-testid="continue-to-provider">Continue to your organisation&apos;s sign-in</a>
          </p>
        ) : null}
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={redirectTo ?? "/my/overview"} />
          <TextInput name="email" label="Work email address" type="email" autoComplete="email" errors={errors} spellCheck={false} />
          <Button>Continue</Button>
        </Form>
      </div>
    </div>
  );
}
