// A copy of everything the service holds about the signed-in user (right of access and data portability).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { takePersonalDataCopy } from "~/server/accounts/personal-data.server";
import { requireActor } from "~/server/auth.server";
import { notFound } from "~/server/http.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const data = await takePersonalDataCopy(request, actor.user.id);
  if (!data) notFound();
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="my-data.json"',
      "Cache-Control": "no-store",
    },
  });
}
