// The label a request is counted under in /metrics: the pattern of the Remix route that answers it
// ("/challenges/:challengeId"), never the address itself, so the number of label values is bounded by
// the number of routes whatever addresses clients send.
import { type AgnosticRouteObject as RouteObject, matchRoutes } from "@remix-run/router";

/** What the build says of each route (ServerBuild["routes"], the fields used here). */
export interface RouteEntry {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
}

/** Every address no route answers is counted under this one value. */
export const UNMATCHED = "(unmatched)";

/** A function from a path to its route's pattern, for the build's route table. */
export function routePatterns(routes: Record<string, RouteEntry | undefined>): (pathname: string) => string {
  const entries = Object.values(routes).filter((r): r is RouteEntry => !!r);
  const childrenOf = (parentId: string | undefined): RouteObject[] =>
    entries
      .filter((r) => r.parentId === parentId)
      .map((r) => (r.index ? { id: r.id, index: true as const, path: r.path } : { id: r.id, path: r.path, caseSensitive: r.caseSensitive, children: childrenOf(r.id) }));
  const tree = childrenOf(undefined);
  return (pathname) => {
    const matches = matchRoutes(tree, pathname);
    if (!matches) return UNMATCHED;
    const segments = matches.map((m) => m.route.path).filter((p): p is string => !!p);
    return "/" + segments.join("/").replace(/\/+/g, "/").replace(/^\/|\/$/g, "");
  };
}
