// One request, one read of the session: Remix hands the root and the route loader different copies of a
// document request, and the request's scope (server.ts runs every request in one) is what they share.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getActor } from "../../app/server/auth.server";
import { db } from "../../app/server/connections.server";
import { newRequestScope, runInRequestScope } from "../../app/server/request-scope.server";
import { createMember } from "../support/factories";
import { pageHandler, requestPage } from "../support/page-queries";
import { getRequest, postRequest } from "../support/requests";
import { loadBuild } from "../support/route-walk";

/** A copy of a request, as Remix makes for each loader (stripping `?index` and `_data`). */
const copyOf = (request: Request) => new Request(request.url, { method: request.method, headers: request.headers, body: request.method === "GET" ? undefined : "x" });

describe("the request scope", () => {
  it("counts every query sent while it runs, and none outside it", async () => {
    const scope = newRequestScope();
    await runInRequestScope(async () => {
      await sql`SELECT 1`.execute(db());
      await Promise.all([sql`SELECT 2`.execute(db()), db().selectFrom("themes").select("id").execute()]);
    }, scope);
    await sql`SELECT 3`.execute(db());
    expect(scope.queries).toBe(3);
  });

  it("reads a GET's session once for all its copies, together or one after the other", async () => {
    const member = await createMember("startup");
    const request = getRequest("/my/overview", member.cookie);
    const once = newRequestScope();
    const [a, b] = await runInRequestScope(() => Promise.all([getActor(copyOf(request)), getActor(copyOf(request))]), once);
    expect(a?.user.id).toBe(member.user.id);
    expect(b).toBe(a);
    expect(once.queries).toBeGreaterThan(0);
    const separately = newRequestScope();
    await runInRequestScope(async () => {
      await getActor(copyOf(request));
      await getActor(copyOf(request));
    }, separately);
    expect(separately.queries).toBe(once.queries);
  });

  it("never shares a POST's session between copies: an action may sign in, sign out or switch organisation first", async () => {
    const member = await createMember("startup");
    const request = postRequest("/my/overview", {}, member.cookie);
    const scope = newRequestScope();
    const [a, b] = await runInRequestScope(() => Promise.all([getActor(copyOf(request)), getActor(copyOf(request))]), scope);
    expect(a?.user.id).toBe(member.user.id);
    expect(b).not.toBe(a);
  });
});

describe("the request scope through the production build", () => {
  // The build bundles its own copy of request-scope.server.ts: the scope server.ts (or a test) opens with
  // the source module must be the one the build's loaders see.
  it("is the caller's: the root and the route read a document request's session once, and its queries are counted there", async () => {
    const handler = pageHandler(await loadBuild());
    const member = await createMember("startup");
    const page = await requestPage(handler, "/my/overview", member.cookie, { record: true });
    expect(page.status).toBe(200);
    expect(page.recorded.filter((q) => /from "sessions"/.test(q.sql))).toHaveLength(1);
    expect(page.queries).toBe(page.recorded.length);
  });

  it("keeps each query's SQL and parameters only when asked to", async () => {
    const member = await createMember("startup");
    const recording = newRequestScope({ record: true });
    await runInRequestScope(() => db().selectFrom("memberships").select("org_id").where("user_id", "=", member.user.id).execute(), recording);
    expect(recording.recorded).toEqual([expect.objectContaining({ sql: expect.stringMatching(/from "memberships" where "user_id" = \$1/), parameters: [member.user.id] })]);
    const counting = newRequestScope();
    await runInRequestScope(() => db().selectFrom("memberships").select("org_id").execute(), counting);
    expect(counting).toEqual({ memo: new Map(), queries: 1 });
  });
});
