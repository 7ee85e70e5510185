// Dashboards: a small programme seeded row by row, and every figure on the programme and challenge
// dashboards checked against a computation in plain JavaScript over the rows this file inserted.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as programmePage from "../../app/routes/dashboard";
import * as challengePage from "../../app/routes/my.challenges.$id.dashboard";
import * as overviewPage from "../../app/routes/my.overview";
import { expectedStatus as effectiveStatus } from "../support/challenge-status";
import { formatDateTime } from "../../app/lib/dates";
import { db } from "../../app/server/connections.server";
import { requestProgrammeRollup } from "../../app/server/dashboards/rollup-request.server";
import { computeProgrammeFigures, type ProgrammeFigures } from "../../app/server/dashboards/programme-figures.server";
import { rollUpProgramme } from "../../app/server/dashboards/rollup.server";
import { pilotStatus, type PilotStatus } from "../../app/rules/pilots/status";
import { startWorker } from "../../jobs/worker";
import {
  createJudge, createKpi, createMeasurement, createMember, createMilestone, createOrg, createPairing, createPilot, createReview, createSponsorship,
  createTeam, createUser, sessionCookieFor,
} from "../support/factories";
import { call, getRequest } from "../support/requests";
import { startAppServer } from "../support/server";

const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
const at = (offset: number) => new Date(Date.now() + offset * DAY);

type Seeded = {
  challenges: { id: string; theme: string; areas: string[]; status: string; opens: Date; closes: Date }[];
  proposals: { id: string; challengeId: string; orgId: string; status: string }[];
  sponsorships: { id: string; challengeId: string; status: string; funding: number; inKind: string[] }[];
  reviews: { proposalId: string; challengeId: string; judgeUserId: string; status: string }[];
  pairings: { id: string; proposalId: string; status: string }[];
  teams: { id: string; proposalId: string; challengeId: string }[];
  pilots: { id: string; teamId: string; challengeId: string; stored: string; expected: PilotStatus; input: Parameters<typeof pilotStatus>[0] }[];
  scores: { proposalId: string; calibrated: number }[];
};
const s: Seeded = { challenges: [], proposals: [], sponsorships: [], reviews: [], pairings: [], teams: [], pilots: [], scores: [] };
const who = {} as {
  owner: Awaited<ReturnType<typeof createMember>>;
  startup: Awaited<ReturnType<typeof createMember>>;
  judgeCookie: string;
  judgeUserId: string;
  main: string;
};

async function challenge(orgId: string, theme: string, areas: string[], status: string, opens: number, closes: number) {
  const themeId = (await db().selectFrom("themes").select("id").where("slug", "=", theme).executeTakeFirstOrThrow()).id;
  const c = await db().insertInto("challenges").values({
    org_id: orgId, theme_id: themeId, title: `${theme} ${status} ${s.challenges.length}`, summary: "A challenge", problem_statement: "A problem",
    funding_kind: "budget", funding_gbp: 10_000, pilot_weeks: 12, opens_at: at(opens), closes_at: at(closes),
    status: status as never, published_at: status === "draft" ? null : at(opens),
  }).returning("id").executeTakeFirstOrThrow();
  for (const slug of areas) {
    const area = await db().selectFrom("areas").select("id").where("slug", "=", slug).executeTakeFirstOrThrow();
    await db().insertInto("challenge_areas").values({ challenge_id: c.id, area_id: area.id }).execute();
  }
  s.challenges.push({ id: c.id, theme, areas, status, opens: at(opens), closes: at(closes) });
  return c.id;
}

async function proposal(challengeId: string, orgId: string, status: string) {
  const p = await db().insertInto("proposals").values({
    challenge_id: challengeId, org_id: orgId, title: `Proposal ${s.proposals.length}`, status: status as never,
    submitted_at: ["draft", "withdrawn"].includes(status) ? null : new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  s.proposals.push({ id: p.id, challengeId, orgId, status });
  return p.id;
}

async function sponsorship(challengeId: string, orgId: string, status: string, funding: number, inKind: string[]) {
  const row = await createSponsorship({
    challenge_id: challengeId, org_id: orgId, status: status as never, funding_gbp: funding, in_kind: inKind, capacity: 3,
  });
  s.sponsorships.push({ id: row.id, challengeId, status, funding, inKind });
  return row.id;
}

async function pairing(proposalId: string, sponsorshipId: string, status: "published" | "team" | "declined") {
  const p = s.proposals.find((x) => x.id === proposalId)!;
  const row = await createPairing({
    challenge_id: p.challengeId, proposal_id: proposalId, sponsorship_id: sponsorshipId, fit: 0.5, status,
  });
  s.pairings.push({ id: row.id, proposalId, status });
  return row.id;
}

/** A team (from a pairing) and its pilot, whose derived status is stated here and checked against the rule. */
async function pilot(proposalId: string, sponsorshipId: string, corporateOrgId: string, stored: "draft" | "approved" | "running", expected: PilotStatus, plan: {
  starts?: number; ends?: number;
  kpis?: { baseline: number; target: number; direction: "higher" | "lower"; frequency: "weekly" | "monthly" | "quarterly"; measurements: { on: number; value: number; status?: "recorded" | "verified" | "queried" }[] }[];
  milestones?: { due: number; done?: number }[];
}) {
  const p = s.proposals.find((x) => x.id === proposalId)!;
  const c = await db().selectFrom("challenges").select("org_id").where("id", "=", p.challengeId).executeTakeFirstOrThrow();
  const pairingId = await pairing(proposalId, sponsorshipId, "team");
  const team = await createTeam({
    challenge_id: p.challengeId, pairing_id: pairingId, proposal_id: proposalId, public_org_id: c.org_id, startup_org_id: p.orgId, corporate_org_id: corporateOrgId,
  });
  s.teams.push({ id: team.id, proposalId, challengeId: p.challengeId });
  const row = await createPilot({
    team_id: team.id, title: `Pilot ${s.pilots.length}`, status: stored,
    starts_on: plan.starts === undefined ? null : day(plan.starts), ends_on: plan.ends === undefined ? null : day(plan.ends),
  });
  for (const k of plan.kpis ?? []) {
    const kpi = await createKpi({ pilot_id: row.id, name: "KPI", unit: "n", baseline: k.baseline, target: k.target, direction: k.direction, frequency: k.frequency });
    for (const m of k.measurements) {
      await createMeasurement({ kpi_id: kpi.id, measured_on: day(m.on), value: m.value, status: m.status ?? "recorded" });
    }
  }
  for (const m of plan.milestones ?? []) {
    await createMilestone({
      pilot_id: row.id, title: "Milestone", due_on: day(m.due), owner_org_id: p.orgId,
      status: m.done === undefined ? "planned" : "done", done_on: m.done === undefined ? null : day(m.done),
    });
  }
  const utc = (offset: number) => new Date(`${day(offset)}T00:00:00Z`);
  s.pilots.push({
    id: row.id, teamId: team.id, challengeId: p.challengeId, stored, expected,
    input: {
      startsOn: plan.starts === undefined ? null : utc(plan.starts),
      endsOn: plan.ends === undefined ? null : utc(plan.ends),
      kpis: (plan.kpis ?? []).map((k) => ({ ...k, measurements: k.measurements.map((m) => ({ measuredOn: utc(m.on), value: m.value, status: m.status })) })),
      milestones: (plan.milestones ?? []).map((m) => ({ dueOn: utc(m.due), status: m.done === undefined ? "planned" : "done", doneOn: m.done === undefined ? null : utc(m.done) })),
    },
  });
}

async function judge(challengeId: string, userId: string) {
  return (await createJudge({ challenge_id: challengeId, user_id: userId })).id;
}

async function review(proposalId: string, judgeId: string, judgeUserId: string, status: "assigned" | "in_progress" | "submitted" | "recused") {
  const p = s.proposals.find((x) => x.id === proposalId)!;
  await createReview({ challenge_id: p.challengeId, proposal_id: proposalId, judge_id: judgeId, status, submitted_at: status === "submitted" ? new Date() : null });
  s.reviews.push({ proposalId, challengeId: p.challengeId, judgeUserId, status });
}

let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
let app: Awaited<ReturnType<typeof startAppServer>>;

beforeAll(async () => {
  app = await startAppServer();
  who.owner = await createMember("public_body");
  who.startup = await createMember("startup");
  const otherBody = await createOrg("public_body");
  const st = [who.startup.orgId, ...(await Promise.all([1, 2, 3, 4, 5].map(async () => (await createOrg("startup")).id)))];
  const [k1, k2, k3] = await Promise.all([1, 2, 3].map(async () => (await createOrg("corporate")).id));

  const c1 = await challenge(otherBody.id, "climate", ["camden", "hackney"], "published", -10, 20); // open
  const c2 = await challenge(otherBody.id, "climate", ["camden"], "published", -60, -30); // closed
  const c3 = await challenge(who.owner.orgId, "reducing-inequality", ["hackney"], "piloting", -90, -60);
  await challenge(otherBody.id, "ageing-population", ["islington"], "published", 5, 40); // upcoming
  await challenge(who.owner.orgId, "ageing-population", ["camden"], "draft", 5, 40); // never counted
  const c6 = await challenge(otherBody.id, "reducing-inequality", ["islington"], "cancelled", -50, -20);
  const c7 = await challenge(otherBody.id, "climate", ["hackney"], "judging", -40, -5);
  who.main = c3;

  // The challenge whose dashboard is checked: every stage of the funnel is reached by someone.
  const p1 = await proposal(c3, st[0]!, "piloting");
  const p2 = await proposal(c3, st[1]!, "paired");
  const p3 = await proposal(c3, st[2]!, "shortlisted");
  const p4 = await proposal(c3, st[3]!, "not_shortlisted");
  const p5 = await proposal(c3, st[4]!, "under_review");
  const p6 = await proposal(c3, st[5]!, "submitted");
  await proposal(c3, k1!, "draft");
  await proposal(c3, k2!, "withdrawn");
  const p9 = await proposal(c3, k3!, "paired");
  const q1 = await proposal(c1, st[0]!, "piloting");
  await proposal(c1, st[1]!, "submitted");
  await proposal(c1, st[2]!, "draft");
  const q2 = await proposal(c2, st[1]!, "piloting");
  const q6 = await proposal(c6, st[3]!, "piloting");
  const q7 = await proposal(c7, st[2]!, "paired");
  await proposal(c7, st[4]!, "withdrawn");

  const s1 = await sponsorship(c3, k1!, "accepted", 30_000, ["mentoring", "cloud-credits"]);
  const s2 = await sponsorship(c3, k2!, "accepted", 12_000, ["mentoring"]);
  const s3 = await sponsorship(c1, k1!, "accepted", 5_000, ["data-access"]);
  await sponsorship(c2, k2!, "declined", 99_999, ["test-sites"]);
  const s6 = await sponsorship(c2, k3!, "accepted", 0, []);
  const s5 = await sponsorship(c7, k3!, "accepted", 777, ["mentoring"]);
  await sponsorship(c7, k1!, "offered", 5_000, ["test-sites"]);
  const s8 = await sponsorship(c6, k2!, "accepted", 1_000, ["procurement-route"]);
  await sponsorship(c3, k3!, "withdrawn", 4_000, ["data-access"]);

  await pilot(p1, s1, k1!, "running", "on_track", {
    starts: -30, ends: 60,
    kpis: [{ baseline: 0, target: 100, direction: "higher", frequency: "monthly", measurements: [{ on: -20, value: 30 }, { on: -2, value: 100 }] }],
    milestones: [{ due: -10, done: -12 }, { due: 20 }],
  });
  await pilot(p9, s2, k2!, "draft", "not_started", {});
  await pilot(q2, s6, k3!, "running", "at_risk", {
    starts: -40, ends: 40,
    kpis: [{ baseline: 10, target: 20, direction: "higher", frequency: "weekly", measurements: [{ on: -1, value: 25, status: "verified" }] }],
    milestones: [{ due: -5 }, { due: -20, done: -15 }],
  });
  await pilot(q1, s3, k1!, "running", "off_track", {
    starts: -50, ends: 50,
    // The queried and the future measurement would reach the target; the rule ignores both.
    kpis: [{ baseline: 100, target: 0, direction: "lower", frequency: "weekly", measurements: [{ on: -3, value: 95 }, { on: -1, value: 0, status: "queried" }, { on: 5, value: 0 }] }],
  });
  await pilot(q7, s5, k3!, "approved", "not_started", { starts: 10, ends: 100 });
  await pilot(q6, s8, k2!, "running", "at_risk", {
    starts: -10, ends: 80,
    kpis: [{ baseline: 0, target: 10, direction: "higher", frequency: "weekly", measurements: [] }],
  });
  await pairing(p2, s2, "published");
  await pairing(p3, s1, "declined");

  const judgeUser = await createUser();
  who.judgeUserId = judgeUser.id;
  who.judgeCookie = await sessionCookieFor(judgeUser.id, null);
  const other = await createUser();
  const j1 = await judge(c3, judgeUser.id);
  const j2 = await judge(c3, other.id);
  const j7 = await judge(c7, judgeUser.id);
  await review(p1, j1, judgeUser.id, "submitted");
  await review(p1, j2, other.id, "submitted");
  await review(p2, j1, judgeUser.id, "submitted");
  await review(p2, j2, other.id, "recused");
  await review(p3, j1, judgeUser.id, "submitted");
  await review(p4, j2, other.id, "submitted");
  await review(p5, j1, judgeUser.id, "in_progress");
  await review(p5, j2, other.id, "assigned");
  await review(p9, j1, judgeUser.id, "submitted");
  await review(q7, j7, judgeUser.id, "assigned");
  await review(p6, j2, other.id, "recused");

  const run = await db().insertInto("job_runs").values({ kind: "score-proposals", challenge_id: c3, status: "completed" }).returning("id").executeTakeFirstOrThrow();
  const calibrated: [string, number][] = [[p1, 4.3], [p2, 3.7], [p3, 3.6], [p4, 2.2], [p5, 1], [p6, 0.8], [p9, 4.1]];
  for (const [i, [proposalId, value]] of calibrated.entries()) {
    await db().insertInto("proposal_scores").values({
      proposal_id: proposalId, challenge_id: c3, run_id: run.id, raw: value, calibrated: value, uncertainty: 0.2, review_count: 1,
      disagreement: false, passes_thresholds: true, criterion_means: sql`'{}'::jsonb`, rank: i + 1,
    }).execute();
    s.scores.push({ proposalId, calibrated: value });
  }
});

afterAll(async () => {
  await app?.close();
  await worker?.close();
});

// ---- The independent computation: plain JavaScript over the rows above. ----

// In the order the dashboard lists them: by name.
const THEMES = [["climate", "Preventing climate change"], ["reducing-inequality", "Reducing inequality"], ["ageing-population", "Supporting an ageing population"]] as const;
const AREA_NAMES: Record<string, string> = { camden: "Camden", hackney: "Hackney", islington: "Islington" };
const STATUSES: PilotStatus[] = ["not_started", "on_track", "at_risk", "off_track"];

function expectedFigures(today: Date): Omit<ProgrammeFigures, "computedAt"> {
  // The public figures count pilots whose plan is approved, as the public pilot pages and pilots.csv do.
  const pilots = s.pilots.filter((p) => p.stored !== "draft");
  const visible = s.challenges.filter((c) => c.status !== "draft");
  const themeOf = (challengeId: string) => s.challenges.find((c) => c.id === challengeId)!.theme;
  const areasOf = (challengeId: string) => s.challenges.find((c) => c.id === challengeId)!.areas;
  const submitted = s.proposals.filter((p) => !["draft", "withdrawn"].includes(p.status));
  const accepted = s.sponsorships.filter((x) => x.status === "accepted");
  const counts = (pilots: typeof s.pilots) => Object.fromEntries(STATUSES.map((st) => [st, pilots.filter((p) => p.expected === st).length])) as Record<PilotStatus, number>;
  const areaSlugs = [...new Set(visible.flatMap((c) => c.areas))].sort();
  const pilotAreaSlugs = [...new Set(pilots.flatMap((p) => areasOf(p.challengeId)))].sort();
  const statusCounts = new Map<string, number>();
  for (const c of visible) {
    const st = effectiveStatus(c.status, c.opens, c.closes, today);
    statusCounts.set(st, (statusCounts.get(st) ?? 0) + 1);
  }
  const started = pilots.filter((p) => p.expected !== "not_started");
  return {
    challenges: {
      total: visible.length,
      byTheme: THEMES.map(([slug, name]) => ({ slug, name, count: visible.filter((c) => c.theme === slug).length })),
      byArea: areaSlugs.map((slug) => ({ slug, name: AREA_NAMES[slug]!, count: visible.filter((c) => c.areas.includes(slug)).length })),
      byStatus: [...statusCounts].map(([status, count]) => ({ status, count })),
    },
    proposals: {
      submitted: submitted.length,
      byTheme: THEMES.map(([slug, name]) => ({ slug, name, count: submitted.filter((p) => themeOf(p.challengeId) === slug).length })),
    },
    pilots: {
      total: pilots.length,
      byStatus: counts(pilots),
      byTheme: THEMES.map(([slug, name]) => ({ slug, name, counts: counts(pilots.filter((p) => themeOf(p.challengeId) === slug)) })),
      byArea: pilotAreaSlugs.map((slug) => ({ slug, name: AREA_NAMES[slug]!, counts: counts(pilots.filter((p) => areasOf(p.challengeId).includes(slug))) })),
      started: started.length,
      onTrackShare: started.filter((p) => p.expected === "on_track").length / started.length,
    },
    funding: {
      pledgedGbp: accepted.reduce((n, x) => n + x.funding, 0),
      byTheme: THEMES.map(([slug, name]) => ({ slug, name, gbp: accepted.filter((x) => themeOf(x.challengeId) === slug).reduce((n, x) => n + x.funding, 0) })),
    },
    inKind: [["mentoring", "Mentoring"], ["data-access", "Data access"], ["cloud-credits", "Cloud credits"], ["test-sites", "Test sites"], ["procurement-route", "A route to procurement"]]
      .map(([slug, name]) => ({ slug: slug!, name: name!, count: accepted.filter((x) => x.inKind.includes(slug!)).length })),
    teams: s.teams.length,
    // Nobody here has answered the monitoring questions: too few to show (monitoring.test.ts checks the tables).
    inclusion: { threshold: 10, startups: { withheld: true }, judges: { withheld: true } },
  };
}

function withoutTime(f: ProgrammeFigures) {
  const { computedAt: _c, ...rest } = f;
  return { ...rest, challenges: { ...rest.challenges, byStatus: [...rest.challenges.byStatus].sort((a, b) => a.status.localeCompare(b.status)) } };
}
const sortStatus = (e: ReturnType<typeof expectedFigures>) => ({ ...e, challenges: { ...e.challenges, byStatus: [...e.challenges.byStatus].sort((a, b) => a.status.localeCompare(b.status)) } });

describe("programme figures", () => {
  it("the seeded pilots' stated statuses follow the pilot status rule", () => {
    for (const p of s.pilots) expect(pilotStatus(p.input, new Date()), p.id).toBe(p.expected);
    // Every derived status is represented, so each count below means something.
    expect(new Set(s.pilots.map((p) => p.expected))).toEqual(new Set(STATUSES));
  });

  it("every number matches a computation over the seeded rows", async () => {
    const today = new Date();
    const figures = await computeProgrammeFigures(db(), today);
    expect(figures.computedAt).toBe(today.toISOString());
    expect(withoutTime(figures)).toEqual(sortStatus(expectedFigures(today)));
    // A few spelled out, so a reader sees the seed's intent.
    expect(figures.challenges.total).toBe(6);
    // The draft pilot (not started) is not counted: its page is not public yet.
    expect(figures.pilots.byStatus).toEqual({ not_started: 1, on_track: 1, at_risk: 2, off_track: 1 });
    expect(figures.pilots.onTrackShare).toBe(0.25);
    expect(figures.funding.pledgedGbp).toBe(30_000 + 12_000 + 5_000 + 777 + 1_000);
    expect(figures.teams).toBe(6);
    expect(JSON.parse(JSON.stringify(figures))).toEqual(figures);
  });

  it("the public page computes and stores the roll-up on first read, then reads it", async () => {
    await db().deleteFrom("dashboard_rollups").execute();
    const res = await call(programmePage.loader, getRequest("/dashboard"));
    expect(res.status).toBe(200);
    const figures = (res.body as { figures: ProgrammeFigures }).figures;
    expect(withoutTime(figures)).toEqual(sortStatus(expectedFigures(new Date(figures.computedAt))));
    const row = await db().selectFrom("dashboard_rollups").select(["data"]).where("key", "=", "programme").executeTakeFirstOrThrow();
    expect((row.data as ProgrammeFigures).computedAt).toBe(figures.computedAt);
    // A stored row is read as it is, not recomputed.
    await db().updateTable("dashboard_rollups").set({ data: sql`jsonb_set(data, '{teams}', '999')` }).execute();
    const again = await call(programmePage.loader, getRequest("/dashboard"));
    expect((again.body as { figures: ProgrammeFigures }).figures.teams).toBe(999);
    await rollUpProgramme(db());
  });

  it("the roll-up job writes the row and the page shows when it was computed", async () => {
    await db().deleteFrom("dashboard_rollups").execute();
    worker = await startWorker();
    await requestProgrammeRollup();
    let row: { data: unknown } | undefined;
    for (let i = 0; i < 200 && !row; i++) {
      row = await db().selectFrom("dashboard_rollups").select(["data"]).where("key", "=", "programme").executeTakeFirst();
      if (!row) await new Promise((r) => setTimeout(r, 100));
    }
    expect(row).toBeDefined();
    const stored = row!.data as ProgrammeFigures;
    expect(withoutTime(stored)).toEqual(sortStatus(expectedFigures(new Date(stored.computedAt))));
    const html = await (await fetch(`${app.url}/dashboard`)).text();
    expect(html).toContain(`Figures computed at ${formatDateTime(stored.computedAt)}.`);
    expect(html).toContain("Programme dashboard");
  });
});

describe("challenge dashboard", () => {
  it("shows the funnel, the score distribution and judging progress, matching the rows", async () => {
    const res = await call(challengePage.loader, getRequest(`/my/challenges/${who.main}/dashboard`, who.owner.cookie), { id: who.main });
    expect(res.status).toBe(200);
    const d = (res.body as { dashboard: unknown }).dashboard;

    const mine = s.proposals.filter((p) => p.challengeId === who.main && !["draft", "withdrawn"].includes(p.status));
    const reviewed = mine.filter((p) => s.reviews.some((r) => r.proposalId === p.id && r.status === "submitted"));
    const shortlisted = mine.filter((p) => ["shortlisted", "paired", "piloting"].includes(p.status));
    const paired = mine.filter((p) => s.pairings.some((x) => x.proposalId === p.id && ["published", "team"].includes(x.status)));
    const piloting = mine.filter((p) => s.teams.some((t) => t.proposalId === p.id && s.pilots.some((pl) => pl.teamId === t.id && ["approved", "running"].includes(pl.stored))));
    const bins = s.scores.map((x) => Math.floor(x.calibrated / 0.5));
    const lo = Math.min(...bins);
    const hi = Math.max(...bins);
    const scoreBins = Array.from({ length: hi - lo + 1 }, (_, i) => ({ from: (lo + i) / 2, to: (lo + i + 1) / 2, count: bins.filter((b) => b === lo + i).length }));
    const reviews = s.reviews.filter((r) => r.challengeId === who.main);
    expect(d).toEqual({
      funnel: { submitted: mine.length, reviewed: reviewed.length, shortlisted: shortlisted.length, paired: paired.length, piloting: piloting.length },
      scoreBins,
      reviews: Object.fromEntries(["assigned", "in_progress", "submitted", "recused"].map((st) => [st, reviews.filter((r) => r.status === st).length])),
    });
    expect((d as { funnel: unknown }).funnel).toEqual({ submitted: 7, reviewed: 5, shortlisted: 4, paired: 3, piloting: 1 });
  });

  it("is the owner's (or an admin's) only: another public body gets 404, a start-up 403, a visitor signs in", async () => {
    const otherBody = await createMember("public_body");
    const path = `/my/challenges/${who.main}/dashboard`;
    expect((await call(challengePage.loader, getRequest(path, otherBody.cookie), { id: who.main })).status).toBe(404);
    expect((await call(challengePage.loader, getRequest(path, who.startup.cookie), { id: who.main })).status).toBe(403);
    const visitor = await call(challengePage.loader, getRequest(path), { id: who.main });
    expect(visitor.status).toBe(302);
    const admin = await createUser({ isAdmin: true });
    expect((await call(challengePage.loader, getRequest(path, await sessionCookieFor(admin.id, null)), { id: who.main })).status).toBe(200);
  });
});

describe("your overview", () => {
  it("sends visitors to sign in", async () => {
    const res = await call(overviewPage.loader, getRequest("/my/overview"));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/sign-in?redirectTo=${encodeURIComponent("/my/overview")}`);
  });

  it("shows a judge their reviews per challenge", async () => {
    const res = await call(overviewPage.loader, getRequest("/my/overview", who.judgeCookie));
    const body = res.body as { judging: { challengeId: string; assigned: number; inProgress: number; submitted: number }[]; startup: null };
    expect(body.startup).toBeNull();
    const expected = [...new Set(s.reviews.filter((r) => r.judgeUserId === who.judgeUserId).map((r) => r.challengeId))].map((challengeId) => {
      const mine = s.reviews.filter((r) => r.judgeUserId === who.judgeUserId && r.challengeId === challengeId);
      return { challengeId, assigned: mine.filter((r) => r.status === "assigned").length, inProgress: mine.filter((r) => r.status === "in_progress").length, submitted: mine.filter((r) => r.status === "submitted").length };
    });
    expect(body.judging.map(({ challengeId, assigned, inProgress, submitted }) => ({ challengeId, assigned, inProgress, submitted })))
      .toEqual(expect.arrayContaining(expected));
    expect(body.judging).toHaveLength(expected.length);
  });

  it("shows a start-up its proposals by status and its pilots with their derived status", async () => {
    const res = await call(overviewPage.loader, getRequest("/my/overview", who.startup.cookie));
    const body = res.body as { judging: null; startup: { proposals: { status: string; count: number }[]; pilots: { id: string; status: string }[] } };
    expect(body.judging).toBeNull();
    const mine = s.proposals.filter((p) => p.orgId === who.startup.orgId);
    const byStatus = [...new Set(mine.map((p) => p.status))].map((status) => ({ status, count: mine.filter((p) => p.status === status).length }));
    expect(body.startup.proposals).toEqual(expect.arrayContaining(byStatus));
    expect(body.startup.proposals).toHaveLength(byStatus.length);
    const teams = s.teams.filter((t) => mine.some((p) => p.id === t.proposalId)).map((t) => t.id);
    const pilots = s.pilots.filter((p) => teams.includes(p.teamId)).map((p) => ({ id: p.id, status: p.expected }));
    expect(body.startup.pilots.map(({ id, status }) => ({ id, status }))).toEqual(expect.arrayContaining(pilots));
    expect(body.startup.pilots).toHaveLength(2);
  });
});
