import { useAddFormKey, useFormErrors } from "~/components/form-errors";
import { TEXT_LIMITS } from "~/lib/field-limits";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "~/components/error-summary";
import { Choices, Select, Textarea, TextInput } from "~/components/fields";
import { Notice } from "~/components/notice";
import { RELATIONS } from "~/lib/conflict-relations";
import { listThemes } from "~/server/vocabulary.server";
import { fieldError, invalid, parseFormData, readFormData } from "~/server/forms.server";
import { badRequest } from "~/server/http.server";
import { idField } from "~/lib/ids";
import { requireId } from "~/server/ids.server";
import {
  conflictableOrganisations, conflictSchema, declareOrgConflict, listOrgConflicts, profileSchema, removeConflict, requirePanelJudge, updateJudgeProfile,
} from "~/server/judging/panel.server";
import { Button } from "~/components/button";

export const meta: MetaFunction = () => [{ title: "Your expertise and conflicts – Civic Innovation Challenge" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const judge = await requirePanelJudge(request, requireId(params.challengeId));
  const [themes, conflicts, organisations] = await Promise.all([listThemes(), listOrgConflicts(judge.user_id), conflictableOrganisations()]);
  return json({ judge, themes, conflicts, organisations });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const judge = await requirePanelJudge(request, requireId(params.challengeId));
  const form = await readFormData(request);
  const back = (notice: string) => redirect(`/judging/${judge.challenge_id}/profile?notice=${notice}`);
  switch (form.get("intent")) {
    case "profile": {
      const parsed = parseFormData(form, profileSchema);
      if (!parsed.ok) return invalid(parsed.errors);
      await updateJudgeProfile(judge.id, parsed.value);
      return back("judge-profile-saved");
    }
    case "conflict": {
      const parsed = parseFormData(form, conflictSchema);
      if (!parsed.ok) return invalid(parsed.errors);
      if (!(await declareOrgConflict(judge, parsed.value))) return fieldError("orgId", "Select the organisation", form);
      return back("conflict-declared");
    }
    case "remove-conflict": {
      const parsed = parseFormData(form, z.object({ conflictId: idField() }));
      if (!parsed.ok) badRequest("Choose a conflict to remove");
      await removeConflict(judge.user_id, parsed.value.conflictId);
      return back("conflict-removed");
    }
    default:
      badRequest("Unknown action");
  }
}

export default function JudgeProfile() {
  const { judge, themes, conflicts, organisations } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  const addFormKey = useAddFormKey();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <Notice />
        <Link to="/judging" className="govuk-back-link">Back to your judging</Link>
        <span className="govuk-caption-l">{judge.challenge_title}</span>
        <h1 className="govuk-heading-l">Your expertise and conflicts</h1>
        <h2 className="govuk-heading-m">Expertise</h2>
        <p className="govuk-body">Proposals are matched to the judges who know most about them.</p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="profile" />
          <Choices type="checkbox" small name="themes" label="Themes you know well" errors={errors} defaultValue={judge.themes}
            options={themes.map((t) => ({ value: t.slug, label: t.name }))} />
          <TextInput name="tags" label="Topics" hint="Separate topics with commas, for example: air quality, sensors, social care" errors={errors} defaultValue={judge.tags.join(", ")} />
          <Textarea name="expertise" label="Your experience" hint="A few sentences about what you have worked on" errors={errors} defaultValue={judge.expertise} maxLength={TEXT_LIMITS.judge.expertise} />
          <TextInput name="capacity" label="How many proposals can you review?" width="3" inputMode="numeric" errors={errors} defaultValue={judge.capacity} />
          <Button>Save expertise</Button>
        </Form>

        <h2 className="govuk-heading-m">Conflicts of interest</h2>
        <p className="govuk-body">
          Declare every organisation you work for, advise or hold a stake in. You will never be assigned its proposals,
          on this panel or any other you serve on: your conflicts are yours, not this challenge's. Organisations you are,
          or were, a member of here are excluded automatically. If an assigned proposal turns out to be conflicted, step
          aside from it on its review page.
        </p>
        {conflicts.length ? (
          <ul className="govuk-list">
            {conflicts.map((c) => (
              <li key={c.id}>
                <strong>{c.name}</strong>: {RELATIONS.find((r) => r.value === c.relation)?.label ?? c.relation}
                {c.note ? ` (${c.note})` : ""}
                {c.declared_on && c.declared_on_id !== judge.challenge_id ? <span className="govuk-hint govuk-!-display-inline"> declared on the panel for {c.declared_on}</span> : null}
                <Form method="post" className="app-inline-form">
                  <input type="hidden" name="intent" value="remove-conflict" />
                  <input type="hidden" name="conflictId" value={c.id} />{" "}
                  <button type="submit" className="app-link-button">Remove<span className="govuk-visually-hidden"> conflict with {c.name}</span></button>
                </Form>
              </li>
            ))}
          </ul>
        ) : <p className="govuk-body">You have not declared any conflicts.</p>}
        <Form method="post" noValidate key={addFormKey}>
          <input type="hidden" name="intent" value="conflict" />
          <Select name="orgId" label="Organisation" errors={errors}
            options={[{ value: "", label: "Choose an organisation" }, ...organisations.map((o) => ({ value: o.id, label: o.name }))]} />
          <Choices type="radio" name="relation" label="How are you connected to it?" errors={errors}
            options={RELATIONS.map((r) => ({ value: r.value, label: r.label }))} />
          <TextInput name="note" label="Note (optional)" errors={errors} />
          <Button variant="secondary">Declare conflict</Button>
        </Form>
      </div>
    </div>
  );
}
