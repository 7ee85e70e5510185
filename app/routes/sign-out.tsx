import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { audit } from "~/server/audit.server";
import { getActor, getPendingSignIn } from "~/server/auth.server";
import { blankSessionCookie, invalidateSession } from "~/server/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  // A sign-in still waiting for its second factor can be abandoned too.
  const actor = (await getActor(request)) ?? (await getPendingSignIn(request));
  if (actor) {
    await audit(request, { action: "account.signed_out" }, { userId: actor.user.id, orgId: actor.session.activeOrgId });
    await invalidateSession(actor.session.id);
  }
  return redirect("/", { headers: { "Set-Cookie": blankSessionCookie(request) } });
}
