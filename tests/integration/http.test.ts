// The whole web stack over real HTTP: CSRF, request limits, security headers, and what a route's data
// request reveals. Runs the production build (npm test builds it first).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGN_IN_LIMITS } from "../../app/server/sign-in-throttle.server";
import { createChallenge, createMember, createUser, PASSWORD } from "../support/factories";
import { expectThrottledPage, startAppServer } from "../support/server";

let app: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(async () => {
  await app?.close();
});

function post(path: string, body: string, headers: Record<string, string>) {
  return fetch(`${app.url}${path}`, { method: "POST", body, headers, redirect: "manual" });
}

describe("CSRF: the Origin header", () => {
  const form = { "Content-Type": "application/x-www-form-urlencoded" };
  it("refuses a POST with no Origin (403)", async () => {
    expect((await post("/sign-in", "email=a%40b.org&password=x", form)).status).toBe(403);
  });
  it("refuses a POST from a foreign origin (403)", async () => {
    expect((await post("/sign-in", "email=a%40b.org&password=x", { ...form, Origin: "https://evil.example" })).status).toBe(403);
  });
  it("accepts a POST from this site", async () => {
    const res = await post("/sign-in", "email=a%40b.org&password=wrong-password", { ...form, Origin: app.url });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Enter a correct email address and password");
  });
});

describe("malformed and oversized requests", () => {
  it("answers 413 to a body over 4 MB", async () => {
    const res = await post("/sign-in", "x=" + "a".repeat(4 * 1024 * 1024 + 10), { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url });
    expect(res.status).toBe(413);
  });
  it("answers 400 to a body that is not a form", async () => {
    const res = await post("/sign-in", "{\"email\":1}", { "Content-Type": "application/json", Origin: app.url });
    expect(res.status).toBe(400);
  });
  it("answers 400 to a broken multipart body", async () => {
    const res = await post("/sign-up", "--xx\r\nnonsense", { "Content-Type": "multipart/form-data; boundary=yy", Origin: app.url });
    expect(res.status).toBe(400);
  });
  it("answers 404, not 500, to a malformed id", async () => {
    expect((await fetch(`${app.url}/challenges/'%20OR%201=1`)).status).toBe(404);
    expect((await fetch(`${app.url}/my/proposals/123`, { redirect: "manual" })).status).toBe(302);
  });
});

describe("headers", () => {
  it("sends a nonce-based CSP and the other security headers on pages and errors", async () => {
    for (const path of ["/", "/does-not-exist"]) {
      const res = await fetch(`${app.url}${path}`);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
      const html = await res.text();
      // Every inline script carries the nonce.
      const scripts = html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
    }
  });

  it("marks signed-in pages no-store", async () => {
    const m = await createMember("startup");
    const res = await fetch(`${app.url}/my/proposals`, { headers: { Cookie: m.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });
});

describe("route data requests", () => {
  it("a draft challenge's data request answers 404 with none of its content", async () => {
    const owner = await createMember("public_body");
    const stranger = await createMember("startup");
    const draft = await createChallenge(owner.orgId, { status: "draft", title: "Hidden reorganisation plan" });
    for (const headers of [{}, { Cookie: stranger.cookie }] as Record<string, string>[]) {
      const data = await fetch(`${app.url}/challenges/${draft.id}?_data=routes/challenges.$id._index`, { headers });
      expect(data.status).toBe(404);
      expect(await data.text()).not.toContain("Hidden reorganisation plan");
      const page = await fetch(`${app.url}/challenges/${draft.id}`, { headers });
      expect(page.status).toBe(404);
      const html = await page.text();
      expect(html).toContain("Page not found");
      expect(html).not.toContain("Hidden reorganisation plan");
    }
    const own = await fetch(`${app.url}/challenges/${draft.id}?_data=routes/challenges.$id._index`, { headers: { Cookie: owner.cookie } });
    expect(own.status).toBe(200);
  });
});

describe("throttled pages (429)", () => {
  it("a throttled sign-in answers its HTML page with Retry-After, as its data request does", async () => {
    const user = await createUser({ twoFactor: false });
    const form = { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url };
    const fields = (password: string) => new URLSearchParams({ email: user.email, password }).toString();
    for (let i = 0; i < SIGN_IN_LIMITS.perAccountAndIp.points; i++) expect((await post("/sign-in", fields(`wrong ${i}`), form)).status).toBe(400);
    await expectThrottledPage(await post("/sign-in", fields(PASSWORD), form), /Too many failed sign-in attempts/);
    const data = await post("/sign-in?_data=routes%2Fsign-in", fields(PASSWORD), form);
    expect(data.status).toBe(429);
    expect(Number(data.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
