// Where an account that has not confirmed its address is sent from every protected page: what to do, and
// a button to send the link again (at most once a minute, five times a day).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Notice } from "~/components/notice";
import { resendConfirmation } from "~/server/accounts/email-confirmation.server";
import { requireActor } from "~/server/auth.server";
import { readFormData } from "~/server/forms.server";
import { badRequest, safeRedirectPath, tooManyRequests } from "~/server/http.server";
import { parseQuery, redirectToParams } from "~/server/query-params.server";
import { Button } from "~/components/button";

export const meta: MetaFunction = () => [{ title: "Confirm your email address – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const { redirectTo } = parseQuery(request, redirectToParams("/organisations")).value;
  if (actor.user.emailConfirmed) throw redirect(redirectTo);
  return json({ email: actor.user.email, redirectTo });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = await readFormData(request);
  if (form.get("intent") !== "resend") badRequest("Unknown action");
  const redirectTo = safeRedirectPath(form.get("redirectTo"), "/");
  const result = await resendConfirmation(actor.user.id, redirectTo === "/" ? null : redirectTo);
  if (!result.sent) {
    tooManyRequests(result.retryAfter, "We sent a link a moment ago. Check your email, or wait a little before asking for another.");
  }
  return redirect("/account/confirm-email?notice=confirmation-sent");
}

export default function ConfirmEmail() {
  const { email, redirectTo } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Notice />
        <h1 className="govuk-heading-l">Confirm your email address</h1>
        <p className="govuk-body">We sent a link to <strong>{email}</strong>. Open it to confirm that the address is yours.</p>
        <p className="govuk-body">
          Until you do, you can read everything but not create or join an organisation, act for one, judge, or send
          anything others see.
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="resend" />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <Button variant="secondary">Send the link again</Button>
        </Form>
        <p className="govuk-body-s">The link works once and expires after 24 hours. You can ask for a new one once a minute, five times a day.</p>
      </div>
    </div>
  );
}
