// A resident suggests a problem (decision 035). Any signed-in account with a confirmed address may; it is
// the person who suggests, never an organisation, and nobody else reads it until the programme office checks it.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button } from "~/components/button";
import { ErrorSummary } from "~/components/error-summary";
import { Select, Textarea, TextInput } from "~/components/fields";
import { useFormErrors } from "~/components/form-errors";
import { TEXT_LIMITS } from "~/lib/field-limits";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/lib/page-title";
import { tFor } from "~/lib/i18n";
import { preferredLocale } from "~/server/locale.server";
import { requireActor } from "~/server/auth.server";
import { fieldError, invalid, parseForm } from "~/server/forms.server";
import { residentForms } from "~/server/residents/resident-forms";
import { createSuggestion } from "~/server/residents/suggestions.server";
import { listAreas, listThemes, themeExists, unknownAreaIds } from "~/server/vocabulary.server";

// Offered in every language (decision 042), its error messages too.
export const handle = { i18n: true };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "residents:new.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireActor(request);
  const [themes, areas] = await Promise.all([listThemes(), listAreas()]);
  return json({ themes: themes.map((t) => ({ value: String(t.id), label: t.name })), areas: areas.map((a) => ({ value: String(a.id), label: a.name })) });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const locale = preferredLocale(request);
  const t = tFor(locale, "residents");
  const parsed = await parseForm(request, residentForms(locale).suggestion);
  if (!parsed.ok) return invalid(parsed.errors);
  if (!(await themeExists(parsed.value.themeId))) return fieldError("themeId", t("errors.themeFromList"), parsed.formData);
  if ((await unknownAreaIds([parsed.value.areaId])).length) return fieldError("areaId", t("errors.areaFromList"), parsed.formData);
  const id = await createSuggestion(request, { userId: actor.user.id }, parsed.value);
  return redirect(`/suggestions/${id}?notice=suggestion-sent`);
}

export default function NewSuggestion() {
  const { themes, areas } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  const L = TEXT_LIMITS.residents;
  const { t } = useTranslation("residents");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <Link to="/suggestions" className="govuk-back-link">{t("list.title")}</Link>
        <h1 className="govuk-heading-l">{t("new.title")}</h1>
        <p className="govuk-body">{t("new.intro")}</p>
        <p className="govuk-body">{t("new.checked")}</p>
        <Form method="post" noValidate>
          <TextInput name="title" label={t("new.titleLabel")} hint={t("new.titleHint")} errors={errors} />
          <Textarea name="description" label={t("new.description")} hint={t("new.descriptionHint")} rows={8} maxLength={L.description} errors={errors} />
          <Select name="themeId" label={t("new.theme")} options={[{ value: "", label: t("new.chooseTheme") }, ...themes]} errors={errors} />
          <Select name="areaId" label={t("new.area")} options={[{ value: "", label: t("new.chooseArea") }, ...areas]} errors={errors} />
          <Button>{t("new.send")}</Button>
        </Form>
      </div>
    </div>
  );
}
