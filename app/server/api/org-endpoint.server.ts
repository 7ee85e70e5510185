// The shape every /api/org/* read shares: the bearer gate, then the paging parameters, then one page of the
// organisation's rows (a few hundred at most per organisation, so they are read whole and sliced here).
import { badRequestJson, pageOf } from "../open-data/output.server";
import { pagingParams } from "../open-data/params.server";
import { parseQuery } from "../query-params.server";
import { apiJson, requireApiToken } from "./bearer.server";

export async function orgPage<T>(request: Request, rows: (orgId: string) => Promise<T[]>): Promise<Response> {
  try {
    const caller = await requireApiToken(request, "read");
    const { value, problems } = parseQuery(request, pagingParams);
    if (problems.length) return badRequestJson(problems[0]!);
    const all = await rows(caller.orgId);
    const { page, pageSize } = value;
    return apiJson(pageOf(all.slice((page - 1) * pageSize, page * pageSize), page, pageSize, all.length));
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}
