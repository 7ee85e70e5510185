// The language switch on translated pages posts here (decision 042): the choice is kept in a cookie and the
// reader goes back to the page they were on (a local path only, as every redirect here).
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { LOCALES } from "~/lib/i18n";
import { parseForm } from "~/server/forms.server";
import { badRequest, safeRedirectPath } from "~/server/http.server";
import { languageCookie } from "~/server/locale.server";

/** Nothing to show: a GET goes to the home page. */
export function loader() {
  return redirect("/");
}

const schema = z.object({ lang: z.enum(LOCALES), returnTo: z.string().max(2000).optional() });

export async function action({ request }: ActionFunctionArgs) {
  const parsed = await parseForm(request, schema);
  if (!parsed.ok) badRequest("Choose a language");
  return redirect(safeRedirectPath(parsed.value.returnTo, "/"), { headers: { "Set-Cookie": languageCookie(request, parsed.value.lang) } });
}
