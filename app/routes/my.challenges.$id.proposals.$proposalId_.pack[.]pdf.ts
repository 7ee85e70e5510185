// One proposal's pack as a PDF: its text, answers, scores and the files attached to it (decision 024).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { requireChallengeManager } from "~/server/judging/manager.server";
import { exportProposalPack } from "~/server/exports/proposals.server";
import { exportResponse } from "~/server/exports/response.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, challenge } = await requireChallengeManager(request, requireId(params.id));
  const file = await exportProposalPack(request, actor, challenge, requireId(params.proposalId));
  // Before the deadline, or for a draft, this is "not found", as the proposal's page is.
  if (!file) notFound();
  return exportResponse(file);
}
