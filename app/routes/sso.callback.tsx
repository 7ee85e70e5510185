// /sso/callback — where every organisation's identity provider sends the browser back (decision 040). The
// code is exchanged and checked (state, PKCE, nonce, issuer, audience), the person found or made a member,
// and a session started as a password sign-in starts one (a second factor, if the account has one, is still
// asked for). Any failure is a page that says what happened, never a 500.
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { startSession } from "~/server/accounts/sign-in.server";
import { safeRedirectPath } from "~/server/http.server";
import { clearSsoCookie, finishSsoSignIn, type SsoRefusal } from "~/server/sso/sign-in.server";

export const meta: MetaFunction = () => [{ title: "Your organisation's sign-in failed – Civic Innovation Challenge" }];

/** The failure page clears the attempt's cookie and is not cached. */
export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const out = new Headers();
  for (const name of ["Set-Cookie", "Cache-Control"]) {
    const value = loaderHeaders.get(name);
    if (value) out.set(name, value);
  }
  return out;
};

export async function loader({ request }: LoaderFunctionArgs) {
  const outcome = await finishSsoSignIn(request);
  const headers = new Headers({ "Set-Cookie": clearSsoCookie(request), "Cache-Control": "no-store" });
  if (!outcome.ok) return json({ reason: outcome.reason }, { status: 403, headers });
  const response = await startSession(request, outcome.userId, safeRedirectPath(outcome.redirectTo, "/my/overview"), { activeOrgId: outcome.orgId, via: "single sign-on" });
  response.headers.append("Set-Cookie", clearSsoCookie(request));
  response.headers.set("Cache-Control", "no-store");
  return response;
}

const WHY: Record<SsoRefusal, string> = {
  "expired": "This sign-in was started too long ago, in another browser, or has already been used. Start again.",
  "provider-refused": "Your organisation's sign-in did not let you in, or you cancelled it.",
  "disabled": "Your organisation has turned off signing in this way.",
  "provider-unavailable": "Your organisation's sign-in is not answering just now. Try again in a few minutes.",
  "state-mismatch": "The answer from your organisation's sign-in did not match the sign-in you started. Start again.",
  "exchange-failed": "We could not confirm who you are with your organisation's sign-in. Start again.",
  "no-email": "Your organisation's sign-in did not tell us your e-mail address. Ask your IT team to send it.",
  "email-not-verified": "Your organisation's sign-in did not confirm that your e-mail address is yours. Ask your IT team to check your account.",
  "domain-not-verified": "Your e-mail address is not at a domain your organisation has verified with us. Ask your organisation's administrator.",
  "account-not-member": "An account with your e-mail address already exists and is not a member of this organisation. Sign in with its password, then join the organisation with its joining code.",
};

export default function SsoCallback() {
  const { reason } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Your organisation&apos;s sign-in failed</h1>
        <p className="govuk-body" data-testid="sso-reason">{WHY[reason]}</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/sso/start">Sign in with your organisation&apos;s account again</Link> or{" "}
          <Link className="govuk-link" to="/sign-in">sign in with your email address and password</Link>.
        </p>
      </div>
    </div>
  );
}
