// Issue 15: "No page makes more than a handful of queries, none grows with the rows shown." Each page is
// requested as its user sees it (a whole document through Remix's handler on the production build, inside
// a request scope that counts what it sends), then the programme grows four times over, with more of the
// very rows each page shows (more pilots on /pilots's first page, more KPIs and measurements on the pilot
// page, more scored proposals on the results page, more reviews on /judging, more audit rows...), and the
// page must send exactly as many queries as before, within its bound, and none of them twice.
import { sql } from "kysely";
import type { SentQuery } from "../../db/client";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { rollUpProgramme } from "../../app/server/dashboards/rollup.server";
import {
  addMember, createAdmin, createChallenge, createJudge, createKpi, createMeasurement, createMember, createMilestone, createOrg, createPairedPilot,
  createProposal, createReview, createSponsorship, createUser, sessionCookieFor,
} from "../support/factories";
import { pageHandler, requestPage } from "../support/page-queries";
import { loadBuild } from "../support/route-walk";

/**
 * The bound for a page: the session (two queries: the session with its user and judge role, and the
 * memberships), the route's guard (the resource it checks), a handful of reads of what the page shows,
 * each one query for all its rows, and an audit row where the view is audited. Ten leaves room for a page
 * that shows five kinds of thing; a page that needs more is asking something per row.
 */
const MAX_QUERIES = 10;
/**
 * The overview's own bound: its "What to do next" asks one question per kind of step the organisation may
 * have waiting (seven for a public body, six for a start-up, each at most five rows), beside the overview's
 * lists (15 queries for a public body, 14 for a start-up today). Each is fixed; none is asked per row.
 */
const OVERVIEW_MAX_QUERIES = 16;
const DAY = 86_400_000;

interface Cast {
  owner: Awaited<ReturnType<typeof createMember>>;
  startup: Awaited<ReturnType<typeof createMember>>;
  corporate: Awaited<ReturnType<typeof createMember>>;
  judgeCookie: string;
  admin: Awaited<ReturnType<typeof createAdmin>>;
  /** The owner's closed challenge, scored: its results page, the judge's panel. */
  scoredChallengeId: string;
  scoreRunId: string;
  judgeId: string;
  criterionIds: string[];
  reviewId: string;
  openChallengeId: string;
  proposalId: string;
  pilotId: string;
  teamMemberCookie: string;
}

let handler: ReturnType<typeof pageHandler>;
let cast: Cast;

async function approve(pilotId: string) {
  await db().updateTable("pilots").set({
    status: "running", starts_on: new Date(Date.now() - 30 * DAY), ends_on: new Date(Date.now() + 60 * DAY), budget_gbp: 80_000, approved_at: new Date(),
  }).where("id", "=", pilotId).execute();
}

/** Two KPIs with three measurements each and two milestones, on a pilot of the cast's team. */
async function planPilot(pilotId: string, i: number) {
  for (const k of [0, 1]) {
    const kpi = await createKpi({ pilot_id: pilotId, name: `KPI ${i}.${k}` });
    for (const m of [0, 1, 2]) {
      await createMeasurement({ kpi_id: kpi.id, measured_on: new Date(Date.now() - (3 * i + m + 1) * DAY), value: 30 - m, status: m === 0 ? "recorded" : "verified" });
    }
  }
  for (const m of [0, 1]) await createMilestone({ pilot_id: pilotId, owner_org_id: cast.startup.orgId, title: `Milestone ${i}.${m}`, status: m ? "done" : "planned", done_on: m ? new Date() : null });
}

/** A submitted proposal to the scored challenge, reviewed by the cast's judge and one other, with its score. */
async function scoredProposal(i: number, rank: number) {
  const applicant = await createMember("startup");
  const proposal = await createProposal(cast.scoredChallengeId, applicant.orgId, { status: "submitted", title: `Scored proposal ${i}` });
  await db().updateTable("proposals").set({ status: "under_review" }).where("id", "=", proposal.id).execute();
  const other = await createJudge({ challenge_id: cast.scoredChallengeId, user_id: (await createUser()).id });
  for (const judgeId of [cast.judgeId, other.id]) {
    const review = await createReview({ challenge_id: cast.scoredChallengeId, proposal_id: proposal.id, judge_id: judgeId, status: "submitted", submitted_at: new Date() });
    await db().insertInto("review_scores").values(cast.criterionIds.map((criterion_id) => ({ review_id: review.id, criterion_id, score: 3 }))).execute();
  }
  await db().insertInto("proposal_scores").values({
    proposal_id: proposal.id, challenge_id: cast.scoredChallengeId, run_id: cast.scoreRunId, raw: 3, calibrated: 3 - rank / 100, uncertainty: 0.2,
    review_count: 2, disagreement: false, passes_thresholds: true, criterion_means: sql`'{}'::jsonb`, rank,
  }).execute();
}

/**
 * One more slice of programme, touching every page: an open challenge of the owner's with the start-up's
 * proposal and another's; a proposal scored on the owner's closed challenge; a running pilot of the cast's
 * team with its plan; more KPIs, measurements and milestones on the cast's own pilot; audit rows.
 */
async function growBy(i: number) {
  const open = await createChallenge(cast.owner.orgId, { title: `Open challenge ${i}`, themeSlug: i % 2 ? "climate" : "ageing-population" });
  await createProposal(open.id, cast.startup.orgId, { status: i % 2 ? "submitted" : "draft", title: `Start-up proposal ${i}` });
  await createProposal(open.id, (await createMember("startup")).orgId, { status: "submitted" });
  await createChallenge((await createMember("public_body")).orgId, { title: `Another body's challenge ${i}` });
  const sponsor = await createOrg("corporate", { name: `Sponsor ${i}`, verified: true });
  await createSponsorship({ challenge_id: cast.openChallengeId, org_id: sponsor.id });
  await scoredProposal(i, i + 1);
  const paired = await createChallenge(cast.owner.orgId, { title: `Paired challenge ${i}`, opensAt: new Date(Date.now() - 90 * DAY), closesAt: new Date(Date.now() - 60 * DAY) });
  await db().updateTable("challenges").set({ status: "piloting" }).where("id", "=", paired.id).execute();
  const { pilot } = await createPairedPilot({
    challengeId: paired.id, proposalId: (await createProposal(paired.id, cast.startup.orgId, { status: "submitted" })).id,
    publicOrgId: cast.owner.orgId, startupOrgId: cast.startup.orgId, corporateOrgId: cast.corporate.orgId,
  }, { pilot: { title: `Running pilot ${i}` } });
  await approve(pilot.id);
  await planPilot(pilot.id, i);
  await planPilot(cast.pilotId, i);
  await db().insertInto("audit_events").values([0, 1, 2].map((k) => ({
    actor_user_id: cast.owner.user.id, actor_org_id: cast.owner.orgId, action: "challenge.updated",
    subject_type: "challenge", subject_id: open.id, subject_org_id: cast.owner.orgId, detail: sql`${JSON.stringify({ k })}::jsonb`,
  }))).execute();
}

async function seedCast(): Promise<Cast> {
  const owner = await createMember("public_body", { verified: true });
  const startup = await createMember("startup", { verified: true });
  const corporate = await createMember("corporate", { verified: true });
  const admin = await createAdmin();
  const judgeUser = await createUser();
  const scored = await createChallenge(owner.orgId, { title: "Scored challenge", opensAt: new Date(Date.now() - 40 * DAY), closesAt: new Date(Date.now() - DAY) });
  await db().updateTable("challenges").set({ status: "shortlisted" }).where("id", "=", scored.id).execute();
  const criteria = await db().selectFrom("rubric_criteria").select("id").where("challenge_id", "=", scored.id).orderBy("position").execute();
  const run = await db().insertInto("job_runs").values({ kind: "score-proposals", challenge_id: scored.id, status: "completed", progress: 100, finished_at: new Date() })
    .returning("id").executeTakeFirstOrThrow();
  const judge = await createJudge({ challenge_id: scored.id, user_id: judgeUser.id, capacity: 50 });
  const open = await createChallenge(owner.orgId, { title: "The start-up's challenge" });
  const proposal = await createProposal(open.id, startup.orgId, { status: "submitted", title: "The start-up's proposal" });
  const teamProposal = await createProposal(scored.id, startup.orgId, { status: "submitted", title: "The team's proposal" });
  const { pilot } = await createPairedPilot(
    { challengeId: scored.id, proposalId: teamProposal.id, publicOrgId: owner.orgId, startupOrgId: startup.orgId, corporateOrgId: corporate.orgId },
    { pilot: { title: "The team's pilot" } },
  );
  await approve(pilot.id);
  const teamMember = await createUser();
  await addMember(teamMember.id, startup.orgId);
  const c: Cast = {
    owner, startup, corporate, admin, judgeCookie: await sessionCookieFor(judgeUser.id, null),
    scoredChallengeId: scored.id, scoreRunId: run.id, judgeId: judge.id, criterionIds: criteria.map((r) => r.id),
    reviewId: "", openChallengeId: open.id, proposalId: proposal.id, pilotId: pilot.id,
    teamMemberCookie: await sessionCookieFor(teamMember.id, startup.orgId),
  };
  cast = c;
  await scoredProposal(0, 1);
  // The review the judge has open: on the team's proposal, started, one criterion scored.
  const review = await createReview({ challenge_id: scored.id, proposal_id: teamProposal.id, judge_id: judge.id, status: "in_progress" });
  await db().insertInto("review_scores").values({ review_id: review.id, criterion_id: c.criterionIds[0]!, score: 4 }).execute();
  c.reviewId = review.id;
  return c;
}

interface Page {
  name: string;
  path: (c: Cast) => string;
  cookie?: (c: Cast) => string;
  /**
   * Rows of the page that the growth adds to, by their names: there must be more of them on the larger
   * programme, or the two counts prove nothing. None for a page of fixed size: the home page's few latest
   * challenges, the dashboard's figures (one roll-up row), one proposal, one review.
   */
  shows?: RegExp;
  /** MAX_QUERIES unless said. */
  bound?: number;
}

/** Every page the issue names, and the signed-in users' most visited, each as its user asks for it. */
const PAGES: Page[] = [
  { name: "home", path: () => "/" },
  { name: "challenges", path: () => "/challenges", shows: /Open challenge \d+/g },
  { name: "search", path: () => "/challenges?q=challenge&theme=climate", shows: /Open challenge \d+/g },
  { name: "challenge", path: (c) => `/challenges/${c.openChallengeId}`, shows: /Sponsor \d+/g },
  { name: "dashboard", path: () => "/dashboard" },
  { name: "pilots", path: () => "/pilots", shows: /Running pilot \d+/g },
  { name: "pilot", path: (c) => `/pilots/${c.pilotId}`, shows: /KPI \d+\.\d|Milestone \d+\.\d/g },
  { name: "pilot plan", path: (c) => `/pilots/${c.pilotId}/plan`, cookie: (c) => c.teamMemberCookie, shows: /KPI \d+\.\d|Milestone \d+\.\d/g },
  { name: "api challenges", path: () => "/api/challenges", shows: /Open challenge \d+/g },
  { name: "proposal", path: (c) => `/my/proposals/${c.proposalId}`, cookie: (c) => c.startup.cookie },
  { name: "review", path: (c) => `/judging/reviews/${c.reviewId}`, cookie: (c) => c.judgeCookie },
  { name: "results", path: (c) => `/my/challenges/${c.scoredChallengeId}/results`, cookie: (c) => c.owner.cookie, shows: /Scored proposal \d+/g },
  { name: "admin audit", path: () => "/admin/audit", cookie: (c) => c.admin.cookie, shows: /<tr/g },
  { name: "start-up overview", path: () => "/my/overview", cookie: (c) => c.startup.cookie, shows: /Running pilot \d+|Start-up proposal \d+/g, bound: OVERVIEW_MAX_QUERIES },
  { name: "owner overview", path: () => "/my/overview", cookie: (c) => c.owner.cookie, shows: /Open challenge \d+|Running pilot \d+/g, bound: OVERVIEW_MAX_QUERIES },
  { name: "corporate overview", path: () => "/my/overview", cookie: (c) => c.corporate.cookie, shows: /Running pilot \d+/g, bound: OVERVIEW_MAX_QUERIES },
  { name: "judge overview", path: () => "/my/overview", cookie: (c) => c.judgeCookie, bound: OVERVIEW_MAX_QUERIES },
  { name: "my challenges", path: () => "/my/challenges", cookie: (c) => c.owner.cookie, shows: /Open challenge \d+/g },
  { name: "judging", path: () => "/judging", cookie: (c) => c.judgeCookie, shows: /Scored proposal \d+/g },
];

interface Counted {
  queries: number;
  body: string;
  /** Queries sent more than once, the same SQL with the same parameters: one request should ask once. */
  repeated: string[];
}

function repeatedQueries(recorded: SentQuery[]): string[] {
  const seen = new Map<string, number>();
  for (const q of recorded) {
    const key = `${q.sql} ${JSON.stringify(q.parameters)}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([key]) => key);
}

/** Each page's query count, after the programme's figures are rolled up as the worker would. */
async function countAll(): Promise<Map<string, Counted>> {
  await rollUpProgramme(db());
  const counts = new Map<string, Counted>();
  for (const page of PAGES) {
    await requestPage(handler, page.path(cast), page.cookie?.(cast));
    const answer = await requestPage(handler, page.path(cast), page.cookie?.(cast), { record: true });
    expect(answer.status, `${page.name} (${page.path(cast)}) ${answer.location ?? ""}`).toBe(200);
    counts.set(page.name, { queries: answer.queries, body: answer.body, repeated: repeatedQueries(answer.recorded) });
  }
  return counts;
}

const SLICES_BEFORE = 2;
const SLICES_AFTER = 8;

let before: Map<string, Counted>;
let after: Map<string, Counted>;

beforeAll(async () => {
  handler = pageHandler(await loadBuild());
  await seedCast();
  for (let i = 1; i <= SLICES_BEFORE; i++) await growBy(i);
  before = await countAll();
  for (let i = SLICES_BEFORE + 1; i <= SLICES_AFTER; i++) await growBy(i);
  after = await countAll();
}, 300_000);

describe("queries per page, at two sizes of the programme", () => {
  it.each(PAGES.map((p) => [p.name, p]))("%s: the same count with four times the rows, within its bound, nothing asked twice", (name, page) => {
    const small = before.get(name)!;
    const large = after.get(name)!;
    if (page.shows) expect(large.body.match(page.shows)?.length ?? 0, `${name} shows more rows`).toBeGreaterThan(small.body.match(page.shows)?.length ?? 0);
    expect(large.queries, name).toBe(small.queries);
    expect(large.queries, name).toBeLessThanOrEqual(page.bound ?? MAX_QUERIES);
    expect(large.repeated, `${name} asks nothing twice`).toEqual([]);
  });
});
