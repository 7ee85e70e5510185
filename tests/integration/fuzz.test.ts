// The fuzzer (issue 11): every loader and action of the production build, over HTTP, as a visitor and as
// every role, fed generated hostile input: huge and sparse list indices, deep nesting, thousands of
// fields, NUL and invalid UTF-8, prototype names, odd numbers and dates, 1 MiB values, wrong content
// types, duplicated fields, and path parameters of the same kinds. It holds that no answer is a 5xx, every
// answer is bounded in size and time, and the server answers the next request.
// Seeded: FUZZ_SEED=<n> reproduces a run (the seed is printed on failure), FUZZ_RUNS=<n> runs more cases.
import type { ServerBuild } from "@remix-run/node";
import fc from "fast-check";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostileBody, hostileQuery, hostileText } from "../support/hostile-input";
import { concretePath, loadBuild, manifestRoutes, ROLES, seedProgramme, type Programme, type Role, type WalkRoute } from "../support/route-walk";
import { startAppServer } from "../support/server";

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const RUNS = Number(process.env.FUZZ_RUNS ?? 5);
/** FUZZ_ROLES=visitor,startup limits a run to those roles (to reproduce one failure quickly). */
const FUZZ_ROLES = process.env.FUZZ_ROLES ? ROLES.filter((r) => process.env.FUZZ_ROLES!.split(",").includes(r)) : ROLES;
/** No answer to input may be larger than this (the biggest page of the seeded programme is far smaller). */
const MAX_ANSWER_BYTES = 6 * 1024 * 1024;
/** Nor slower: generous, as the machine runs other tests at once; the 30-byte crash took 40 s. */
const MAX_ANSWER_MS = 5_000;

let app: Awaited<ReturnType<typeof startAppServer>>;
let build: ServerBuild;
let programme: Programme;
let routes: (WalkRoute & { hasAction: boolean })[];

beforeAll(async () => {
  app = await startAppServer();
  build = await loadBuild();
  programme = await seedProgramme();
  // Signing out ends the role's session: walk it last, so the other routes are fuzzed signed in.
  routes = manifestRoutes(build)
    .map((r) => ({ ...r, hasAction: typeof build.routes[r.id]?.module.action === "function" }))
    .filter((r) => !process.env.FUZZ_ROUTES || new RegExp(process.env.FUZZ_ROUTES).test(r.path))
    .sort((a, b) => Number(a.path === "/sign-out") - Number(b.path === "/sign-out"));
}, 120_000);
afterAll(async () => {
  await app?.close();
});

interface Sent {
  method: string;
  path: string;
  role: Role;
  status: number;
  bytes: number;
  ms: number;
  /** The start of what was sent, to reproduce it by hand. */
  sample?: string;
}

async function send(role: Role, method: "GET" | "POST", path: string, body?: { contentType: string; body: Uint8Array | string }): Promise<Sent> {
  const headers: Record<string, string> = { Accept: "text/html" };
  const cookie = programme.cookies[role];
  if (cookie) headers.Cookie = cookie;
  if (method === "POST") {
    headers.Origin = app.url;
    headers["Content-Type"] = body!.contentType;
  }
  const started = performance.now();
  let status: number;
  let bytes: number;
  try {
    ({ status, bytes } = await request(`${app.url}${path}`, method, headers, body?.body));
  } catch (error) {
    // No answer at all: the connection was reset, or no answer came in 30 s.
    return { method, path: path.slice(0, 300), role, status: 0, bytes: 0, ms: Math.round(performance.now() - started), sample: `${String(error)} ${body?.contentType ?? ""} ${String(body?.body ?? "").slice(0, 100)}` };
  }
  const sample = typeof body?.body === "string" ? body.body.slice(0, 160) : body ? new TextDecoder().decode(body.body.slice(0, 160)) : undefined;
  return { method, path: path.slice(0, 200), role, status, bytes, ms: Math.round(performance.now() - started), sample: body ? `${body.contentType} ${sample}` : undefined };
}

/**
 * One request on a connection of its own (node:http, no keep-alive), so that each answer is judged alone:
 * a refusal sent before a large body was read cannot be blamed on the next request.
 */
function request(url: string, method: string, headers: Record<string, string>, body?: Uint8Array | string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false, timeout: 30_000 }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("no answer in 30 s")));
    req.on("error", (error) => {
      // The server may answer (413, 400) and close before it has read a large body: that answer counts.
      reject(error);
    });
    if (body !== undefined) req.setHeader("Content-Length", Buffer.byteLength(body));
    req.end(body);
  });
}

function holds(s: Sent): boolean {
  return s.status > 0 && s.status < 500 && s.bytes <= MAX_ANSWER_BYTES && s.ms <= MAX_ANSWER_MS;
}

/** Names of the fields and the intents a page's forms offer, as that role sees it. */
async function formsOf(role: Role, path: string): Promise<{ names: string[]; intents: [string, string][] }> {
  const headers: Record<string, string> = { Accept: "text/html" };
  if (programme.cookies[role]) headers.Cookie = programme.cookies[role]!;
  const res = await fetch(`${app.url}${path}`, { headers, redirect: "manual" });
  const html = res.status === 200 && (res.headers.get("content-type") ?? "").includes("html") ? await res.text() : "";
  const names = new Set<string>();
  const intents: [string, string][] = [];
  for (const m of html.matchAll(/<(?:input|textarea|select|button)\b[^>]*>/g)) {
    const name = /\bname="([^"]+)"/.exec(m[0])?.[1];
    const value = /\bvalue="([^"]*)"/.exec(m[0])?.[1];
    if (!name) continue;
    names.add(name);
    if (value !== undefined && /^(intent|_action|decision|answer)$/.test(name)) intents.push([name, value]);
  }
  return { names: [...names], intents };
}

async function stillAnswers() {
  const res = await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(5_000) });
  expect(res.status).toBe(200);
}

/** A path parameter of a hostile kind, put where a route's id would be. */
const hostileSegment = fc.oneof(
  hostileText.map((t) => encodeURIComponent(t.slice(0, 500))),
  fc.constantFrom("%FF", "%C0%AF", "%00", "%2e%2e", "..%2f..%2f", "%E0%A4%A", "%", "constructor", "__proto__"),
);

function pathWithHostileParams(route: WalkRoute): fc.Arbitrary<string> | null {
  if (!route.path.includes(":")) return null;
  const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  return fc.array(hostileSegment, { minLength: names.length, maxLength: names.length }).map((segments) => {
    let i = 0;
    return route.path.replace(/:(\w+)/g, () => segments[i++]!);
  });
}

describe("fuzzer: every route, every role, hostile input", () => {
  it("covers every route of the build", () => {
    if (process.env.FUZZ_ROUTES) return;
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((r) => r.hasAction).length).toBeGreaterThan(30);
  });

  for (const role of FUZZ_ROLES) {
    it(`as ${role}: no 5xx, bounded answers, still up`, async () => {
      const failures: Sent[] = [];
      let n = 0;
      for (const route of routes) {
        const path = concretePath(route.path, programme);
        if (!path) continue;
        const forms = route.hasAction ? await formsOf(role, path) : { names: [], intents: [] };
        const queryNames = ["q", "theme", "area", "status", "page", "pageSize", "sort", "notice", "redirectTo", "run", "_data", "index"];
        const cases: fc.Arbitrary<() => Promise<Sent>>[] = [
          hostileQuery(queryNames).map((q) => () => send(role, "GET", `${path}?${q}`)),
        ];
        const hostilePath = pathWithHostileParams(route);
        if (hostilePath) cases.push(hostilePath.map((p) => () => send(role, "GET", p)));
        if (route.hasAction) {
          cases.push(hostileBody(forms.names, forms.intents).map((b) => () => send(role, "POST", path, b)));
          cases.push(fc.tuple(hostileBody(forms.names, forms.intents), hostileQuery(["_data", "index", "redirectTo"])).map(([b, q]) => () => send(role, "POST", `${path}?${q}`, b)));
        }
        await fc.assert(
          fc.asyncProperty(fc.oneof(...cases), async (request) => {
            const sent = await request();
            if (process.env.FUZZ_DEBUG) console.info(sent.method, sent.status, sent.ms, sent.bytes, sent.path.slice(0, 100), sent.sample?.slice(0, 100));
            n++;
            if (!holds(sent)) failures.push(sent);
            return holds(sent);
          }),
          { seed: SEED, numRuns: RUNS * cases.length, endOnFailure: true, verbose: false },
        ).catch((error: Error) => {
          if (process.env.FUZZ_DEBUG) console.info(error.message);
          // Keep walking: one report lists every route that failed (the answers that broke the rule are in it).
          if (!failures.some((f) => f.path.startsWith(path))) {
            const cause = error.message.split("\n").find((l) => /error|Error/.test(l) && !l.includes("Property failed")) ?? "";
            failures.push({ method: "property", path: `${route.path}: ${cause.slice(0, 300)}`, role, status: 0, bytes: 0, ms: 0 });
          }
        });
        await stillAnswers();
      }
      expect(n).toBeGreaterThanOrEqual(routes.length);
      console.info(`fuzzer as ${role}: ${n} requests`);
      expect(failures, `seed ${SEED}: ${JSON.stringify(failures, null, 1)}`).toEqual([]);
    }, 600_000);
  }
});
