// Reading the challenge form for both "new" and "edit": zod first, then the references only the
// database can check (the theme and areas exist).
import { unknownAreaIds, themeExists } from "../catalogue.server";
import { formValues, invalid, parseForm, toFormErrors } from "../forms.server";
import { challengeFormSchema, type ChallengeInput } from "./challenge-form";
import { ChallengeRuleError } from "./commands.server";

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
