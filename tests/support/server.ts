// The production build served in-process by our Express server, on a free loopback port.
import type { AddressInfo } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, expect } from "vitest";
import { env, resetEnvCache } from "../../app/server/env.server";
import { createServer } from "../../server";

export async function startAppServer() {
  // Built by `npm test`'s pretest step; imported by URL so typechecking does not need a build.
  const buildUrl = new URL("../../build/index.js", import.meta.url).href;
  const build = (await import(/* @vite-ignore */ buildUrl)) as ServerBuild;
  const { app } = await createServer(build);
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A throttled page as a browser gets it: 429, the HTML error page, and when to try again. */
export async function expectThrottledPage(res: Response, message: RegExp) {
  expect(res.status).toBe(429);
  expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  expect(await res.text()).toMatch(message);
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(retryAfter, "Retry-After").toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
}

/**
 * Requests as a browser on this site sends them: a GET, or a form POST with our Origin; redirects are not
 * followed (tests read the Location). `headers` adds to them (X-Forwarded-For, a forged Host…).
 */
export function siteClient(app: { url: string }) {
  return {
    get: (path: string, cookie?: string, headers: Record<string, string> = {}) =>
      fetch(`${app.url}${path}`, { headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers }, redirect: "manual" }),
    post: (path: string, fields: Record<string, string>, cookie?: string, headers: Record<string, string> = {}) =>
      fetch(`${app.url}${path}`, {
        method: "POST",
        body: new URLSearchParams(fields).toString(),
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url, ...(cookie ? { Cookie: cookie } : {}), ...headers },
        redirect: "manual",
      }),
  };
}

/** A form POST as a browser sends it from our own pages (same-site Origin, asking for HTML); redirects not followed. */
export async function postForm(app: { url: string }, path: string, fields: Record<string, string>, cookie?: string) {
  const res = await fetch(`${app.url}${path}`, {
    method: "POST", body: new URLSearchParams(fields), redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url, Accept: "text/html", ...(cookie ? { Cookie: cookie } : {}) },
  });
  return { status: res.status, location: res.headers.get("location"), setCookie: res.headers.get("set-cookie"), headers: res.headers, text: await res.text() };
}

/** GETs and form POSTs to a started server, as a browser on this site sends them (Origin set, redirects not followed). */
export function browserLike(baseUrl: string) {
  return {
    get(path: string, cookie?: string) {
      return fetch(`${baseUrl}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
    },
    post(path: string, fields: Record<string, string | string[]>, cookie?: string, headers: Record<string, string> = {}) {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
      return fetch(`${baseUrl}${path}`, {
        method: "POST", body: body.toString(), redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl, ...(cookie ? { Cookie: cookie } : {}), ...headers },
      });
    },
  };
}

/** Starts the built server for this test file (its own hooks) and a browser-like client for it. */
export function useAppServer() {
  const ctx = {} as { app: Awaited<ReturnType<typeof startAppServer>>; http: ReturnType<typeof browserLike> };
  beforeAll(async () => {
    ctx.app = await startAppServer();
    ctx.http = browserLike(ctx.app.url);
  });
  afterAll(async () => {
    await ctx.app?.close();
  });
  return ctx;
}

/**
 * The built server for this test file (its own hooks) as it runs behind the load balancer (TRUST_PROXY=true),
 * so each request names its client address in X-Forwarded-For and a test can send from addresses of its own.
 * `server.url` is set once it has started; the client reads it at each request.
 */
export function useAppServerBehindProxy() {
  const server = { url: "" };
  const before = process.env.TRUST_PROXY;
  let app: Awaited<ReturnType<typeof startAppServer>> | undefined;
  beforeAll(async () => {
    process.env.TRUST_PROXY = "true";
    resetEnvCache();
    expect(env().TRUST_PROXY).toBe("true");
    app = await startAppServer();
    server.url = app.url;
  });
  afterAll(async () => {
    await app?.close();
    if (before === undefined) delete process.env.TRUST_PROXY;
    else process.env.TRUST_PROXY = before;
    resetEnvCache();
  });
  return { server, client: siteClient(server) };
}
