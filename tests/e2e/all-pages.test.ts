// Every page in Chromium as every demo role, with JavaScript on: the demo programme (db/seed.ts) is seeded
// into this file's database, each role gets a session, and every route of the build's manifest is opened
// with URL parameters filled from the seeded rows. A page fails on an uncaught error, a console error, a
// React hydration warning, the error page, or an axe-core violation; every failure of every page is
// reported together. A route that no role can open and that is not in SKIPPED below fails the walk, so a
// new route is never silently left out.
import type { Browser, ConsoleMessage, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { seedDemo } from "../../db/seed";
import { axeViolations, newPage } from "../support/browser";
import { useBrowserApp } from "../support/e2e";
import { generateSessionToken, sessionIdFromToken } from "../../app/server/session.server";
import { createChallenge, createUser, secondFactorColumns, sessionCookieFor } from "../support/factories";
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
  "/api/openapi.json": "the API's OpenAPI document (JSON)",
  "/api/org/challenges": "organisation JSON API (bearer token only)",
  "/api/org/proposals": "organisation JSON API (bearer token only)",
  "/api/org/scores": "organisation JSON API (bearer token only)",
  "/api/org/pilots": "organisation JSON API (bearer token only)",
  "/attachments/:id": "file download",
  "/challenges/:id/calendar.ics": "calendar download",
  "/my/challenges/:id/proposals.csv": "CSV download of the challenge's proposals (decision 024)",
  "/my/challenges/:id/proposals.xlsx": "spreadsheet download of the challenge's proposals (decision 024)",
  "/my/challenges/:id/proposals/:proposalId/pack.pdf": "PDF download of one proposal (decision 024)",
  "/my/sponsorships/:id/shortlist.csv": "CSV download of the sponsor's shortlist (decision 024)",
  "/my/sponsorships/:id/shortlist.xlsx": "spreadsheet download of the sponsor's shortlist (decision 024)",
  "/calendars/:id/challenges.ics": "calendar feed",
  "/open-data/:file": "CSV download",
  "/sign-out": "action only; a GET would sign the walker out",
  "/follows": "action only (follow or stop following); a GET is sent to /suggestions",
  "/language": "action only (the language switch, decision 042); a GET is sent to /",
};

type Role = "visitor" | "startup" | "owner" | "corporate" | "judge" | "admin" | "pending" | "unconfirmed";

interface Cast {
  cookies: Record<Role, string | undefined>;
  /** Concrete paths for a route pattern as a role would open them (a sample of the seeded ids). */
  paths: (pattern: string, role: Role) => string[];
}

/**
 * The demo programme as `npm start` seeds it, with one session per role: the public body is Camden Council
 * (challenges in review, paired with a running pilot and a draft plan, open, draft and completed), the
 * start-up GreenRoute Mobility (a draft, submitted, shortlisted, paired and not-shortlisted proposals and a
 * team with a draft pilot plan), the corporate Meridian Cloud Services (an offer awaiting its owner, accepted
 * ones, a pairing to answer and pilots), a judge with reviews assigned, started and submitted, and the admin.
 */
async function seedCast(): Promise<Cast> {
  const { openInvitation } = await seedDemo(db());
  const user = async (email: string) => (await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  const org = async (name: string) => (await db().selectFrom("organisations").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
  const challenge = async (title: string) => (await db().selectFrom("challenges").select("id").where("title", "=", title).executeTakeFirstOrThrow()).id;
  const proposal = async (title: string) => (await db().selectFrom("proposals").select("id").where("title", "=", title).executeTakeFirstOrThrow()).id;
  const pilot = async (title: string) => (await db().selectFrom("pilots").select("id").where("title", "=", title).executeTakeFirstOrThrow()).id;

  const owner = { user: await user("camden@council.example"), org: await org("Camden Council") };
  const startup = { user: await user("founder@greenroute.example"), org: await org("GreenRoute Mobility") };
  const corporate = { user: await user("startups@meridian.example"), org: await org("Meridian Cloud Services") };
  const judge = await user("judge.haddad@judges.example");
  const admin = await user("admin@programme.example");
  // The admin and the judge have set up their authenticator app (the demo leaves that to their first sign-in).
  await db().updateTable("users").set(secondFactorColumns()).where("id", "in", [judge, admin]).execute();

  // A draft of the owner's own, for its check page (the demo's drafts belong to other public bodies).
  const ownDraft = (await createChallenge(owner.org, { status: "draft", title: "Step-free routes to the library" })).id;
  // An open call with a required answer that the start-up has not started: its "Before you start" page (decision 031).
  const withRequired = (await createChallenge(owner.org, {
    title: "Quieter streets at night", required: [{ question: "Is your organisation registered in the UK?", options: ["Yes", "No"], accepted: ["Yes"] }],
  })).id;
  const challenges = {
    openWithSponsor: await challenge("Cleaner air around primary schools"),
    openWithOffer: await challenge("Zero-emission last-mile deliveries"),
    upcoming: await challenge("Confident travel for older passengers"),
    closed: await challenge("Closing the gap in childhood vaccination"),
    inReview: await challenge("Retrofitting council homes at pace"),
    paired: await challenge("Air quality data for busy high streets"),
    completed: await challenge("Home from hospital, not alone"),
    twoStage: await challenge("Safer cycling routes to secondary schools"),
    draft: await challenge("Dementia-friendly high streets"),
  };
  const proposals = {
    draft: await proposal("Quiet routes to school"),
    submitted: await proposal("Cargo-bike micro-hubs for the centre"),
    pairingToAnswer: await proposal("On-demand minibuses for GP visits"),
    team: await proposal("Freight-free hours on high streets"),
    notShortlisted: await proposal("Lifts home from the ward"),
    inReview: await proposal("Retrofit priority map"),
  };
  const suggestions = (await db().selectFrom("suggestions").select("id").orderBy("title").execute()).map((s) => s.id);
  const pilots = [
    await pilot("High-street air sensor mesh"), await pilot("Heat-loss map for vulnerable patients"),
    await pilot("Befriending calls after discharge"), await pilot("Freight-free hours on high streets"),
  ];
  const sponsorships = await db().selectFrom("sponsorships").select(["id", "challenge_id"]).where("org_id", "=", corporate.org).orderBy("status").execute();
  // The judge's reviews: one of each state they have (assigned, in progress, submitted).
  const reviews = await db().selectFrom("reviews").innerJoin("judges", "judges.id", "reviews.judge_id").select(["reviews.id", "reviews.status"])
    .where("judges.user_id", "=", judge).where("reviews.status", "!=", "recused").orderBy("reviews.status").orderBy("reviews.id").execute();
  const reviewSamples = [...new Map(reviews.map((r) => [r.status, r.id])).values()];

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

  // A sample of the seeded ids, one for each state a page shows differently: challenges open (with a sponsor
  // and with an offer waiting), upcoming, closed, in review, paired, completed and a draft; the start-up's
  // draft, submitted, paired, team and not-shortlisted proposals; the corporate's sponsorships; the pilots
  // on track, at risk, completed and in draft; each member's own organisation. A role opens those its
  // session is given (200); the rest it is refused, which the route walk over HTTP checks.
  const samples = (pattern: string, name: string, role: Role): string[] => {
    switch (name) {
      case "id":
        if (pattern === "/challenges/:id/apply") return [withRequired, challenges.openWithSponsor];
        if (/^\/challenges\/:id\/sponsor/.test(pattern)) return [challenges.openWithOffer, challenges.openWithSponsor];
        if (pattern.startsWith("/challenges/")) return [challenges.openWithSponsor, challenges.upcoming, challenges.closed, challenges.inReview, challenges.paired, challenges.completed];
        if (pattern === "/my/challenges/:id") return [challenges.inReview, challenges.paired, challenges.openWithSponsor, challenges.draft];
        // Only a draft is checked before publishing; a published one is sent back to its page.
        if (pattern === "/my/challenges/:id/check") return [ownDraft, challenges.openWithSponsor];
        // The open challenge's clarifications: a question waiting, one answered and a published change (db/seed/clarifications.ts).
        // The demo's two-stage call is City Transport Authority's: the programme office opens its invitations page.
        if (pattern === "/my/challenges/:id/stage-two") return [challenges.twoStage];
        if (pattern === "/my/challenges/:id/clarifications") return [challenges.openWithSponsor, challenges.inReview];
        if (pattern.startsWith("/my/challenges/")) return [challenges.inReview, challenges.paired];
        if (pattern.startsWith("/my/proposals/")) return Object.values(proposals).filter((p) => p !== proposals.inReview);
        if (pattern.startsWith("/my/sponsorships/")) return sponsorships.map((s) => s.id);
        if (pattern.startsWith("/organisations/")) return [ownOrg[role] ?? owner.org];
        if (pattern.startsWith("/pilots/")) return pilots;
        // The demo's thread (db/seed/messages.ts): Camden Council, GreenRoute Mobility and the team's sponsor.
        if (pattern.startsWith("/proposals/")) return [proposals.team];
        // Residents' suggestions in every state (db/seed/residents.ts); each role opens those it may read.
        if (pattern.startsWith("/suggestions/")) return suggestions;
        break;
      case "proposalId":
        return [proposals.inReview, proposals.team];
      case "challengeId":
        return [challenges.inReview, challenges.closed];
      case "reviewId":
        return reviewSamples;
      case "token":
        return [pattern.startsWith("/confirm-email/") ? confirmationToken : openInvitation.token];
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

/**
 * The pages offered in every language (decision 042: their route's `handle.i18n`), again in Spanish, as a
 * visitor and a start-up member: the same checks (axe included), and the
 * page must say it is Spanish (`<html lang="es">`).
 */
async function walkInSpanish(browser: Browser, cast: Cast, translated: Set<string>) {
  for (const role of ["visitor", "startup"] as const) {
    const cookie = cast.cookies[role];
    const page = await newPage(browser, ctx.app.url, cookie, BROWSER);
    await page.context().addCookies([{ name: "civic_lang", value: "es", url: ctx.app.url }]);
    try {
      for (const route of routes.filter((r) => translated.has(r.path))) {
        for (const path of cast.paths(route.path, role)) {
          if (!(await answersPage(path, cookie))) continue;
          spanishPages.add(route.path);
          for (const problem of await inspect(page, path)) failures.push(`${role} ${path} in Spanish (${route.path}): ${problem}`);
          const lang = await page.getAttribute("html", "lang");
          if (lang !== "es") failures.push(`${role} ${path} in Spanish (${route.path}): html lang is ${lang}`);
        }
      }
    } finally {
      await page.context().close();
    }
  }
}
const spanishPages = new Set<string>();
let translatedRoutes = new Set<string>();

/** The error pages (root's ErrorBoundary, which hydrates too): a page that does not exist, and a refusal. */
const ERROR_PAGES: [Role, string, number][] = [
  ["visitor", "/no-such-page", 404],
  ["startup", "/admin", 403],
  // A page of its own that only ever refuses: the single sign-on callback with no sign-in under way (decision 040).
  ["visitor", "/sso/callback", 403],
];

async function walkErrorPages(browser: Browser, cast: Cast) {
  for (const [role, path, status] of ERROR_PAGES) {
    const page = await newPage(browser, ctx.app.url, cast.cookies[role], BROWSER);
    try {
      for (const problem of await inspect(page, path, status)) failures.push(`${role} ${path} (error page ${status}): ${problem}`);
      if (routes.some((r) => r.path === path)) visited.set(path, [...new Set([...(visited.get(path) ?? []), role])]);
    } finally {
      await page.context().close();
    }
  }
}

beforeAll(async () => {
  const build = await loadBuild();
  routes = manifestRoutes(build);
  componentless = new Set(routes.filter((r) => !build.routes[r.id]?.module.default).map((r) => r.path));
  translatedRoutes = new Set(routes.filter((r) => (build.routes[r.id]?.module.handle as { i18n?: boolean } | undefined)?.i18n).map((r) => r.path));
  const cast = await seedCast();
  for (const role of ROLES) await walkAs(ctx.browser, role, cast);
  await walkErrorPages(ctx.browser, cast);
  await walkInSpanish(ctx.browser, cast, translatedRoutes);
  console.log(`All-pages walk: ${timings.join("; ")}`);
  console.log(`Routes and the roles that opened them:\n${[...visited].map(([path, roles]) => `  ${path}: ${roles.join(", ")}`).join("\n")}`);
}, 1_500_000);

describe("every page in Chromium as every role", () => {
  it("opens every route of the manifest as some role, or skips it with a reason", () => {
    const missed = routes.filter((r) => !(r.path in SKIPPED) && !visited.has(r.path)).map((r) => r.path);
    expect(missed, "routes no role could open (give a role access to seeded data for them, or skip a resource route with a reason)").toEqual([]);
  });

  it("opens every page offered in Spanish in Spanish", () => {
    expect(translatedRoutes.size).toBeGreaterThanOrEqual(6);
    expect([...translatedRoutes].filter((p) => !spanishPages.has(p))).toEqual([]);
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
