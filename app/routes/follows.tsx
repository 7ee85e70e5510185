// Follow or stop following a challenge or a pilot (decision 035): a signed-in person, for themselves. Its
// news then comes by email or in the daily digest, as they chose at /account/notifications.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { idField } from "~/lib/ids";
import { requireActor } from "~/server/auth.server";
import { parseForm } from "~/server/forms.server";
import { badRequest } from "~/server/http.server";
import { setFollowing } from "~/server/residents/follows.server";

/** Nothing to show: a GET goes to what the person follows. */
export function loader() {
  return redirect("/suggestions");
}

const schema = z.union([
  z.object({ challengeId: idField(), follow: z.enum(["yes", "no"]) }),
  z.object({ pilotId: idField(), follow: z.enum(["yes", "no"]) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const parsed = await parseForm(request, schema);
  if (!parsed.ok) badRequest("Choose a challenge or a pilot to follow");
  const v = parsed.value;
  const target = "challengeId" in v ? { challengeId: v.challengeId } : { pilotId: v.pilotId };
  await setFollowing(request, { userId: actor.user.id }, target, v.follow === "yes");
  const back = "challengeId" in target ? `/challenges/${target.challengeId}` : `/pilots/${target.pilotId}`;
  return redirect(`${back}?notice=${v.follow === "yes" ? "following" : "not-following"}`);
}
