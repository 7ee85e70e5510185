// What Remix 2's route matching costs a request (issue 15: "route matching made cheap; measure first").
// Remix's request handler matches the URL against the route tree (matchServerRoutes), then its static
// handler matches it again (query): each call of @remix-run/router's matchRoutes flattens and ranks the
// whole tree before it compares a single pattern. Remix 2 has no hook to keep the ranked branches
// (React Router 7 caches them since remix-run/react-router#14967), so this measures what remains on
// every page, on the production build's own route tree, one call after another in this process.
//
//   npm run bench:route-match -- [--calls 20000]
import { parseArgs } from "node:util";
import type { ServerBuild } from "@remix-run/node";
import { matchServerRoutes } from "@remix-run/server-runtime/dist/routeMatching.js";
import { createRoutes } from "@remix-run/server-runtime/dist/routes.js";

const { values } = parseArgs({ options: { calls: { type: "string", default: "20000" } } });
const calls = Number(values.calls);
const build = (await import(new URL("../../build/index.js", import.meta.url).href)) as ServerBuild;
const routes = createRoutes(build.routes);
const uuid = "03dfcaa9-cd46-402e-9c49-fc16ee824aa8";
const paths = ["/", "/challenges", `/challenges/${uuid}`, "/dashboard", `/pilots/${uuid}`, `/my/proposals/${uuid}`, `/judging/reviews/${uuid}`, `/my/challenges/${uuid}/results`, "/admin/audit", "/no/such/page"];

console.log(`${Object.keys(build.routes).length} routes in the build; ${calls} calls of Remix's matchServerRoutes per path after ${calls / 10} to warm up`);
console.log("| path | µs per match | µs per request (two matches) |\n|---|---:|---:|");
for (const path of paths) {
  for (let i = 0; i < calls / 10; i++) matchServerRoutes(routes, path);
  const started = performance.now();
  for (let i = 0; i < calls; i++) matchServerRoutes(routes, path);
  const perCall = ((performance.now() - started) * 1000) / calls;
  console.log(`| ${path.replace(uuid, ":id")} | ${perCall.toFixed(0)} | ${(2 * perCall).toFixed(0)} |`);
}
