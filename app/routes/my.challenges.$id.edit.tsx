import { useFormErrors } from "~/components/form-errors";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ChallengeForm } from "~/components/challenge-form";
import { ErrorSummary } from "~/components/error-summary";
import { listAreas, listThemes } from "~/server/vocabulary.server";
import { readChallengeForm } from "~/server/challenges/challenge-action.server";
import { updateChallenge } from "~/server/challenges/commands.server";
import { getOwnChallenge } from "~/server/challenges/queries.server";
import { notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { requireChallengeManager } from "~/server/judging/manager.server";
import { withRuleErrors } from "~/server/rule-error.server";

export const meta: MetaFunction = () => [{ title: "Edit challenge – Civic Innovation Challenge" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { challenge: managed } = await requireChallengeManager(request, requireId(params.id));
  const challenge = await getOwnChallenge({ id: managed.id, orgId: managed.org_id });
  if (!challenge) notFound();
  const [themes, areas] = await Promise.all([listThemes(), listAreas()]);
  return json({ challenge, themes, areas });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, challenge: managed } = await requireChallengeManager(request, requireId(params.id));
  const { id, org_id: orgId } = managed;
  const read = await readChallengeForm(request);
  if ("response" in read) return read.response;
  return withRuleErrors(async () => {
    const result = await updateChallenge(request, { id, orgId, userId: actor.user.id }, read.input);
    if (!result) notFound();
    return redirect(`/my/challenges/${id}?notice=${result === "clarified" ? "challenge-clarified" : "challenge-updated"}`);
  }, { values: read.values });
}

export default function EditChallenge() {
  const { challenge, themes, areas } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  return (
    <>
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">{challenge.title}</span>
      <h1 className="govuk-heading-l">Edit challenge</h1>
      <ChallengeForm errors={errors} saved={challenge} themes={themes} areas={areas} submitLabel="Save changes"
        frozen={challenge.status === "open" || challenge.status === "closed"} />
    </>
  );
}
