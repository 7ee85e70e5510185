import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { endSession } from "~/server/accounts/sign-in.server";
import { getActor, getPendingSignIn } from "~/server/auth.server";
import { blankSessionCookie } from "~/server/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  // A sign-in still waiting for its second factor can be abandoned too.
  const actor = (await getActor(request)) ?? (await getPendingSignIn(request));
  if (actor) await endSession(request, actor);
  return redirect("/", { headers: { "Set-Cookie": blankSessionCookie(request) } });
}
