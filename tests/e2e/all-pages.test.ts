// Every page in Chromium as every demo role, with JavaScript on: the demo programme (db/seed.ts) is seeded
// into this file's database, each role gets a session, and every route of the build's manifest is opened
// with URL parameters filled from the seeded rows. A page fails on an uncaught error, a console error, a
// React hydration warning, the error page, or an axe-core violation; every failure of every page is
// reported together. A route that no role can open and that is not in SKIPPED below fails the walk, so a
// new route is never silently left out.
import type { Browser, ConsoleMessage, Page } from "playwright-core";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { createInvitation } from "../../app/server/judging/invitations.server";
import { seedDemo } from "../../db/seed";
import { axeViolations, newPage } from "../support/browser";
import { useBrowserApp } from "../support/e2e";
import { generateSessionToken, sessionIdFromToken } from "../../app/server/session.server";
import { createUser, secondFactorColumns, sessionCookieFor } from "../support/factories";
import { loadBuild, manifestRoutes, type WalkRoute } from "../support/route-walk";

const ctx = useBrowserApp();

/**
 * Routes the browser walk does not open, each with its reason. Only resource routes (no page component:
 * downloads, JSON, redirects, sign-out) belong here; the walk checks that each is one.
 */
const SKIPPED: Record<string, string> = {
  "/account/export": "JSON download of the user's own data",
  "/api/challenges": "public JSON API",
  "/api/pilots": "public JSON API",
  "/attachments/:id": "file download",
  "/challenges/:id/apply": "action only; a GET is sent back to the challenge page",
  "/healthz": "health check for the load balancer",
  "/open-data/:file": "CSV download",
  "/sign-out": "action only; a GET would sign the walker out",
};

type Role = "visitor" | "startup" | "owner" | "corporate" | "judge" | "admin" | "pending" | "unconfirmed";

interface Cast {
  cookies: Record<Role, string | undefined>;
  /** Concrete paths for a route pattern as a role would open them (a sample of the seeded ids). */
  paths: (pattern: string, role: Role) => string[];
}

/**
 * The demo programme, and what it lacks for a walk: a judge invitation (its token is shown only once) and a
 * pilot (the demo stops at judging): a team formed on the judged challenge, as the pairing job and both
 * partners' acceptance leave it, with an approved plan, a milestone, a KPI and a measurement.
 */
async function seedCast(): Promise<Cast> {
  await seedDemo(db());
  const user = async (email: string) => (await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  const org = async (name: string) => (await db().selectFrom("organisations").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
  const challenge = async (title: string) => (await db().selectFrom("challenges").select("id").where("title", "=", title).executeTakeFirstOrThrow()).id;
  const proposalOf = async (challengeId: string, orgId: string) =>
    (await db().selectFrom("proposals").select("id").where("challenge_id", "=", challengeId).where("org_id", "=", orgId).executeTakeFirstOrThrow()).id;

  // The owner is the City Transport Authority: an open challenge with a sponsorship offer waiting, an
  // upcoming one, and the judged challenge (every review in, two accepted sponsors).
  const owner = { user: await user("transport@cta.example"), org: await org("City Transport Authority") };
  const startup = { user: await user("founder@greenroute.example"), org: await org("GreenRoute Mobility") };
  const corporate = { user: await user("startups@meridian.example"), org: await org("Meridian Cloud Services") };
  const judge = await user("judge.haddad@judges.example");
  const admin = await user("admin@programme.example");
  // The admin and the judge have set up their authenticator app (the demo leaves that to their first sign-in).
  await db().updateTable("users").set(secondFactorColumns()).where("id", "in", [judge, admin]).execute();

  const judged = await challenge("Affordable journeys to work");
  const open = await challenge("Zero-emission last-mile deliveries");
  const upcoming = await challenge("Confident travel for older passengers");
  const openWithSponsor = await challenge("Cleaner air around primary schools");
  const closed = await challenge("Closing the gap in childhood vaccination");

  const proposals = {
    draft: await proposalOf(openWithSponsor, startup.org),
    submitted: await proposalOf(open, startup.org),
    underReview: await proposalOf(judged, startup.org),
  };
  const sponsorships = await db().selectFrom("sponsorships").select(["id", "challenge_id"]).where("org_id", "=", corporate.org).orderBy("status").execute();
  const teamSponsorship = sponsorships.find((s) => s.challenge_id === judged)!.id;
  const review = await db().selectFrom("reviews").innerJoin("judges", "judges.id", "reviews.judge_id").select("reviews.id")
    .where("judges.user_id", "=", judge).where("reviews.challenge_id", "=", judged).orderBy("reviews.id").executeTakeFirstOrThrow();

  const { token } = await createInvitation({ challengeId: judged, email: "new.judge@judges.example", invitedBy: owner.user });
  const factors = { score: 0.4, preferences: 0.2, needs: 0.2, readiness: 0.1, area: 0.1 };
  const pairing = await db().insertInto("pairings").values({
    challenge_id: judged, proposal_id: proposals.underReview, sponsorship_id: teamSponsorship, fit: 0.74,
    explanation: sql`cast(${JSON.stringify({ factors, shares: factors })}::text as jsonb)`,
    status: "team", startup_response: "accepted", sponsor_response: "accepted",
  }).returning("id").executeTakeFirstOrThrow();
  const team = await db().insertInto("teams").values({
    challenge_id: judged, pairing_id: pairing.id, proposal_id: proposals.underReview,
    public_org_id: owner.org, startup_org_id: startup.org, corporate_org_id: corporate.org,
  }).returning("id").executeTakeFirstOrThrow();
  const DAY = 86_400_000;
  const pilot = await db().insertInto("pilots").values({
    team_id: team.id, title: "Shared e-bikes for night shifts", status: "approved", budget_gbp: 40_000,
    starts_on: new Date(Date.now() - 30 * DAY), ends_on: new Date(Date.now() + 60 * DAY), approved_at: new Date(), approved_by: owner.user,
  }).returning("id").executeTakeFirstOrThrow();
  const isoDay = (d: number) => new Date(Date.now() + d * DAY).toISOString().slice(0, 10);
  await db().insertInto("milestones").values([
    { pilot_id: pilot.id, title: "Bikes at the first two depots", due_on: isoDay(-10), owner_org_id: startup.org, status: "done", done_on: isoDay(-12), evidence: "Photos and the depot log." },
    { pilot_id: pilot.id, title: "Night-shift survey", due_on: isoDay(20), owner_org_id: owner.org },
  ]).execute();
  const kpi = await db().insertInto("kpis").values({
    pilot_id: pilot.id, name: "Night-shift workers using the bikes", unit: "people", baseline: 0, target: 200, direction: "higher", frequency: "monthly",
  }).returning("id").executeTakeFirstOrThrow();
  await db().insertInto("measurements").values({ kpi_id: kpi.id, measured_on: isoDay(-2), value: 64, recorded_by: startup.user }).execute();

  // Someone who signed up and has not opened the link sent to them yet, and that link.
  const unconfirmed = await createUser({ confirmed: false, twoFactor: false });
  const confirmationToken = generateSessionToken();
  await db().insertInto("email_tokens").values({
    user_id: unconfirmed.id, email: unconfirmed.email, token_hash: sessionIdFromToken(confirmationToken), expires_at: new Date(Date.now() + 86_400_000),
  }).execute();

  const cookies: Cast["cookies"] = {
    visitor: undefined,
    startup: await sessionCookieFor(startup.user, startup.org),
    owner: await sessionCookieFor(owner.user, owner.org),
    corporate: await sessionCookieFor(corporate.user, corporate.org),
    judge: await sessionCookieFor(judge, null),
    admin: await sessionCookieFor(admin, null),
    // The admin's password was right, the second factor not given yet: the one state /sign-in/two-factor shows.
    pending: await sessionCookieFor(admin, null, { twoFactorVerified: false }),
    unconfirmed: await sessionCookieFor(unconfirmed.id, null),
  };
  const ownOrg: Partial<Record<Role, string>> = { owner: owner.org, startup: startup.org, corporate: corporate.org };

  // A sample of the seeded ids, one for each state a page shows differently: challenges open (with and
  // without a sponsor), upcoming, in judging and closed; the start-up's draft, submitted and under-review
  // proposals; the corporate's accepted and offered sponsorships; each member's own organisation. A role opens
  // those its session is given (200); the rest it is refused, which the route walk over HTTP checks.
  const samples = (pattern: string, name: string, role: Role): string[] => {
    switch (name) {
      case "id":
        if (/^\/challenges\/:id\/sponsor/.test(pattern)) return [open, openWithSponsor];
        if (pattern.startsWith("/challenges/")) return [openWithSponsor, upcoming, judged, closed];
        if (pattern === "/my/challenges/:id") return [judged, open, upcoming];
        if (pattern.startsWith("/my/challenges/")) return [judged, open];
        if (pattern.startsWith("/my/proposals/")) return [proposals.draft, proposals.submitted, proposals.underReview];
        if (pattern.startsWith("/my/sponsorships/")) return sponsorships.map((s) => s.id);
        if (pattern.startsWith("/organisations/")) return [ownOrg[role] ?? owner.org];
        if (pattern.startsWith("/pilots/")) return [pilot.id];
        break;
      case "proposalId":
        return [proposals.underReview];
      case "challengeId":
        return [judged, closed];
      case "reviewId":
        return [review.id];
      case "token":
        return [pattern.startsWith("/confirm-email/") ? confirmationToken : token];
    }
    throw new Error(`all-pages walk: no seeded id for :${name} in ${pattern}; add one to seedCast`);
  };
  const paths = (pattern: string, role: Role): string[] => {
    const names = [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    let out = [pattern];
    for (const name of names) out = out.flatMap((p) => samples(pattern, name, role).map((id) => p.replace(`:${name}`, id)));
    return out;
  };
  return { cookies, paths };
}

const ROLES: Role[] = ["visitor", "startup", "owner", "corporate", "judge", "admin", "pending", "unconfirmed"];
/**
 * A sign-in waiting for its second factor is a visitor everywhere else: it opens only its own page. An
 * account that has not confirmed its address: the page that says so, and a public page with its banner.
 */
const ONLY: Partial<Record<Role, RegExp>> = { pending: /^\/sign-in\/two-factor$/, unconfirmed: /^\/(account\/confirm-email|challenges)?$/ };

/**
 * A user's browser: the app's own Content Security Policy applies (what it blocks is a console error), and
 * its time zone and language are far from the server's, so a page that renders the browser's own (a local
 * date, a default-locale number) fails to hydrate here rather than only for users abroad.
 */
const BROWSER = { enforceCsp: true, timezoneId: "Pacific/Auckland", locale: "de-DE" };

let routes: WalkRoute[];
let componentless: Set<string>;
const visited = new Map<string, Role[]>();
const failures: string[] = [];
const timings: string[] = [];

/** React's production build reports a failed hydration as a minified error; what the codes mean. */
const REACT_ERRORS: Record<string, string> = {
  418: "hydration failed: the page rendered in the browser does not match the server's HTML",
  419: "the server could not finish this Suspense boundary; it switched to client rendering",
  422: "an error while hydrating a Suspense boundary; it switched to client rendering",
  423: "an error while hydrating; the whole page switched to client rendering",
  425: "hydration: text content does not match the server's HTML",
};
const HYDRATION = /hydrat|did not match|Minified React error #(418|419|422|423|425)\b/i;

/** The first line of a message, with React's minified error codes spelled out. */
function summarise(text: string): string {
  const line = text.split("\n")[0]!;
  const code = /Minified React error #(\d+)/.exec(line)?.[1];
  return code && REACT_ERRORS[code] ? `React #${code}: ${REACT_ERRORS[code]}` : line.slice(0, 300);
}

/** Opens a page as a browser would and lists everything wrong with it; `status` is the answer it should get. */
async function inspect(page: Page, path: string, status = 200): Promise<string[]> {
  // Each distinct problem once, with how often it happened (React repeats a hydration error per element).
  const seen = new Map<string, number>();
  const problems = { push: (p: string) => seen.set(p, (seen.get(p) ?? 0) + 1) };
  // Chromium logs a refused page's own status as a console error; that one is the point of an error page.
  const expectedRefusal = `Failed to load resource: the server responded with a status of ${status}`;
  const onPageError = (err: Error) => problems.push(`${HYDRATION.test(err.message) ? "hydration error" : "uncaught error"}: ${summarise(err.message)}`);
  const onConsole = (msg: ConsoleMessage) => {
    const text = summarise(msg.text());
    if (msg.type() === "error" && status !== 200 && text.startsWith(expectedRefusal)) return;
    if (msg.type() === "error") problems.push(`${HYDRATION.test(msg.text()) ? "hydration error" : "console error"}: ${text}`);
    else if (msg.type() === "warning" && HYDRATION.test(msg.text())) problems.push(`hydration warning: ${text}`);
  };
  page.on("pageerror", onPageError);
  page.on("console", onConsole);
  try {
    const response = await page.goto(path, { waitUntil: "load" });
    if (response?.status() !== status) problems.push(`answered ${response?.status()}`);
    const landed = new URL(page.url());
    if (landed.pathname + landed.search !== path) problems.push(`ended at ${landed.pathname}${landed.search}`);
    // Hydrated and enhanced: Remix's router exists, root's effect (which marks the body for GOV.UK Frontend)
    // has run, and GOV.UK Frontend has initialised every component on the page (it marks each `data-<module>-init`).
    const ready = await page.waitForFunction(() =>
      "__remixRouter" in window && document.body.classList.contains("govuk-frontend-supported") &&
      [...document.querySelectorAll<HTMLElement>("[data-module]")].every((el) => el.hasAttribute(`data-${el.dataset.module}-init`)),
    undefined, { timeout: 5_000 }).then(() => true, () => false);
    if (!ready) problems.push("never hydrated, or GOV.UK Frontend never initialised its components");
    const heading = (await page.locator("h1").first().textContent({ timeout: 1_000 }).catch(() => null))?.trim();
    if (heading === "Sorry, there is a problem with the service") problems.push("shows the error page");
    for (const v of await axeViolations(page)) problems.push(`axe: ${v}`);
  } catch (err) {
    problems.push(`could not be opened: ${(err as Error).message.split("\n")[0]}`);
  } finally {
    page.off("pageerror", onPageError);
    page.off("console", onConsole);
  }
  return [...seen].map(([p, n]) => (n > 1 ? `${p} (×${n})` : p));
}

/** Whether the role gets the page itself (200, HTML) rather than a redirect, a refusal or a download. */
async function answersPage(path: string, cookie: string | undefined): Promise<boolean> {
  const res = await fetch(`${ctx.app.url}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
  await res.arrayBuffer();
  return res.status === 200 && (res.headers.get("content-type") ?? "").startsWith("text/html");
}

async function walkAs(browser: Browser, role: Role, cast: Cast) {
  const started = performance.now();
  const cookie = cast.cookies[role];
  const page = await newPage(browser, ctx.app.url, cookie, BROWSER);
  let pages = 0;
  try {
    for (const route of routes) {
      if (route.path in SKIPPED || (ONLY[role] && !ONLY[role].test(route.path))) continue;
      for (const path of cast.paths(route.path, role)) {
        if (!(await answersPage(path, cookie))) continue;
        pages += 1;
        visited.set(route.path, [...new Set([...(visited.get(route.path) ?? []), role])]);
        for (const problem of await inspect(page, path)) failures.push(`${role} ${path} (${route.path}): ${problem}`);
      }
    }
  } finally {
    await page.context().close();
  }
  timings.push(`${role}: ${pages} pages in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** The error pages (root's ErrorBoundary, which hydrates too): a page that does not exist, and a refusal. */
const ERROR_PAGES: [Role, string, number][] = [
  ["visitor", "/no-such-page", 404],
  ["startup", "/admin", 403],
];

async function walkErrorPages(browser: Browser, cast: Cast) {
  for (const [role, path, status] of ERROR_PAGES) {
    const page = await newPage(browser, ctx.app.url, cast.cookies[role], BROWSER);
    try {
      for (const problem of await inspect(page, path, status)) failures.push(`${role} ${path} (error page ${status}): ${problem}`);
    } finally {
      await page.context().close();
    }
  }
}

beforeAll(async () => {
  const build = await loadBuild();
  routes = manifestRoutes(build);
  componentless = new Set(routes.filter((r) => !build.routes[r.id]?.module.default).map((r) => r.path));
  const cast = await seedCast();
  for (const role of ROLES) await walkAs(ctx.browser, role, cast);
  await walkErrorPages(ctx.browser, cast);
  console.log(`All-pages walk: ${timings.join("; ")}`);
  console.log(`Routes and the roles that opened them:\n${[...visited].map(([path, roles]) => `  ${path}: ${roles.join(", ")}`).join("\n")}`);
}, 600_000);

describe("every page in Chromium as every role", () => {
  it("opens every route of the manifest as some role, or skips it with a reason", () => {
    const missed = routes.filter((r) => !(r.path in SKIPPED) && !visited.has(r.path)).map((r) => r.path);
    expect(missed, "routes no role could open (give a role access to seeded data for them, or skip a resource route with a reason)").toEqual([]);
  });

  it("skips only resource routes that are in the manifest", () => {
    const paths = new Set(routes.map((r) => r.path));
    const wrong = Object.keys(SKIPPED).filter((p) => !paths.has(p) || !componentless.has(p));
    expect(wrong, "skipped routes that are gone from the manifest or render a page").toEqual([]);
  });

  it("shows every page without a script error, a console error, a hydration warning or an axe violation", () => {
    expect(failures.length, `${failures.length} problems:\n${failures.join("\n")}`).toBe(0);
  });
});
