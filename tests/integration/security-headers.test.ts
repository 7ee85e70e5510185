// Security headers on every kind of response the server gives (pages, errors, redirects, downloads, static
// files, resource routes), redirects that never leave the site, no personal data in the URLs the app sends
// people to, and HSTS in production only.
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "../../server";
import { db } from "../../app/server/connections.server";
import { resetEnvCache } from "../../app/server/env.server";
import { createAttachment, createChallenge, createMember, createProposal, createUser, PASSWORD } from "../support/factories";
import { loadBuild } from "../support/route-walk";
import { startAppServer } from "../support/server";

let app: Awaited<ReturnType<typeof startAppServer>>;
let member: Awaited<ReturnType<typeof createMember>>;
let attachmentId: string;
let outsider: Awaited<ReturnType<typeof createMember>>;

beforeAll(async () => {
  app = await startAppServer();
  member = await createMember("startup");
  const owner = await createMember("public_body");
  const proposal = await createProposal((await createChallenge(owner.orgId)).id, member.orgId);
  outsider = await createMember("startup");
  attachmentId = (await createAttachment({ proposalId: proposal.id }, { orgId: member.orgId, userId: member.user.id })).id;
});
afterAll(async () => {
  await app?.close();
});

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };

function get(path: string, cookie?: string) {
  return fetch(`${app.url}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
}
function post(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${app.url}${path}`, { method: "POST", body, headers: { ...FORM, Origin: app.url, ...headers }, redirect: "manual" });
}
/** A POST whose body is streamed (Transfer-Encoding: chunked), so it carries no Content-Length. */
function postChunked(path: string, body: string) {
  const bytes = new TextEncoder().encode(body);
  const stream = new ReadableStream({ start(c) { c.enqueue(bytes); c.close(); } });
  return fetch(`${app.url}${path}`, { method: "POST", body: stream, duplex: "half", headers: { ...FORM, Origin: app.url }, redirect: "manual" } as RequestInit);
}
function form(fields: Record<string, string>) {
  return new URLSearchParams(fields).toString();
}

function expectSecurityHeaders(res: Response, what: string) {
  const csp = res.headers.get("content-security-policy") ?? "";
  expect(csp, what).toMatch(/(^|;)\s*script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'\s*(;|$)/);
  const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? "";
  expect(scriptSrc, what).not.toContain("unsafe-inline");
  expect(scriptSrc, what).not.toContain("unsafe-eval");
  expect(csp, what).toMatch(/frame-ancestors 'none'/);
  expect(csp, what).toMatch(/default-src 'self'/);
  expect(csp, what).toMatch(/object-src 'none'/);
  expect(res.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(res.headers.get("referrer-policy"), what).toBe("strict-origin-when-cross-origin");
  expect(res.headers.get("x-frame-options"), what).toBe("DENY");
  expect(res.headers.get("x-powered-by"), what).toBeNull();
}

describe("security headers on every kind of response", () => {
  const cases: { name: string; status: number; send: () => Promise<Response>; type?: RegExp }[] = [
    { name: "a page", status: 200, send: () => get("/"), type: /text\/html/ },
    { name: "a signed-in page", status: 200, send: () => get("/my/proposals", member.cookie), type: /text\/html/ },
    { name: "a 404 page", status: 404, send: () => get("/no-such-page"), type: /text\/html/ },
    { name: "a 404 for an id that names nothing", status: 404, send: () => get("/challenges/00000000-0000-4000-8000-000000000000") },
    { name: "a 403 page (admin page, signed-in non-admin)", status: 403, send: () => get("/admin", member.cookie), type: /text\/html/ },
    { name: "the CSRF 403", status: 403, send: () => post("/sign-in", "email=a%40b.org", { Origin: "https://evil.example" }) },
    { name: "a 400 (a body that is not a form)", status: 400, send: () => post("/sign-in", "{}", { "Content-Type": "application/json" }) },
    { name: "a 413", status: 413, send: () => post("/sign-in", "x=" + "a".repeat(4 * 1024 * 1024 + 10)) },
    { name: "a 411 (a chunked body of unknown length)", status: 411, send: () => postChunked("/sign-in", "email=a%40b.org&password=" + "a".repeat(2 * 1024 * 1024)) },
    { name: "a redirect to sign in", status: 302, send: () => get("/my/proposals") },
    { name: "an open-data CSV download", status: 200, send: () => get("/open-data/challenges.csv"), type: /text\/csv/ },
    { name: "an open-data JSON download", status: 200, send: () => get("/open-data/challenges.json"), type: /application\/json/ },
    { name: "an attachment download", status: 200, send: () => get(`/attachments/${attachmentId}`, member.cookie), type: /application\/pdf/ },
    { name: "an attachment another start-up may not have (404)", status: 404, send: () => get(`/attachments/${attachmentId}`, outsider.cookie) },
    { name: "the personal-data export", status: 200, send: () => get("/account/export", member.cookie), type: /application\/json/ },
    { name: "the public API", status: 200, send: () => get("/api/challenges"), type: /application\/json/ },
    { name: "a static asset", status: 200, send: () => get("/assets/images/favicon.svg"), type: /image\/svg/ },
    { name: "the favicon", status: 200, send: () => get("/favicon.ico") },
    { name: "security.txt", status: 200, send: () => get("/.well-known/security.txt"), type: /text\/plain/ },
    { name: "a missing static asset", status: 404, send: () => get("/build/no-such-file.js") },
    { name: "the /healthz resource route", status: 200, send: () => get("/healthz") },
    { name: "the /livez probe", status: 200, send: () => get("/livez") },
    { name: "the /readyz probe", status: 200, send: () => get("/readyz"), type: /application\/json/ },
    { name: "/metrics with no METRICS_TOKEN configured", status: 404, send: () => get("/metrics") },
  ];

  it.each(cases)("$name ($status)", async ({ name, status, send, type }) => {
    const res = await send();
    await res.arrayBuffer();
    expect(res.status, name).toBe(status);
    if (type) expect(res.headers.get("content-type"), name).toMatch(type);
    expectSecurityHeaders(res, name);
  });

  it("uses a fresh nonce on every response", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await get("/");
      await res.arrayBuffer();
      nonces.add(/'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")![1]!);
    }
    expect(nonces.size).toBe(3);
  });

  it("marks signed-in pages, errors and redirects no-store, and leaves public data cacheable", async () => {
    for (const path of ["/my/proposals", "/", "/admin", "/no-such-page", "/sign-in"]) {
      const res = await get(path, member.cookie);
      await res.arrayBuffer();
      expect(res.headers.get("cache-control"), path).toBe("no-store");
    }
    const data = await get("/open-data/challenges.csv", member.cookie);
    await data.arrayBuffer();
    expect(data.headers.get("cache-control")).not.toBe("no-store");
  });
});

describe("redirects stay on this site", () => {
  const HOSTILE = ["//evil.example", "/\\evil.example", "javascript:alert(1)", "https://evil.example", "/%2F%2Fevil.example", "\\\\evil.example", " //evil.example"];

  it.each(HOSTILE)("signing in with redirectTo=%j lands on our own path", async (redirectTo) => {
    const user = await createUser({ twoFactor: false });
    const res = await post("/sign-in", form({ email: user.email, password: PASSWORD, redirectTo }));
    expect(res.status).toBe(302);
    const location = res.headers.get("location") ?? "";
    expect(location).toMatch(/^\/(?![/\\])/);
    expect(new URL(location, app.url).origin).toBe(app.url);
    expectSecurityHeaders(res, `sign-in redirect for ${redirectTo}`);
  });

  it.each(HOSTILE)("the sign-in page, already signed in, with redirectTo=%j stays on our own path", async (redirectTo) => {
    const res = await get(`/sign-in?redirectTo=${encodeURIComponent(redirectTo)}`, member.cookie);
    expect(res.status).toBe(302);
    const location = res.headers.get("location") ?? "";
    expect(location).toMatch(/^\/(?![/\\])/);
    expect(new URL(location, app.url).origin).toBe(app.url);
  });

  it("keeps a legitimate redirectTo", async () => {
    const user = await createUser({ twoFactor: false });
    const res = await post("/sign-in", form({ email: user.email, password: PASSWORD, redirectTo: "/challenges?theme=climate" }));
    expect(res.headers.get("location")).toBe("/challenges?theme=climate");
  });
});

describe("no personal data in the URLs the app sends people to", () => {
  function expectNoPersonalData(location: string | null, person: { email: string; name: string }) {
    expect(location).toBeTruthy();
    const decoded = decodeURIComponent(location!).toLowerCase();
    expect(decoded).not.toContain("@");
    expect(decoded).not.toContain(person.email.toLowerCase());
    expect(decoded).not.toContain(person.name.toLowerCase());
    for (const part of person.name.toLowerCase().split(/\s+/).filter((p) => p.length > 3)) expect(decoded).not.toContain(part);
  }

  it("after sign-up, confirming the address, sign-in, a failed sign-in, creating an organisation and signing out", async () => {
    const person = { email: `ada.lovelace.${Date.now()}@example.org`, name: "Ada Lovelace" };
    const signUp = await post("/sign-up", form({ name: person.name, email: person.email, password: "a long enough passphrase 42" }));
    expect(signUp.status).toBe(200); // "check your email", whether or not the address has an account
    expect(signUp.headers.get("location")).toBeNull();

    const { body } = await db().selectFrom("notifications").select("body").where("to_email", "=", person.email).executeTakeFirstOrThrow();
    const link = new URL(/http\S+\/confirm-email\/\S+/.exec(body)![0]);
    const confirmed = await post(link.pathname + link.search, "");
    expect(confirmed.status).toBe(302);
    expectNoPersonalData(confirmed.headers.get("location"), person);

    const signIn = await post("/sign-in", form({ email: person.email, password: "a long enough passphrase 42" }));
    expect(signIn.status).toBe(302);
    expectNoPersonalData(signIn.headers.get("location"), person);
    const cookie = /civic_session=[^;]+/.exec(signIn.headers.get("set-cookie") ?? "")![0];

    const org = await post("/organisations/new", form({ name: "Lovelace Analytical Engines", kind: "startup" }), { Cookie: cookie });
    expect(org.status).toBe(302);
    expectNoPersonalData(org.headers.get("location"), person);

    const failed = await post("/sign-in", form({ email: person.email, password: "wrong password" }));
    expect(failed.status).toBe(400);
    expect(failed.headers.get("location")).toBeNull();

    const signOut = await post("/sign-out", "", { Cookie: cookie });
    expect(signOut.status).toBe(302);
    expectNoPersonalData(signOut.headers.get("location"), person);
  });

  it("sending a visitor to sign in carries only the path they asked for", async () => {
    const res = await get("/my/proposals?page=2");
    expect(res.headers.get("location")).toBe(`/sign-in?redirectTo=${encodeURIComponent("/my/proposals?page=2")}`);
  });
});

describe("HSTS", () => {
  it("is not sent outside production", async () => {
    const res = await get("/");
    await res.arrayBuffer();
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });

  it("is sent in production, with upgrade-insecure-requests in the CSP", async () => {
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    // Production refuses to start without its own key for second-factor secrets, and with the tests' own
    // permission for webhooks to loopback addresses (decision 039).
    process.env.TOTP_ENCRYPTION_KEY = Buffer.alloc(32, 3).toString("base64");
    const loopback = process.env.WEBHOOKS_ALLOW_LOOPBACK;
    delete process.env.WEBHOOKS_ALLOW_LOOPBACK;
    resetEnvCache();
    let server: ReturnType<Awaited<ReturnType<typeof createServer>>["app"]["listen"]> | undefined;
    try {
      const { app: prod } = await createServer(await loadBuild());
      server = prod.listen(0, "127.0.0.1");
      await new Promise((resolve) => server!.once("listening", resolve));
      const { port } = server.address() as AddressInfo;
      for (const path of ["/", "/healthz", "/no-such-page", "/open-data/challenges.csv"]) {
        const res = await fetch(`http://127.0.0.1:${port}${path}`, { redirect: "manual" });
        await res.arrayBuffer();
        expect(res.headers.get("strict-transport-security"), path).toBe("max-age=31536000; includeSubDomains");
        expect(res.headers.get("content-security-policy"), path).toContain("upgrade-insecure-requests");
        expectSecurityHeaders(res, `production ${path}`);
      }
    } finally {
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      process.env.NODE_ENV = saved;
      delete process.env.TOTP_ENCRYPTION_KEY;
      if (loopback !== undefined) process.env.WEBHOOKS_ALLOW_LOOPBACK = loopback;
      resetEnvCache();
    }
  });
});
