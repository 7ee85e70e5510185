// A page requested in-process as a browser asks for it (a whole document: the root's loader, the route's,
// the render), through Remix's own handler on the production build, inside a request scope of its own, so
// that every query it sends is counted (and, when asked, kept with its parameters). The query-count test
// and bench/web/explain.ts read pages this way.
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import type { SentQuery } from "../../db/client";
import { newRequestScope, runInRequestScope } from "../../app/server/request-scope.server";
import { guardBuild } from "../../app/server/route-guard.server";

export interface PageQueries {
  status: number;
  location: string | null;
  body: string;
  queries: number;
  /** Each query's SQL and parameters, when requested with `record`. */
  recorded: SentQuery[];
}

/** The request handler server.ts gives Express, without Express: the same guarded build, in production mode. */
export function pageHandler(build: ServerBuild) {
  return createRequestHandler(guardBuild(build), "production");
}

/** `path` GET as a signed-in browser (`cookie`) or a visitor; the body is read inside the scope, so a streamed one counts whole. */
export function requestPage(handler: ReturnType<typeof pageHandler>, path: string, cookie?: string, options: { record?: boolean } = {}): Promise<PageQueries> {
  const scope = newRequestScope({ record: options.record });
  const request = new Request(`http://localhost${path}`, { headers: { Accept: "text/html", ...(cookie ? { Cookie: cookie } : {}) } });
  return runInRequestScope(async () => {
    const response = await handler(request, { cspNonce: "page-queries", clientIp: "127.0.0.1" });
    const body = await response.text();
    return { status: response.status, location: response.headers.get("location"), body, queries: scope.queries, recorded: scope.recorded ?? [] };
  }, scope);
}
