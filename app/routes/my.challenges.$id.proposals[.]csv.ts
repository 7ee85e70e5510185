// Every submitted proposal of the challenge, with answers, scores, rank and decision, as CSV (decision 024).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireId } from "~/server/ids.server";
import { requireChallengeManager } from "~/server/judging/manager.server";
import { exportChallengeProposals } from "~/server/exports/proposals.server";
import { exportResponse } from "~/server/exports/response.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, challenge } = await requireChallengeManager(request, requireId(params.id));
  return exportResponse(await exportChallengeProposals(request, actor, challenge, "csv"));
}
