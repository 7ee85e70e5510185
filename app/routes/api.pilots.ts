// GET /api/pilots?theme=&area=&status=on_track|at_risk|off_track|not_started&page=&pageSize= — approved
// pilots with their derived status, paginated. Same fields as /open-data/pilots.json; bad parameters: 400.
import type { LoaderFunctionArgs } from "@remix-run/node";
import {
  apiHeaders, approvedPilots, BadParam, badRequestJson, pageOf, PILOT_STATUSES, readEnum, readPaging, readSlug,
} from "~/server/open-data.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  let filters;
  try {
    filters = {
      ...readPaging(params),
      theme: readSlug(params, "theme"),
      area: readSlug(params, "area"),
      status: readEnum(params, "status", PILOT_STATUSES),
    };
  } catch (error) {
    if (error instanceof BadParam) return badRequestJson(error.message);
    throw error;
  }
  const { page, pageSize, ...where } = filters;
  // The status is derived in code from KPIs and milestones, so the filter and the page are applied here.
  const pilots = await approvedPilots(where);
  const data = pilots.slice((page - 1) * pageSize, page * pageSize);
  return new Response(JSON.stringify(pageOf(data, page, pageSize, pilots.length)), { headers: apiHeaders() });
}
