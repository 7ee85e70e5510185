// The site's own committed files in public/, served by the production server over HTTP: the favicon, the
// web manifest and its icons, robots.txt and /.well-known/security.txt (a dotfile folder, which
// express.static refuses unless it is mounted on its own), each with the right content type.
import { readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { useAppServer } from "../support/server";

const ctx = useAppServer();

async function get(path: string) {
  const res = await fetch(`${ctx.app.url}${path}`, { redirect: "manual" });
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: Buffer.from(await res.arrayBuffer()) };
}

/** RFC 9116 fields: `Name: value` lines, comments and blank lines left out. */
function fields(text: string): [string, string][] {
  return text.split(/\r?\n/).filter((l) => l && !l.startsWith("#")).map((l) => {
    const at = l.indexOf(":");
    return [l.slice(0, at).trim().toLowerCase(), l.slice(at + 1).trim()];
  });
}

describe("the site's own files", () => {
  it.each([
    ["/favicon.ico", /^image\/(x-icon|vnd\.microsoft\.icon)/],
    ["/favicon.svg", /^image\/svg\+xml/],
    ["/apple-touch-icon.png", /^image\/png/],
    ["/icon-192.png", /^image\/png/],
    ["/icon-512.png", /^image\/png/],
    ["/site.webmanifest", /^application\/manifest\+json/],
    ["/robots.txt", /^text\/plain/],
    ["/.well-known/security.txt", /^text\/plain; charset=utf-8/i],
    ["/security-policy.txt", /^text\/plain/],
  ])("serves %s as %s, the committed file byte for byte", async (path, type) => {
    const res = await get(path);
    expect(res.status, path).toBe(200);
    expect(res.type, path).toMatch(type);
    expect(res.body.equals(readFileSync(`public${path}`)), `${path} is public${path}`).toBe(true);
  });

  it("compresses the GOV.UK style sheet and script, and the build's files, for a browser that accepts gzip", async () => {
    const manifest = (await readdir("public/build")).find((f) => f.startsWith("manifest-") && f.endsWith(".js"))!;
    for (const path of ["/govuk/govuk-frontend.min.css", "/govuk/govuk-frontend.min.js", `/build/${manifest}`]) {
      const res = await fetch(`${ctx.app.url}${path}`, { headers: { "Accept-Encoding": "gzip" } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-encoding"), path).toBe("gzip");
      await res.arrayBuffer();
    }
    expect((await fetch(`${ctx.app.url}/build/${manifest}`)).headers.get("cache-control")).toMatch(/immutable/);
  });

  it("serves no other dotfile, under .well-known or elsewhere", async () => {
    expect((await get("/.well-known/no-such-file")).status).toBe(404);
    expect((await get("/.gitignore")).status).toBe(404);
    expect((await get("/.env")).status).toBe(404);
  });

  it("security.txt has a mail contact, a future expiry within a year or so, and its canonical address", async () => {
    const text = (await get("/.well-known/security.txt")).body.toString("utf8");
    const f = fields(text);
    const one = (name: string) => {
      const found = f.filter(([k]) => k === name);
      expect(found, `exactly one ${name}`).toHaveLength(1);
      return found[0]![1];
    };
    expect(f.some(([k, v]) => k === "contact" && /^mailto:[^@\s]+@[^@\s]+$/.test(v))).toBe(true);
    const expires = one("expires");
    // RFC 9116: an ISO 8601 date-time; it must be in the future, and should be less than a year ahead.
    expect(expires).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const days = (Date.parse(expires) - Date.now()) / 86_400_000;
    expect(days, "Expires is in the future (renew security.txt)").toBeGreaterThan(0);
    expect(days, "Expires is about a year ahead at most").toBeLessThan(400);
    expect(one("preferred-languages")).toBe("en");
    expect(one("canonical")).toMatch(/^https:\/\/[^/]+\/\.well-known\/security\.txt$/);
    expect(one("policy")).toMatch(/^https:\/\//);
  });

  it("robots.txt lets the public pages be indexed and keeps crawlers out of the private areas", async () => {
    const text = (await get("/robots.txt")).body.toString("utf8");
    const f = fields(text);
    expect(f[0]).toEqual(["user-agent", "*"]);
    const disallowed = f.filter(([k]) => k === "disallow").map(([, v]) => v);
    for (const path of ["/my/", "/admin", "/account", "/judging", "/pilots/*/plan", "/organisations", "/attachments/"]) expect(disallowed).toContain(path);
    // Nothing public is shut out: no blanket rule, and none of the public pages match a rule.
    expect(disallowed).not.toContain("/");
    const blocked = (path: string) => disallowed.some((rule) => new RegExp(`^${rule.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^]*")}`).test(path));
    for (const path of ["/", "/challenges", "/challenges/abc", "/pilots", "/pilots/abc", "/dashboard", "/open-data", "/accessibility", "/privacy"]) {
      expect(blocked(path), path).toBe(false);
    }
    for (const path of ["/my/overview", "/admin/feedback", "/pilots/abc/plan", "/account/password"]) expect(blocked(path), path).toBe(true);
  });

  it("the web manifest names the service, starts at / and lists icons that exist", async () => {
    const manifest = JSON.parse((await get("/site.webmanifest")).body.toString("utf8")) as {
      name: string; short_name: string; start_url: string; theme_color: string; icons: { src: string; type: string }[];
    };
    expect(manifest.name).toBe("Civic Innovation Challenge");
    expect(manifest.short_name.length).toBeLessThanOrEqual(15);
    expect(manifest.start_url).toBe("/");
    expect(manifest.theme_color).toBe("#0b0c0c");
    expect(manifest.icons.length).toBeGreaterThan(0);
    for (const icon of manifest.icons) {
      const res = await get(icon.src);
      expect(res.status, icon.src).toBe(200);
      expect(res.type, icon.src).toContain(icon.type);
    }
  });

  it("every page links the favicon and the manifest", async () => {
    const html = (await get("/challenges")).body.toString("utf8");
    expect(html).toMatch(/<link rel="icon" href="\/favicon\.ico"/);
    expect(html).toMatch(/<link rel="icon" href="\/favicon\.svg"[^>]*type="image\/svg\+xml"/);
    expect(html).toMatch(/<link rel="manifest" href="\/site\.webmanifest"/);
  });
});

describe("the accessibility statement", () => {
  it("has the sections of GOV.UK's sample statement, says partially compliant with WCAG 2.2 AA, and is linked from every page's footer", async () => {
    const res = await get("/accessibility");
    expect(res.status).toBe(200);
    const html = res.body.toString("utf8");
    for (const heading of [
      "How accessible this website is", "Feedback and contact information", "Reporting accessibility problems with this website",
      "Enforcement procedure", "Technical information about this website&#x27;s accessibility", "Compliance status",
      "Non-accessible content", "Preparation of this accessibility statement",
    ]) expect(html, heading).toMatch(new RegExp(`<h[23][^>]*>${heading}</h[23]>`));
    expect(html).toContain("This website is partially compliant with the");
    expect(html).toContain("Web Content Accessibility Guidelines version 2.2</a> <!-- -->AA standard");
    expect(html).toContain("Equality and Human Rights Commission (EHRC)");
    expect(html).toContain("Equality Advisory and Support Service (EASS)");
    expect(html).toMatch(/This statement was prepared on <!-- -->1 December 2026<!-- -->. It was last reviewed on <!-- -->1 December 2026/);
    expect(html).toContain("axe-core");
    const footer = (await get("/challenges")).body.toString("utf8").split('<footer class="govuk-footer">')[1]!;
    expect(footer).toContain('href="/accessibility">Accessibility</a>');
  });
});

