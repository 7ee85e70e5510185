// /api/openapi.json (decision 038): a valid OpenAPI 3.1 document that covers every /api route of the build,
// and every real answer of every endpoint — public and organisation, successes and refusals — matches the
// schema the document gives for its path and status (ajv, JSON Schema 2020-12, objects closed).
process.env.API_RATE_LIMIT = "6";
import { compileErrors, validate } from "@readme/openapi-parser";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { TEST_EVENT, WEBHOOK_EVENTS } from "../../app/lib/webhook-events";
import { requireApiToken } from "../../app/server/api/bearer.server";
import { seedApiWorld, tokenFor, WORLD_ORGS, type ApiWorld } from "../support/api-world";
import { loadBuild, manifestRoutes } from "../support/route-walk";
import { useAppServer } from "../support/server";

const web = useAppServer();
let world: ApiWorld;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let doc: any;
let ajv: InstanceType<typeof Ajv2020>;
/** Every (path, status) answered for real and checked, to compare with what the document promises. */
const checked = new Set<string>();

beforeAll(async () => {
  world = await seedApiWorld();
  const res = await fetch(`${web.app.url}/api/openapi.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  doc = await res.json();
  // strict off: the document is an OpenAPI object around the schemas, whose other keywords ajv does not know.
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(doc, "openapi");
});

const pointer = (path: string, status: number) =>
  `openapi#/paths/${path.replace(/~/g, "~0").replace(/\//g, "~1")}/get/responses/${status}/content/application~1json/schema`;

async function check(path: string, res: Response) {
  const body: unknown = await res.json();
  const route = new URL(path, "http://x").pathname;
  expect(doc.paths[route]?.get?.responses?.[res.status], `${route} documents ${res.status}`).toBeDefined();
  const ok = ajv.validate({ $ref: pointer(route, res.status) }, body);
  expect(ok ? [] : ajv.errors, `${path} → ${res.status}`).toEqual([]);
  checked.add(`${route} ${res.status}`);
  return body;
}

const get = (path: string, token?: string) => fetch(`${web.app.url}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
const ORG_PATHS = ["/api/org/challenges", "/api/org/proposals", "/api/org/scores", "/api/org/pilots"];

describe("the document", () => {
  it("is valid OpenAPI 3.1", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const result = await validate(structuredClone(doc));
    expect(result.valid ? "" : compileErrors(result)).toBe("");
  });

  it("describes every /api route of the build, and the organisation's with the bearer scheme", async () => {
    const routes = manifestRoutes(await loadBuild()).map((r) => r.path).filter((p) => p.startsWith("/api/") && p !== "/api/openapi.json");
    expect(Object.keys(doc.paths).sort()).toEqual(routes.sort());
    expect(doc.components.securitySchemes.organisationToken).toMatchObject({ type: "http", scheme: "bearer" });
    for (const path of ORG_PATHS) expect(doc.paths[path].get.security).toEqual([{ organisationToken: ["read"] }]);
  });

  it("describes the body of every webhook event, and the test event (checked against real deliveries in webhooks.test.ts)", () => {
    expect(Object.keys(doc.webhooks).sort()).toEqual([...WEBHOOK_EVENTS, TEST_EVENT].sort());
    for (const event of Object.keys(doc.webhooks)) {
      expect(doc.webhooks[event].post.parameters.map((p: { name: string }) => p.name)).toEqual(["Webhook-Id", "Webhook-Timestamp", "Webhook-Signature"]);
    }
  });
});

describe("every real answer matches the document", () => {
  it("the public API: pages and 400s", async () => {
    const challenges = (await check("/api/challenges", await get("/api/challenges?pageSize=100"))) as { data: unknown[] };
    expect(challenges.data.length).toBeGreaterThan(0);
    await check("/api/challenges", await get("/api/challenges?pageSize=0"));
    const pilots = (await check("/api/pilots", await get("/api/pilots"))) as { data: unknown[] };
    expect(pilots).toMatchObject({ page: 1 });
    await check("/api/pilots", await get("/api/pilots?status=sideways"));
  });

  it("the organisation API: each organisation's pages, 400, 401 and 429", async () => {
    for (const org of WORLD_ORGS) {
      for (const path of ORG_PATHS) await check(path, await get(`${path}?pageSize=100`, world.tokens[org]));
    }
    for (const path of ORG_PATHS) {
      const { token } = await tokenFor(world.orgId.bodyA);
      await check(path, await get(`${path}?page=0`, token));
      await check(path, await get(path));
      await check(path, await get(path, "cic_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
      // The token's minute used up: 6 answered, the next refused.
      for (let i = 0; i < 5; i++) await (await get(path, token)).arrayBuffer();
      const throttled = await get(path, token);
      expect(throttled.status).toBe(429);
      await check(path, throttled);
    }
    // Non-empty answers were checked, not only empty pages.
    const rows = (await (await get("/api/org/scores", world.tokens.bodyA)).json()) as { data: unknown[] };
    expect(rows.data.length).toBe(2);
  });

  it("the gate's 403 (a read token where write is needed)", async () => {
    const { token } = await tokenFor(world.orgId.startupA, "read");
    const refused = (await requireApiToken(new Request(`${web.app.url}/api/org/pilots`, { headers: { Authorization: `Bearer ${token}` } }), "write").catch((e: unknown) => e)) as Response;
    expect(refused.status).toBe(403);
    for (const path of ORG_PATHS) await check(path, refused.clone());
  });

  it("would catch an answer that drifted: an extra field (personal data, say) or a wrong type fails", async () => {
    const page = (await (await get("/api/org/proposals", world.tokens.bodyA)).json()) as { data: Record<string, unknown>[] };
    expect(page.data.length).toBeGreaterThan(0);
    const schema = { $ref: pointer("/api/org/proposals", 200) };
    expect(ajv.validate(schema, page)).toBe(true);
    expect(ajv.validate(schema, { ...page, data: [{ ...page.data[0], submitted_by_email: "someone@example.org" }] })).toBe(false);
    expect(ajv.validate(schema, { ...page, data: [{ ...page.data[0], submitted_at: "yesterday" }] })).toBe(false);
  });

  it("left no documented answer unchecked", () => {
    const documented = Object.entries(doc.paths as Record<string, { get: { responses: Record<string, unknown> } }>)
      .flatMap(([path, item]) => Object.keys(item.get.responses).map((status) => `${path} ${status}`));
    expect([...checked].sort()).toEqual(documented.sort());
  });
});
