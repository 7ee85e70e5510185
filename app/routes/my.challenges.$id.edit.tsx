import { useFormErrors } from "~/components/form-errors";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ChallengeForm } from "~/components/challenge-form";
import { ErrorSummary } from "~/components/error-summary";
import { listAreas, listThemes } from "~/server/catalogue.server";
import { readChallengeForm, withRuleErrors } from "~/server/challenges/challenge-action.server";
import { updateChallenge } from "~/server/challenges/commands.server";
import { getOwnChallenge, ownsChallenge } from "~/server/challenges/queries.server";
import { notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { requirePermission } from "~/server/permissions.server";

export const meta: MetaFunction = () => [{ title: "Edit challenge – Civic Innovation Challenge" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "update:challenge:own");
  const challenge = await getOwnChallenge({ id: requireId(params.id), orgId: actor.org.orgId });
  if (!challenge) notFound();
  const [themes, areas] = await Promise.all([listThemes(), listAreas()]);
  return json({ challenge, themes, areas });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "update:challenge:own");
  const id = requireId(params.id);
  if (!(await ownsChallenge({ id, orgId: actor.org.orgId }))) notFound();
  const read = await readChallengeForm(request);
  if ("response" in read) return read.response;
  return withRuleErrors(read.values, async () => {
    if (!(await updateChallenge(request, { id, orgId: actor.org.orgId }, read.input))) notFound();
    return redirect(`/my/challenges/${id}?notice=challenge-updated`);
  });
}

export default function EditChallenge() {
  const { challenge, themes, areas } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  return (
    <>
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">{challenge.title}</span>
      <h1 className="govuk-heading-l">Edit challenge</h1>
      <ChallengeForm errors={errors} saved={challenge} themes={themes} areas={areas} submitLabel="Save changes" />
    </>
  );
}
