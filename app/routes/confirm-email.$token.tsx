// The link in a confirmation email. Opening it (GET) changes nothing, since mail scanners open links too;
// the button confirms (POST), once. It needs no session: the link itself is the proof.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { confirmationLinkState, confirmEmail } from "~/server/accounts/email-confirmation.server";
import { getActor } from "~/server/auth.server";
import { badRequest, notFound } from "~/server/http.server";
import { parseQuery, redirectToParams } from "~/server/query-params.server";
import { Button } from "~/components/button";

export const meta: MetaFunction = () => [{ title: "Confirm your email address – Civic Innovation Challenge" }];

const NOT_VALID = "This link is not valid. Sign in and ask for a new one.";

export async function loader({ params }: LoaderFunctionArgs) {
  const state = await confirmationLinkState(params.token ?? "");
  if (state === "not-found") notFound(NOT_VALID);
  return json({ state });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const result = await confirmEmail(request, params.token ?? "");
  if (!result.ok) {
    if (result.reason === "not-found") notFound(NOT_VALID);
    badRequest(result.reason === "used"
      ? "This link has already been used. If your address is confirmed, sign in."
      : "This link has expired. Sign in and ask for a new one.");
  }
  const back = parseQuery(request, redirectToParams("/")).value.redirectTo;
  const actor = await getActor(request);
  if (actor?.user.id === result.userId) return redirect(back === "/" ? "/organisations?notice=email-confirmed" : back);
  return redirect(`/sign-in?notice=email-confirmed${back === "/" ? "" : `&redirectTo=${encodeURIComponent(back)}`}`);
}

export default function ConfirmEmailLink() {
  const { state } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Confirm your email address</h1>
        {state === "used" ? (
          <p className="govuk-body">This link has already been used. If your address is confirmed, <Link className="govuk-link" to="/sign-in">sign in</Link>.</p>
        ) : state === "expired" ? (
          <p className="govuk-body">This link has expired. <Link className="govuk-link" to="/sign-in">Sign in</Link> and ask for a new one.</p>
        ) : (
          <Form method="post">
            <p className="govuk-body">Confirm that this is your email address to finish creating your account.</p>
            <Button>Confirm my email address</Button>
          </Form>
        )}
      </div>
    </div>
  );
}
