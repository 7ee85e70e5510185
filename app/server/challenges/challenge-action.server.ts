// Reading the challenge form for both "new" and "edit": zod first, then the references only the
// database can check (the theme and areas exist).
import { redirect } from "@remix-run/node";
import { unknownAreaIds, themeExists } from "../catalogue.server";
import { isConfirmed } from "../confirm.server";
import { requestProgrammeRollup } from "../dashboards.server";
import { formValues, invalid, parseForm, readFormData, toFormErrors } from "../forms.server";
import { badRequest, notFound } from "../http.server";
import { requireId } from "../ids.server";
import { requirePermission } from "../permissions.server";
import { challengeFormSchema, type ChallengeInput } from "./challenge-form";
import { ChallengeRuleError, publishChallenge } from "./commands.server";

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

/** Runs a save; a business rule it breaks becomes a message next to the field, with the input kept. */
export async function withRuleErrors<T>(values: Record<string, unknown>, save: () => Promise<T>): Promise<T | ReturnType<typeof invalid>> {
  try {
    return await save();
  } catch (error) {
    if (error instanceof ChallengeRuleError) return invalid(toFormErrors({ [error.field]: error.message }, values));
    throw error;
  }
}

/**
 * Publishing, the one action of the challenge's page and of its check page. Publishing cannot be undone, so
 * it runs only with confirm=yes, which only the check page's button sends; without it the answer is the
 * check page (the confirm step), and nothing changes.
 */
export async function publishAction({ request, params }: { request: Request; params: { id?: string } }) {
  const actor = await requirePermission(request, "update:challenge:own");
  const id = requireId(params.id);
  const form = await readFormData(request);
  if (form.get("intent") !== "publish") badRequest("Unknown action");
  if (!isConfirmed(form)) return redirect(`/my/challenges/${id}/check`);
  return withRuleErrors({}, async () => {
    if (!(await publishChallenge(request, { id, orgId: actor.org.orgId }))) notFound();
    await requestProgrammeRollup();
    return redirect(`/my/challenges/${id}?notice=challenge-published`);
  });
}
