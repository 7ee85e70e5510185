import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getActor } from "~/server/auth.server";
import { blankSessionCookie, invalidateSession } from "~/server/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await getActor(request);
  if (actor) await invalidateSession(actor.session.id);
  return redirect("/", { headers: { "Set-Cookie": blankSessionCookie(request) } });
}
