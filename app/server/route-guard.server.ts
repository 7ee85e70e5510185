// Wraps every loader and action of the build, so two rules hold for every route without each one
// remembering them: the query string and URL parameters are checked against the input limits before the
// route reads them, and a database error caused by the input (a text PostgreSQL cannot store, a number out
// of range, an id that names nothing) is answered as the client's mistake (400 or 404), never a 500.
// Routes still check their own input first, with field errors; this is the net under them.
import type { ServerBuild } from "@remix-run/node";
import { pino } from "pino";
import { checkQuery, InputRefused, paramsProblem } from "./input-limits.server";

const logger = pino({ level: process.env.LOG_LEVEL ?? "info", base: { module: "route-guard" } });

type Handler = (args: { request: Request; params: Record<string, string | undefined>; context: unknown }) => unknown;

/** PostgreSQL error codes that only input can cause, and how they are answered. */
export function answerForDatabaseError(error: unknown): { status: number; message: string } | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !/^[0-9A-Z]{5}$/.test(code)) return null;
  // Class 22, data exception: invalid text (NUL, bad encoding), numbers and dates out of range, bad uuids.
  if (code.startsWith("22")) return { status: 400, message: "Something in the request is not a value this service can store" };
  if (code === "23503") return { status: 404, message: "Something the request names does not exist" };
  if (code === "23514") return { status: 400, message: "Something in the request breaks a rule of this service" };
  return null;
}

function guard(handler: Handler): Handler {
  return async (args) => {
    try {
      checkQuery(new URL(args.request.url));
    } catch (error) {
      if (error instanceof InputRefused) throw new Response(error.message, { status: 400, statusText: "Bad Request" });
      throw error;
    }
    if (paramsProblem(args.params)) throw new Response("Page not found", { status: 404, statusText: "Not Found" });
    try {
      return await handler(args);
    } catch (error) {
      if (error instanceof InputRefused) throw new Response(error.message, { status: 400, statusText: "Bad Request" });
      const answer = answerForDatabaseError(error);
      if (answer) {
        logger.warn({ code: (error as { code: string }).code, path: new URL(args.request.url).pathname }, "input refused by the database");
        throw new Response(answer.message, { status: answer.status });
      }
      throw error;
    }
  };
}

/** The same build with every route's loader and action guarded. */
export function guardBuild(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    if (!route) continue;
    const module = { ...route.module } as typeof route.module;
    if (module.loader) module.loader = guard(module.loader as Handler) as typeof module.loader;
    if (module.action) module.action = guard(module.action as Handler) as typeof module.action;
    routes[id] = { ...route, module };
  }
  return { ...build, routes };
}
