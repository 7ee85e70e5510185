// GET /api/challenges?theme=&area=&status=&q=&page=&pageSize= — published challenges, paginated, through the
// one challenge search. Same fields as /open-data/challenges.json; bad parameters answer 400 with { error }.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiHeaders, badRequestJson, pageOf } from "~/server/open-data/output.server";
import { challengesApiParams } from "~/server/open-data/params.server";
import { publicChallenges } from "~/server/open-data/queries.server";
import { parseQuery } from "~/server/query-params.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { value, problems } = parseQuery(request, challengesApiParams);
  if (problems.length) return badRequestJson(problems[0]!);
  const { page, pageSize, ...filters } = value;
  const { data, total } = await publicChallenges(filters, { limit: pageSize, offset: (page - 1) * pageSize });
  return new Response(JSON.stringify(pageOf(data, page, pageSize, total)), { headers: apiHeaders() });
}
