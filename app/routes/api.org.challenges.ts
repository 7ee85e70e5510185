// GET /api/org/challenges?page=&pageSize= — with `Authorization: Bearer <token>` only (decision 038): what the
// token's organisation reads of its challenges in the service. Refusals are JSON: 401, 403, 429; bad paging 400.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { orgPage } from "~/server/api/org-endpoint.server";
import { orgChallenges } from "~/server/api/org-data.server";

export function loader({ request }: LoaderFunctionArgs) {
  return orgPage(request, orgChallenges);
}
