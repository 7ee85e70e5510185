import { useFormErrors } from "~/components/form-errors";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ChallengeForm } from "~/components/challenge-form";
import { ErrorSummary } from "~/components/error-summary";
import { listAreas, listThemes } from "~/server/vocabulary.server";
import { readChallengeForm } from "~/server/challenges/challenge-action.server";
import { createChallenge } from "~/server/challenges/commands.server";
import { requirePermission } from "~/server/permissions.server";
import { withRuleErrors } from "~/server/rule-error.server";

export const meta: MetaFunction = () => [{ title: "Draft a challenge – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "create:challenge");
  const [themes, areas] = await Promise.all([listThemes(), listAreas()]);
  return json({ themes, areas });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "create:challenge");
  const read = await readChallengeForm(request);
  if ("response" in read) return read.response;
  return withRuleErrors(async () => {
    const id = await createChallenge(request, actor.org.orgId, actor.user.id, read.input);
    return redirect(`/my/challenges/${id}?notice=challenge-saved`);
  }, { values: read.values });
}

export default function NewChallenge() {
  const { themes, areas } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Draft a challenge</h1>
      <p className="govuk-body">Your challenge is saved as a draft. You can preview it and change it before you publish it.</p>
      <ChallengeForm errors={errors} themes={themes} areas={areas} submitLabel="Save draft" />
    </>
  );
}
