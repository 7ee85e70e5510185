// Organisation API tokens and the /api/org/* reads (decision 038), through the built server: a token is made
// by an administrator and shown once, only its hash is stored, it reads its own organisation's data and never
// another's, a revoked, unknown or malformed one is refused with 401, a read token cannot pass a write gate,
// and each token is throttled across concurrent requests.
process.env.API_RATE_LIMIT = "25";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { requireApiToken } from "../../app/server/api/bearer.server";
import { apiTokenHash, generateApiToken } from "../../app/server/api/tokens.server";
import { db } from "../../app/server/connections.server";
import { env } from "../../app/server/env.server";
import { seedApiWorld, tokenFor, WORLD_ORGS, type ApiWorld, type WorldOrg } from "../support/api-world";
import { createMember } from "../support/factories";
import { useAppServer } from "../support/server";

const web = useAppServer();
let world: ApiWorld;

beforeAll(async () => {
  expect(env().API_RATE_LIMIT).toBe(25);
  world = await seedApiWorld();
});

const ENDPOINTS = ["challenges", "proposals", "scores", "pilots"] as const;
type Endpoint = (typeof ENDPOINTS)[number];

function api(path: string, headers: Record<string, string> = {}) {
  return fetch(`${web.app.url}${path}`, { headers, redirect: "manual" });
}
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function readAll(endpoint: Endpoint, token: string) {
  const res = await api(`/api/org/${endpoint}?pageSize=100`, bearer(token));
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: Record<string, string>[] }).data;
}

describe("making, showing and revoking a token on the organisation's page", () => {
  it("shows the token once, stores only its hash, and stops it at once when revoked, each step audited", async () => {
    const admin = world.members.bodyA;
    const page = `/organisations/${admin.orgId}/api-tokens`;
    const made = await web.http.post(page, { intent: "create", name: "Data warehouse", scope: "read" }, admin.cookie);
    expect(made.status).toBe(200);
    expect(made.headers.get("cache-control")).toBe("no-store");
    const token = /cic_[a-z2-7]{32}/.exec(await made.text())?.[0];
    expect(token).toBeDefined();

    // At rest: a hash, and the token in no column of any row.
    const row = await db().selectFrom("api_tokens").selectAll().where("name", "=", "Data warehouse").executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(apiTokenHash(token!));
    expect(JSON.stringify(row)).not.toContain(token!.slice(4));
    const events = await db().selectFrom("audit_events").select(["action", "detail", "actor_user_id"]).where("action", "like", "organisation.api_token%").where("subject_id", "=", admin.orgId).execute();
    expect(events).toEqual([{ action: "organisation.api_token_created", detail: { tokenId: row.id, scope: "read" }, actor_user_id: admin.user.id }]);
    expect(JSON.stringify(await db().selectFrom("audit_events").select("detail").execute())).not.toContain(token!);

    // Shown once: the page lists it by name, never the token.
    const listed = await web.http.get(page, admin.cookie);
    const html = await listed.text();
    expect(html).toContain("Data warehouse");
    expect(html).not.toContain(token!);

    const works = await api("/api/org/challenges", bearer(token!));
    expect(works.status).toBe(200);
    expect((await db().selectFrom("api_tokens").select("last_used_at").where("id", "=", row.id).executeTakeFirstOrThrow()).last_used_at).not.toBeNull();

    const revoked = await web.http.post(page, { intent: "revoke", tokenId: row.id }, admin.cookie);
    expect(revoked.status).toBe(302);
    const after = await api("/api/org/challenges", bearer(token!));
    expect(after.status).toBe(401);
    expect(after.headers.get("www-authenticate")).toMatch(/^Bearer realm="civic-api", error="invalid_token"/);
    const row2 = await db().selectFrom("api_tokens").select(["revoked_at", "revoked_by"]).where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(row2.revoked_by).toBe(admin.user.id);
    // Revoking again changes nothing and records nothing more.
    expect((await web.http.post(page, { intent: "revoke", tokenId: row.id }, admin.cookie)).status).toBe(302);
    const actions = (await db().selectFrom("audit_events").select("action").where("action", "like", "organisation.api_token%").where("subject_id", "=", admin.orgId).execute()).map((e) => e.action);
    expect(actions.sort()).toEqual(["organisation.api_token_created", "organisation.api_token_revoked"]);
  });

  it("refuses a blank name or no scope next to the fields, making nothing", async () => {
    const admin = world.members.bodyB;
    const res = await web.http.post(`/organisations/${admin.orgId}/api-tokens`, { intent: "create", name: " " }, admin.cookie);
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain("Enter a name for the token");
    expect(body).toContain("Select what the token may do");
    expect(await db().selectFrom("api_tokens").select("id").where("org_id", "=", admin.orgId).where("name", "!=", "Test token").execute()).toEqual([]);
  });

  it("does not let one organisation's administrator revoke another's token", async () => {
    const other = await tokenFor(world.orgId.bodyB);
    const res = await web.http.post(`/organisations/${world.orgId.bodyA}/api-tokens`, { intent: "revoke", tokenId: other.id }, world.members.bodyA.cookie);
    expect(res.status).toBe(404);
    expect((await api("/api/org/challenges", bearer(other.token))).status).toBe(200);
  });
});

describe("the bearer gate", () => {
  it.each([
    ["no Authorization header", {}],
    ["a session cookie and no token (cookies are never read)", "cookie"],
    ["a malformed token", bearer("not a token")],
    ["a well-formed token nobody was given", bearer(generateApiToken())],
    ["another scheme", { Authorization: `Basic ${Buffer.from("a:b").toString("base64")}` }],
  ] as const)("answers 401 JSON with WWW-Authenticate to %s", async (_, headers) => {
    const res = await api("/api/org/proposals", headers === "cookie" ? { Cookie: world.members.bodyA.cookie } : headers);
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer realm="civic-api"/);
    expect(await res.json()).toEqual({ error: expect.any(String) });
  });

  it("lets a write token read, and refuses a read token where write is needed (403, insufficient_scope)", async () => {
    const write = await tokenFor(world.orgId.startupA, "write");
    expect((await api("/api/org/proposals", bearer(write.token))).status).toBe(200);
    const read = await tokenFor(world.orgId.startupA, "read");
    const request = (token: string) => new Request("http://127.0.0.1/api/org/anything", { headers: bearer(token) });
    await expect(requireApiToken(request(write.token), "write")).resolves.toMatchObject({ orgId: world.orgId.startupA, scope: "write" });
    const refused = await requireApiToken(request(read.token), "write").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);
    expect((refused as Response).headers.get("www-authenticate")).toContain('error="insufficient_scope", scope="write"');
  });

  it("answers 400 JSON to a bad page, once the token is good", async () => {
    const res = await api("/api/org/pilots?pageSize=1000", bearer(world.tokens.bodyB));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: expect.any(String) });
  });
});

describe("a token reads its own organisation's data and nothing else", () => {
  /** What the interface lets each organisation read, from the world as seeded: the ids the API may answer. */
  async function visible(org: WorldOrg, endpoint: Endpoint): Promise<Set<string>> {
    const orgId = world.orgId[org];
    const d = db();
    if (endpoint === "challenges") return new Set((await d.selectFrom("challenges").select("id").where("org_id", "=", orgId).execute()).map((r) => r.id));
    if (endpoint === "pilots") {
      const rows = await d.selectFrom("pilots").innerJoin("teams", "teams.id", "pilots.team_id").select("pilots.id")
        .where((eb) => eb.or([eb("teams.public_org_id", "=", orgId), eb("teams.startup_org_id", "=", orgId), eb("teams.corporate_org_id", "=", orgId)])).execute();
      return new Set(rows.map((r) => r.id));
    }
    const rows = await d.selectFrom("proposals").innerJoin("challenges", "challenges.id", "proposals.challenge_id")
      .select(["proposals.id", "proposals.org_id", "proposals.status", "challenges.org_id as owner", "challenges.closes_at", "challenges.feedback_released_at"]).execute();
    return new Set(rows.filter((r) => {
      const toOwn = r.owner === orgId && r.closes_at <= new Date() && !["draft", "withdrawn"].includes(r.status);
      if (endpoint === "proposals") return r.org_id === orgId || toOwn;
      return r.feedback_released_at !== null && (r.org_id === orgId || toOwn);
    }).map((r) => r.id));
  }
  const idOf = (endpoint: Endpoint, row: Record<string, string>) => (endpoint === "scores" ? row.proposal_id! : row.id!);

  it("for every organisation and endpoint, answers exactly what its members may read", async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...WORLD_ORGS), fc.constantFrom(...ENDPOINTS), async (org, endpoint) => {
      const rows = await readAll(endpoint, world.tokens[org]);
      expect(new Set(rows.map((r) => idOf(endpoint, r)))).toEqual(await visible(org, endpoint));
    }), { numRuns: 20 });
  });

  it("never names a proposal that is sealed, a draft of another organisation, or a rival's score", async () => {
    const bodyA = (await readAll("proposals", world.tokens.bodyA)).map((p) => p.title);
    expect(bodyA).toEqual(expect.arrayContaining(["Start-up A to the closed call", "Start-up B to the closed call"]));
    expect(bodyA).not.toContain("Start-up A to the open call"); // before its deadline the owner only counts it
    expect(bodyA).not.toContain("An unsent draft");
    const open = (await readAll("challenges", world.tokens.bodyA)).find((c) => c.id === world.challenges.openA)!;
    expect(open.submitted_proposals).toBe(1);
    const startupA = await readAll("scores", world.tokens.startupA);
    expect(startupA.map((s) => s.proposal_title)).toEqual(["Start-up A to the closed call"]);
    expect(startupA[0]).toMatchObject({ rank: 1, ranked: 2, relation: "own" });
    expect(await readAll("scores", world.tokens.bodyB)).toEqual([]);
  });

  it("pages through the same rows", async () => {
    const all = await readAll("proposals", world.tokens.bodyA);
    const pages = [];
    for (let page = 1; page <= all.length; page++) {
      const res = await api(`/api/org/proposals?pageSize=1&page=${page}`, bearer(world.tokens.bodyA));
      const body = (await res.json()) as { data: { id: string }[]; total: number; pageCount: number };
      expect(body).toMatchObject({ total: all.length, pageCount: all.length });
      pages.push(...body.data.map((p) => p.id));
    }
    expect(pages).toEqual(all.map((p) => p.id));
  });
});

describe("the per-token throttle", () => {
  it("lets exactly API_RATE_LIMIT of a burst of concurrent requests through, refuses the rest with 429 and Retry-After, and leaves other tokens alone", async () => {
    const member = await createMember("startup");
    const busy = await tokenFor(member.orgId);
    const calm = await tokenFor(member.orgId);
    const answers = await Promise.all(Array.from({ length: 40 }, () => api("/api/org/challenges", bearer(busy.token))));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(25);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    const limited = answers.find((r) => r.status === 429)!;
    const wait = Number(limited.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await limited.json()).toEqual({ error: expect.stringMatching(/Too many requests/) });
    await Promise.all(answers.filter((r) => !r.bodyUsed).map((r) => r.body?.cancel()));
    expect((await api("/api/org/challenges", bearer(calm.token))).status).toBe(200);
  });
});
