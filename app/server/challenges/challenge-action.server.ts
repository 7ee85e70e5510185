// Reading the challenge form for both "new" and "edit": zod first, then the references only the
// database can check (the theme and areas exist).
import { redirect } from "@remix-run/node";
import { unknownAreaIds, themeExists } from "../vocabulary.server";
import { isConfirmed } from "../confirm.server";
import { formValues, invalid, parseForm, readFormData, toFormErrors } from "../forms.server";
import { badRequest, notFound } from "../http.server";
import { requireId } from "../ids.server";
import { requireChallengeManager } from "../judging/manager.server";
import { challengeFormSchema, type ChallengeInput } from "./challenge-form";
import { publishChallenge } from "./commands.server";
import { withRuleErrors } from "../rule-error.server";

export async function readChallengeForm(request: Request): Promise<{ input: ChallengeInput; values: Record<string, unknown> } | { response: ReturnType<typeof invalid> }> {
  const parsed = await parseForm(request, challengeFormSchema);
  if (!parsed.ok) return { response: invalid(parsed.errors) };
  const values = formValues(parsed.formData);
  const fields: Record<string, string> = {};
  if (!(await themeExists(parsed.value.themeId))) fields.themeId = "Select a theme from the list";
  if ((await unknownAreaIds(parsed.value.areaIds)).length) fields.areaIds = "Select areas from the list";
  if (Object.keys(fields).length) return { response: invalid(toFormErrors(fields, values)) };
  return { input: parsed.value, values };
}

/**
 * Publishing, the one action of the challenge's page and of its check page. Publishing cannot be undone, so
 * it runs only with confirm=yes, which only the check page's button sends; without it the answer is the
 * check page (the confirm step), and nothing changes.
 */
export async function publishAction({ request, params }: { request: Request; params: { id?: string } }) {
  const { challenge } = await requireChallengeManager(request, requireId(params.id));
  const id = challenge.id;
  const form = await readFormData(request);
  if (form.get("intent") !== "publish") badRequest("Unknown action");
  if (!isConfirmed(form)) return redirect(`/my/challenges/${id}/check`);
  return withRuleErrors(async () => {
    if (!(await publishChallenge(request, { id, orgId: challenge.org_id }))) notFound();
    return redirect(`/my/challenges/${id}?notice=challenge-published`);
  });
}
