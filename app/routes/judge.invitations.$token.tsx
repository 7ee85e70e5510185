import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getActor, requireActor } from "~/server/auth.server";
import { badRequest, notFound } from "~/server/http.server";
import { acceptInvitation, findInvitation } from "~/server/judging/invitations.server";
import { Button } from "~/components/button";

export const meta: MetaFunction = () => [{ title: "Join a judging panel – Civic Innovation Challenge" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const invitation = await findInvitation(params.token ?? "");
  if (!invitation) notFound("This invitation link is not valid. Ask the challenge owner for a new one.");
  const actor = await getActor(request);
  const state = invitation.used_at ? "used" : new Date(invitation.expires_at) <= new Date() ? "expired" : "open";
  return json({ challengeTitle: invitation.challenge_title, state, signedIn: !!actor, path: new URL(request.url).pathname });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = await acceptInvitation(params.token ?? "", actor.user.id);
  if (!result.ok) {
    if (result.reason === "not-found") notFound("This invitation link is not valid.");
    badRequest(result.reason === "used" ? "This invitation has already been used." : "This invitation has expired. Ask the challenge owner for a new one.");
  }
  return redirect(`/judging/${result.challengeId}/profile?notice=judge-joined`);
}

export default function Invitation() {
  const { challengeTitle, state, signedIn, path } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Join the judging panel for {challengeTitle}</h1>
        {state === "used" ? <p className="govuk-body">This invitation has already been used.</p>
          : state === "expired" ? <p className="govuk-body">This invitation has expired. Ask the challenge owner for a new one.</p>
          : signedIn ? (
            <Form method="post">
              <p className="govuk-body">As a judge you will declare any conflicts of interest, then score the proposals assigned to you.</p>
              <Button>Join the panel</Button>
            </Form>
          ) : (
            <p className="govuk-body">
              <Link className="govuk-link" to={`/sign-in?redirectTo=${encodeURIComponent(path)}`}>Sign in</Link> or{" "}
              <Link className="govuk-link" to={`/sign-up?redirectTo=${encodeURIComponent(path)}`}>create an account</Link> to accept this invitation.
            </p>
          )}
      </div>
    </div>
  );
}
