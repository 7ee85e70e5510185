// GET /api/pilots?theme=&area=&status=on_track|at_risk|off_track|not_started&page=&pageSize= — approved
// pilots with their derived status, paginated. Same fields as /open-data/pilots.json; bad parameters: 400.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiHeaders, badRequestJson, pageOf } from "~/server/open-data/output.server";
import { pilotsApiParams } from "~/server/open-data/params.server";
import { approvedPilots } from "~/server/open-data/queries.server";
import { parseQuery } from "~/server/query-params.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { value, problems } = parseQuery(request, pilotsApiParams);
  if (problems.length) return badRequestJson(problems[0]!);
  const { page, pageSize, ...filters } = value;
  // The status is derived in code from KPIs and milestones, so the filter and the page are applied here.
  const pilots = await approvedPilots(filters);
  const data = pilots.slice((page - 1) * pageSize, page * pageSize);
  return new Response(JSON.stringify(pageOf(data, page, pageSize, pilots.length)), { headers: apiHeaders() });
}
