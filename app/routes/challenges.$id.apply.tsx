// Starting a proposal: a POST from the challenge page. Resumes the start-up's existing proposal if it has one.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { badRequest, notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { requirePermission } from "~/server/permissions.server";
import { startProposal } from "~/server/proposals/commands.server";
import { RuleError } from "~/server/rule-error.server";

export async function loader({ params }: ActionFunctionArgs) {
  return redirect(`/challenges/${requireId(params.id)}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const challengeId = requireId(params.id);
  const actor = await requirePermission(request, "create:proposal");
  try {
    const id = await startProposal(request, challengeId, actor.org.orgId, actor.user.id);
    if (!id) notFound();
    return redirect(`/my/proposals/${id}`);
  } catch (error) {
    // No form of its own to show the message next to: the rule (the challenge has closed) is the answer.
    if (error instanceof RuleError) badRequest(error.message);
    throw error;
  }
}
