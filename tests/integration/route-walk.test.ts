// Every route with a loader in the production build, requested over HTTP as every role, with real ids from
// a small seeded programme and with ids that name nothing. Deny by default: never a 500, the signed-in areas
// send visitors to sign in, the admin pages refuse everyone but admins, and the walk writes nothing.
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { getProgrammeDashboard } from "../../app/server/dashboards.server";
import {
  concretePath, loadBuild, manifestRoutes, ROLES, seedProgramme, snapshotDatabase,
  type Programme, type Role, type WalkRoute,
} from "../support/route-walk";
import { startAppServer } from "../support/server";

let app: Awaited<ReturnType<typeof startAppServer>>;
let build: ServerBuild;
let programme: Programme;
let before: Record<string, string>;

type Result = { status: number; location: string | null };
const known = new Map<string, Record<Role, Result>>();
const unknown = new Map<string, Record<Role, Result>>();
/** The same walk as Remix data requests (`?_data=<route id>`), as client-side navigation makes them. */
const data = new Map<string, Record<Role, Result>>();

// Expected status per route pattern and role, from the route code and the authorisation matrix.
// "owner" is the public body owning the seeded challenges; the judge acts for no organisation.
// The second-factor roles (pending, unenrolled) and the unconfirmed account are derived from these after the
// table, unless a row names them.
const DERIVED: Role[] = ["pending", "unenrolled", "unconfirmed"];
const ALL = (status: number) => Object.fromEntries(ROLES.filter((r) => !DERIVED.includes(r)).map((r) => [r, status])) as Record<Role, number>;
const SIGNED_IN = (status: number) => ({ ...ALL(status), visitor: 302 });
const ONLY = (allowed: Partial<Record<Role, number>>, others: number) => ({ ...SIGNED_IN(others), ...allowed });
const ADMIN = ONLY({ admin: 200 }, 403);
// Every page under /my/challenges/:id (requireChallengeManager): the owner or the programme office (decision 018).
const MANAGER = ONLY({ owner: 200, otherBody: 404, admin: 200 }, 403);

const EXPECTED: Record<string, Record<Role, number>> = {
  "/": ALL(200),
  "/account": SIGNED_IN(200),
  // Only an account that has not confirmed its address stays here; the others are sent on.
  "/account/confirm-email": { ...ALL(302), unconfirmed: 200 },
  "/account/delete": SIGNED_IN(200), // the confirmation page; deleting is the action
  "/account/export": SIGNED_IN(200), // the signed-in user's own data, as a JSON download
  "/account/monitoring": ONLY({ startup: 200, judge: 200 }, 403), // one's own equality monitoring answers (decision 033)
  "/account/notifications": SIGNED_IN(200),
  "/account/password": SIGNED_IN(200),
  "/account/two-factor": SIGNED_IN(200), // enrolment (a fresh key, stored only once confirmed) or management
  "/admin": ADMIN,
  "/admin/audit": ADMIN,
  "/admin/feedback": ADMIN,
  "/admin/in-kind": ADMIN,
  "/admin/notifications": ADMIN,
  "/admin/organisations": ADMIN,
  "/admin/pairing": ADMIN,
  "/admin/themes": ADMIN,
  "/admin/suggestions": ADMIN, // the moderation queue of residents' suggestions, pilot feedback and reports (decision 035)
  "/api/challenges": ALL(200),
  "/api/pilots": ALL(200),
  "/api/openapi.json": ALL(200), // the OpenAPI document of the public and organisation APIs (decision 038)
  // The organisation API answers a bearer token only: cookies are never read, so every role here is 401 (decision 038).
  "/api/org/challenges": ALL(401),
  "/api/org/proposals": ALL(401),
  "/api/org/scores": ALL(401),
  "/api/org/pilots": ALL(401),
  // The start-up's file on the submitted proposal of the closed challenge: its organisation, the challenge owner,
  // the assigned judge and admins; the sponsor only once it is shortlisted (it is not), everyone else 404.
  "/attachments/:id": ONLY({ startup: 200, owner: 200, judge: 200, admin: 200 }, 404),
  "/challenges": ALL(200),
  "/challenges/:id": ALL(200),
  "/calendars/:id/challenges.ics": ALL(200), // an organisation's published challenges' dates: public, as they are
  "/challenges/:id/calendar.ics": ALL(200), // a published challenge's dates, for anyone
  // Start-ups only: the walk's start-up has a proposal there, so it is sent to it (decision 031).
  "/challenges/:id/apply": ONLY({ startup: 302 }, 403),
  "/challenges/:id/sponsor": ONLY({ corporate: 200 }, 403),
  "/challenges/:id/questions": ONLY({ startup: 200 }, 403), // start-ups ask; the walk's challenge is closed, so no form
  "/my/challenges/:id/clarifications": MANAGER,
  // The walk's challenge has one stage, so its stage-two page does not exist, even for its managers (decision 032).
  "/my/challenges/:id/stage-two": ONLY({ owner: 404, otherBody: 404, admin: 404 }, 403),
  "/confirm-email/:token": ALL(404), // the walk's token is an invitation's, not a confirmation link's
  "/data-register": ALL(200),
  "/dashboard": ALL(200),
  "/feedback": ALL(200), // anonymous: nobody needs to be signed in to give feedback
  "/judge/invitations/:token": ALL(200),
  "/judging": SIGNED_IN(200),
  "/judging/:challengeId/profile": ONLY({ judge: 200 }, 404),
  "/judging/reviews/:reviewId": ONLY({ judge: 200 }, 404),
  // The proposal's panel only (decision 025); the walk's judge has not submitted, so sees who is on it.
  "/judging/proposals/:proposalId/panel": ONLY({ judge: 200 }, 404),
  "/my/challenges": ONLY({ owner: 200, otherBody: 200 }, 403),
  "/my/challenges/:id": MANAGER,
  "/my/challenges/:id/assignments": MANAGER,
  "/my/challenges/:id/dashboard": MANAGER,
  "/my/challenges/:id/check": { ...MANAGER, owner: 302, admin: 302 }, // the walk's challenge is published: back to its page
  "/my/challenges/:id/edit": MANAGER,
  "/my/challenges/:id/judges": MANAGER,
  "/my/challenges/:id/pairing": MANAGER,
  "/my/challenges/:id/proposals/:proposalId": MANAGER,
  // Exports (decision 024): the manager's files; the sponsor's shortlist for its own accepted sponsorship only.
  "/my/challenges/:id/proposals.csv": MANAGER,
  "/my/challenges/:id/proposals.xlsx": MANAGER,
  "/my/challenges/:id/proposals/:proposalId/pack.pdf": MANAGER,
  "/my/challenges/:id/results": MANAGER,
  "/my/challenges/:id/sponsors": MANAGER,
  "/my/challenges/new": ONLY({ owner: 200, otherBody: 200 }, 403),
  "/my/overview": SIGNED_IN(200),
  "/my/proposals": ONLY({ startup: 200 }, 403),
  "/my/proposals/views": ONLY({ startup: 200 }, 403),
  "/my/proposals/:id": ONLY({ startup: 200 }, 403),
  "/my/proposals/:id/check": ONLY({ startup: 302 }, 403), // submitted, and past its deadline: nothing to check
  "/my/proposals/:id/submitted": ONLY({ startup: 200 }, 403),
  "/my/sponsorships": ONLY({ corporate: 200 }, 403),
  "/my/sponsorships/:id": ONLY({ corporate: 200 }, 403),
  "/my/sponsorships/:id/shortlist.csv": ONLY({ corporate: 200 }, 403),
  "/my/sponsorships/:id/shortlist.xlsx": ONLY({ corporate: 200 }, 403),
  "/open-data": ALL(200),
  "/open-data/:file": ALL(200),
  "/organisations": SIGNED_IN(200),
  "/organisations/:id": ONLY({ owner: 200 }, 404),
    "/organisations/:id/members": ONLY({ owner: 200 }, 404), // any member; administrators' changes are the action
  "/organisations/:id/api-tokens": ONLY({ owner: 200 }, 404), // its administrators only; a member who is not one: 403 (authorisation matrix)
  "/organisations/:id/sso": ONLY({ owner: 200 }, 404), // single sign-on settings: its administrators only, as API tokens (decision 040)
  "/organisations/:id/webhooks": ONLY({ owner: 200 }, 404), // its administrators only, as API tokens (decision 039)
  "/organisations/join": SIGNED_IN(200),
  "/organisations/new": SIGNED_IN(200),
  "/pilots": ALL(200),
  // A draft pilot: its team and admins only; everyone else (visitors included) is told it does not exist.
  "/pilots/:id": { ...ALL(404), startup: 200, owner: 200, corporate: 200, admin: 200 },
  // What residents say: as readable as the pilot itself (the walk's pilot is a draft).
  "/pilots/:id/feedback": { ...ALL(404), startup: 200, owner: 200, corporate: 200, admin: 200 },
  "/pilots/:id/plan": { ...ALL(404), visitor: 302, startup: 200, owner: 200, corporate: 200, admin: 200 },
  // Decision 034: a draft pilot's register is its team's and admins', like its page; the form is the team's alone.
  "/pilots/:id/data": { ...ALL(404), startup: 200, owner: 200, corporate: 200, admin: 200 },
  "/pilots/:id/data/declare": { ...ALL(404), visitor: 302, startup: 200, owner: 200, corporate: 200, admin: 403 },
  // Decision 026: the proposal's parties (owner, applicant, and the team's sponsor, paired here); judges and admins find nothing.
  "/proposals/:id/messages": ONLY({ startup: 200, owner: 200, corporate: 200 }, 404),
  "/sign-in": { ...ALL(302), visitor: 200 },
  // Only a sign-in waiting for its second factor sees the form: visitors go to sign in, the signed-in on.
  "/sign-in/two-factor": ALL(302),
  "/sign-out": ALL(302),
  "/sign-up": { ...ALL(302), visitor: 200 },
  // Single sign-on (decision 040): the start page for visitors only; a callback with no sign-in under way is the failure page.
  "/sso/start": { ...ALL(302), visitor: 200 },
  "/sso/callback": ALL(403),
  // Residents (decision 035): published suggestions for everyone; suggesting needs a confirmed account.
  "/suggestions": ALL(200),
  "/suggestions/new": SIGNED_IN(200),
  "/suggestions/:id": ALL(200),
  "/follows": ALL(302), // action only; a GET goes to /suggestions
  "/language": ALL(302), // action only (the language switch, decision 042); a GET goes to /
};

const PROTECTED = /^\/(my|admin|account|judging|organisations)(\/|$)/;

/**
 * The two second-factor roles follow from the others, by the rule in requireActor: a sign-in waiting for
 * its code is a visitor everywhere (only /sign-in/two-factor shows it the form); an admin and judge without
 * a second factor is sent to set one up from every page that needs a signed-in user, except the account
 * pages, and elsewhere gets what a signed-in user with no organisation and no powers gets (the judge row).
 */
for (const [path, row] of Object.entries(EXPECTED)) {
  row.pending ??= path === "/sign-in/two-factor" ? 200 : row.visitor;
  row.unenrolled ??= row.visitor === 302 && !/^\/account(\/|$)/.test(path) ? 302 : row.judge;
  // An account that has not confirmed its address is sent to confirm from every page needing a signed-in
  // user but the account pages; elsewhere it reads what the start-up it belongs to reads.
  row.unconfirmed ??= row.visitor === 302 && !/^\/account(\/|$)/.test(path) ? 302 : row.startup;
}

async function get(path: string, cookie?: string): Promise<Result> {
  const res = await fetch(`${app.url}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
  await res.arrayBuffer();
  return { status: res.status, location: res.headers.get("location") };
}

function loaderRoutes(): WalkRoute[] {
  return manifestRoutes(build).filter((r) => r.hasLoader);
}

function printTable(title: string, results: Map<string, Record<Role, Result>>) {
  const width = Math.max(...[...results.keys()].map((k) => k.length));
  const lines = [`${title}`, `${"route".padEnd(width)}  ${ROLES.map((r) => r.padStart(9)).join("")}`];
  for (const [path, row] of results) lines.push(`${path.padEnd(width)}  ${ROLES.map((r) => String(row[r].status).padStart(9)).join("")}`);
  console.log(lines.join("\n"));
}

beforeAll(async () => {
  build = await loadBuild();
  app = await startAppServer();
  programme = await seedProgramme();
  // The programme dashboard stores its roll-up on the first read when the worker has not made one yet.
  // Compute it now, as the worker would have, so the walk itself must be read-only.
  await getProgrammeDashboard();
  before = await snapshotDatabase();

  for (const route of loaderRoutes()) {
    const path = concretePath(route.path, programme);
    if (!path) continue;
    const row = {} as Record<Role, Result>;
    for (const role of ROLES) row[role] = await get(path, programme.cookies[role]);
    known.set(route.path, row);
    const dataRow = {} as Record<Role, Result>;
    const dataPath = `${path}${path.includes("?") ? "&" : "?"}_data=${encodeURIComponent(route.id)}`;
    for (const role of ROLES) {
      const res = await fetch(`${app.url}${dataPath}`, { headers: programme.cookies[role] ? { Cookie: programme.cookies[role] } : {}, redirect: "manual" });
      await res.arrayBuffer();
      dataRow[role] = { status: res.status, location: res.headers.get("x-remix-redirect") };
    }
    data.set(route.path, dataRow);
    if (route.path.includes(":")) {
      const missing = concretePath(route.path, programme, true)!;
      const other = {} as Record<Role, Result>;
      for (const role of ROLES) other[role] = await get(missing, programme.cookies[role]);
      unknown.set(route.path, other);
    }
  }
  printTable("Route walk: seeded ids (role × route → status)", known);
  printTable("Route walk: ids that name nothing", unknown);
}, 240_000);

afterAll(async () => {
  await app?.close();
});

describe("the route manifest", () => {
  it("has an expectation for every route with a loader, and every expectation names a route", () => {
    const paths = loaderRoutes().map((r) => r.path).sort();
    expect(paths).toEqual(Object.keys(EXPECTED).sort());
  });
});

describe("every route as every role", () => {
  it.each(Object.keys(EXPECTED))("%s answers each role as expected", (path) => {
    const row = known.get(path);
    expect(row, `no result for ${path}`).toBeDefined();
    const got = Object.fromEntries(ROLES.map((r) => [r, row![r].status]));
    expect(got).toEqual(EXPECTED[path]);
  });

  it("never answers 500", () => {
    const errors = [...known, ...unknown, ...data].flatMap(([path, row]) => ROLES.filter((r) => row[r].status >= 500).map((r) => `${path} as ${r}`));
    expect(errors).toEqual([]);
  });

  it("answers data requests as it answers the page (a redirect as 204 + X-Remix-Redirect)", () => {
    const mismatches: string[] = [];
    for (const [path, row] of data) {
      for (const role of ROLES) {
        const page = known.get(path)![role];
        const got = row[role];
        // Resource routes (no default export) answer data requests like any other request.
        const same = page.status === 302 ? (got.status === 204 && got.location === page.location) || got.status === 302 : got.status === page.status;
        if (!same) mismatches.push(`${path} as ${role}: page ${page.status}, data ${got.status}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("sends visitors from the signed-in areas to sign in (302 to /sign-in) or answers 404", () => {
    for (const [path, row] of [...known, ...unknown]) {
      if (!PROTECTED.test(path)) continue;
      const { status, location } = row.visitor;
      expect([302, 404], path).toContain(status);
      if (status === 302) expect(location, path).toMatch(/^\/sign-in\?redirectTo=%2F/);
    }
  });

  it("refuses the admin pages to everyone but admins (403)", () => {
    const adminPaths = [...known.keys()].filter((p) => p.startsWith("/admin"));
    expect(adminPaths.length).toBeGreaterThan(0);
    for (const path of adminPaths) {
      for (const role of ROLES.filter((r) => !["admin", "visitor", "pending", "unenrolled", "unconfirmed"].includes(r))) expect(known.get(path)![role].status, `${path} as ${role}`).toBe(403);
    }
  });

  it("sends a sign-in waiting for its second factor to give it, and an admin or judge without one to set it up", () => {
    for (const [path, row] of [...known, ...unknown]) {
      if (!PROTECTED.test(path)) continue;
      const pending = row.pending;
      expect([302, 404], `${path} as pending`).toContain(pending.status);
      if (pending.status === 302) expect(pending.location, path).toMatch(/^\/sign-in\/two-factor\?redirectTo=%2F/);
      if (path.startsWith("/account")) continue;
      expect(row.unenrolled.status, `${path} as unenrolled`).toBe(302);
      expect(row.unenrolled.location, path).toMatch(/^\/account\/two-factor\?redirectTo=%2F/);
    }
  });

  it("sends an account that has not confirmed its address to confirm it, from every signed-in page but the account pages", () => {
    for (const [path, row] of [...known, ...unknown]) {
      if (!PROTECTED.test(path) || path.startsWith("/account")) continue;
      expect(row.unconfirmed.status, `${path} as unconfirmed`).toBe(302);
      expect(row.unconfirmed.location, path).toMatch(/^\/account\/confirm-email\?redirectTo=%2F/);
    }
  });

  it("redirects only to our own paths", () => {
    for (const [path, row] of [...known, ...unknown]) {
      for (const role of ROLES) {
        const { location } = row[role];
        if (location) expect(location, `${path} as ${role}`).toMatch(/^\/(?![/\\])/);
      }
    }
  });

  it("never shows anything for an id that names nothing", () => {
    for (const [path, row] of unknown) {
      for (const role of ROLES) {
        const { status, location } = row[role];
        expect([302, 403, 404], `${path} as ${role}`).toContain(status);
        // A redirect is a sign-in request, or the apply page sending a GET back to the (missing) challenge.
        if (status === 302) expect(location, `${path} as ${role}`).toMatch(/^\/(sign-in\?|sign-in\/two-factor\?|account\/two-factor\?|account\/confirm-email\?|challenges\/)/);
      }
    }
  });
});

describe("reading changes nothing", () => {
  it("leaves every table as it was (row counts and checksums; sessions without their sliding expiry)", async () => {
    expect(await snapshotDatabase()).toEqual(before);
  });

  it("but records what it was refused and which proposals it opened, in the audit trail only", async () => {
    const actions = await db().selectFrom("audit_events").select("action").distinct().execute();
    expect(actions.map((a) => a.action).sort()).toEqual(expect.arrayContaining(["access.refused", "proposal.viewed"]));
  });
});
