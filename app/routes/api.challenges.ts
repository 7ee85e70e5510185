// GET /api/challenges?theme=&area=&status=&q=&page=&pageSize= — published challenges, paginated.
// Same fields as /open-data/challenges.json; bad parameters answer 400 with { error }.
import type { LoaderFunctionArgs } from "@remix-run/node";
import {
  apiHeaders, BadParam, badRequestJson, pageOf, PUBLIC_CHALLENGE_STATUSES, publicChallenges, readEnum, readPaging, readSlug, readText,
} from "~/server/open-data.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  let filters;
  try {
    filters = {
      ...readPaging(params),
      theme: readSlug(params, "theme"),
      area: readSlug(params, "area"),
      status: readEnum(params, "status", PUBLIC_CHALLENGE_STATUSES),
      q: readText(params, "q", 200),
    };
  } catch (error) {
    if (error instanceof BadParam) return badRequestJson(error.message);
    throw error;
  }
  const { page, pageSize, ...where } = filters;
  const { data, total } = await publicChallenges(where, { limit: pageSize, offset: (page - 1) * pageSize });
  return new Response(JSON.stringify(pageOf(data, page, pageSize, total)), { headers: apiHeaders() });
}
