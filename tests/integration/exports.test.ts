// Exports for the people who run a round (decision 024): the owner's proposals as CSV and XLSX, a proposal's
// pack as a PDF, and a sponsor's shortlist, through the real loaders against PostgreSQL. The files hold the
// figures the results page shows, nothing a user typed runs as a formula, a blind challenge's shortlist names
// no applicant, every export is in the audit trail, and everyone else is refused.
import ExcelJS from "exceljs";
import { PDFParse } from "pdf-parse";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import * as proposalsCsv from "../../app/routes/my.challenges.$id.proposals[.]csv";
import * as proposalsXlsx from "../../app/routes/my.challenges.$id.proposals[.]xlsx";
import * as packPdf from "../../app/routes/my.challenges.$id.proposals.$proposalId_.pack[.]pdf";
import * as results from "../../app/routes/my.challenges.$id.results";
import * as shortlistCsv from "../../app/routes/my.sponsorships.$id_.shortlist[.]csv";
import * as shortlistXlsx from "../../app/routes/my.sponsorships.$id_.shortlist[.]xlsx";
import { db } from "../../app/server/connections.server";
import { FORMULA_START } from "../../app/server/csv.server";
import {
  addMember, closeChallenge, createAdmin, createAttachment, createChallenge, createJudge, createMember, createOrg, createProposal,
  createSponsorship, createUser, sessionCookieFor,
} from "../support/factories";
import { parseCsv } from "../support/csv";
import { failInserts } from "../support/owner-db";
import { call, getRequest, ORIGIN } from "../support/requests";

type Loader = (args: { request: Request; params: Record<string, string>; context: unknown }) => unknown;

/** A loader's answer as bytes (a thrown Response too), as a browser downloads it. */
async function download(loader: Loader, path: string, params: Record<string, string>, cookie?: string) {
  let result: unknown;
  try {
    result = await loader({ request: new Request(`${ORIGIN}${path}`, { headers: cookie ? { Cookie: cookie } : {} }), params, context: { cspNonce: "test", clientIp: "198.51.100.7" } });
  } catch (thrown) {
    result = thrown;
  }
  if (!(result instanceof Response)) throw new Error(`not a Response: ${String(result)}`);
  return { status: result.status, headers: result.headers, bytes: new Uint8Array(await result.arrayBuffer()) };
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

async function readXlsx(bytes: Uint8Array): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer as ArrayBuffer);
  const sheet = wb.worksheets[0]!;
  const out: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values: unknown[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) values.push(row.getCell(c).value);
    out.push(values);
  });
  return out;
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: bytes });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

const HOSTILE_TITLE = '=HYPERLINK("https://evil.example","Click")';
const HOSTILE_ANSWER = "@SUM(1+1)*cmd|' /C calc'!A0";
const NON_LATIN_TITLE = "Датчики якості повітря для Łódź і Αθήνα";
const NON_LATIN_ORG = "Київ Дані Лабс";

const s = {} as {
  owner: Awaited<ReturnType<typeof createMember>>;
  otherBody: Awaited<ReturnType<typeof createMember>>;
  startup: Awaited<ReturnType<typeof createMember>>;
  corporate: Awaited<ReturnType<typeof createMember>>;
  otherCorporate: Awaited<ReturnType<typeof createMember>>;
  adminCookie: string;
  judgeCookie: string;
  challengeId: string;
  questionIds: string[];
  criterionIds: string[];
  /** The three submitted proposals, in rank order (the third not scored). */
  submitted: { id: string; title: string; org: string }[];
  withdrawnTitle: string;
  draftTitle: string;
  blindChallengeId: string;
  blindSponsorshipId: string;
  pendingSponsorshipId: string;
  blindOrgName: string;
  blindMemberName: string;
  otherSponsorshipId: string;
};

beforeAll(async () => {
  s.owner = await createMember("public_body");
  s.otherBody = await createMember("public_body");
  s.corporate = await createMember("corporate");
  s.otherCorporate = await createMember("corporate");
  s.adminCookie = (await createAdmin()).cookie;
  const challenge = await createChallenge(s.owner.orgId, { title: "Cleaner air on school streets", questions: ["Are you registered in the UK?", "-Which boroughs?"] });
  s.challengeId = challenge.id;
  s.questionIds = (await db().selectFrom("eligibility_questions").select("id").where("challenge_id", "=", challenge.id).orderBy("position").execute()).map((q) => q.id);
  s.criterionIds = (await db().selectFrom("rubric_criteria").select("id").where("challenge_id", "=", challenge.id).orderBy("position").execute()).map((c) => c.id);

  // Three applicants with submitted proposals (one titled as a formula, one in Cyrillic), a withdrawn one and a draft.
  const orgs = [await createOrg("startup", { name: NON_LATIN_ORG }), await createOrg("startup", { name: "+Plus Sensors Ltd" }), await createOrg("startup", { name: "Third Way Labs" })];
  const startupUser = await createUser({ name: "Оксана Коваленко" });
  await addMember(startupUser.id, orgs[0]!.id, "owner");
  s.startup = { user: startupUser, orgId: orgs[0]!.id, cookie: await sessionCookieFor(startupUser.id, orgs[0]!.id) };
  const titles = [NON_LATIN_TITLE, HOSTILE_TITLE, "Quiet routes"];
  s.submitted = [];
  for (const [i, org] of orgs.entries()) {
    const p = await createProposal(challenge.id, org.id, { status: "submitted", title: titles[i] });
    s.submitted.push({ id: p.id, title: titles[i]!, org: org.name });
    await db().insertInto("eligibility_answers").values([
      { proposal_id: p.id, question_id: s.questionIds[0]!, answer: i === 1 ? HOSTILE_ANSWER : "Yes" },
      { proposal_id: p.id, question_id: s.questionIds[1]!, answer: `Camden and ${["Islington", "Hackney", "Brent"][i]}` },
    ]).execute();
  }
  s.withdrawnTitle = (await createProposal(challenge.id, (await createOrg("startup")).id, { status: "withdrawn", title: "Withdrawn idea" })).title;
  s.draftTitle = (await createProposal(challenge.id, (await createOrg("startup")).id, { title: "Draft idea never sent" })).title;

  // Scores as the scoring job writes them, for the first two (the third had no submitted review).
  const run = await db().insertInto("job_runs").values({ kind: "score-proposals", challenge_id: challenge.id, status: "completed", progress: 100 })
    .returning("id").executeTakeFirstOrThrow();
  const scores = [
    { raw: 4.125, calibrated: 4.3333, uncertainty: 0.41666, impact: 4.5, feasibility: 3.75, passes: true },
    { raw: 3.5, calibrated: 3.14159, uncertainty: 0.7071, impact: 3.25, feasibility: 1.5, passes: false },
  ];
  for (const [i, sc] of scores.entries()) {
    await db().insertInto("proposal_scores").values({
      challenge_id: challenge.id, proposal_id: s.submitted[i]!.id, run_id: run.id, raw: sc.raw, calibrated: sc.calibrated, uncertainty: sc.uncertainty,
      rank: i + 1, review_count: 3, disagreement: false, passes_thresholds: sc.passes,
      criterion_means: sql`cast(${JSON.stringify({ [s.criterionIds[0]!]: sc.impact, [s.criterionIds[1]!]: sc.feasibility })}::text as jsonb)`,
    }).execute();
  }
  await db().updateTable("proposals").set({ status: "under_review" }).where("id", "in", s.submitted.map((p) => p.id)).execute();
  await createAttachment({ proposalId: s.submitted[0]!.id }, { orgId: orgs[0]!.id, name: "План пілоту.pdf" });
  await createAttachment({ proposalId: s.submitted[0]!.id }, { orgId: orgs[0]!.id, name: "budget.csv", mediaType: "text/csv", ext: "csv", bytes: new TextEncoder().encode("a,b\n1,2\n") });

  const judgeUser = await createUser();
  await createJudge({ challenge_id: challenge.id, user_id: judgeUser.id });
  s.judgeCookie = await sessionCookieFor(judgeUser.id, null);

  // A blind challenge whose shortlist the corporate sponsors; the other corporate sponsors a different challenge.
  const blind = await createChallenge(s.owner.orgId, { title: "Blind round", blind: true });
  s.blindChallengeId = blind.id;
  s.blindOrgName = "Quillfeather Analytics";
  s.blindMemberName = "Marisol Vantongeren";
  const blindOrg = await createOrg("startup", { name: s.blindOrgName });
  const member = await createUser({ name: s.blindMemberName });
  await addMember(member.id, blindOrg.id, "owner");
  const shortlisted = await createProposal(blind.id, blindOrg.id, { status: "submitted", title: "Quillfeather's kerbside sensors" });
  await db().updateTable("proposals").set({ status: "shortlisted", team: `Led by ${s.blindMemberName}`, summary: "Quillfeather Analytics measures NO2 at the kerb." })
    .where("id", "=", shortlisted.id).execute();
  await createAttachment({ proposalId: shortlisted.id }, { orgId: blindOrg.id, name: "Quillfeather deck.pdf" });
  await closeChallenge(blind.id);
  s.blindSponsorshipId = (await createSponsorship({ challenge_id: blind.id, org_id: s.corporate.orgId })).id;
  s.pendingSponsorshipId = (await createSponsorship({ challenge_id: challenge.id, org_id: s.corporate.orgId, status: "offered" })).id;
  const elsewhere = await createChallenge(s.otherBody.orgId, { title: "Another body's round" });
  s.otherSponsorshipId = (await createSponsorship({ challenge_id: elsewhere.id, org_id: s.otherCorporate.orgId })).id;
});

const ownerCsv = (cookie: string | undefined = s.owner.cookie) => download(proposalsCsv.loader as Loader, `/my/challenges/${s.challengeId}/proposals.csv`, { id: s.challengeId }, cookie);
const ownerXlsx = (cookie = s.owner.cookie) => download(proposalsXlsx.loader as Loader, `/my/challenges/${s.challengeId}/proposals.xlsx`, { id: s.challengeId }, cookie);
const pack = (proposalId: string, cookie = s.owner.cookie) =>
  download(packPdf.loader as Loader, `/my/challenges/${s.challengeId}/proposals/${proposalId}/pack.pdf`, { id: s.challengeId, proposalId }, cookie);
const sponsorFile = (format: "csv" | "xlsx", id: string, cookie = s.corporate.cookie) =>
  download((format === "csv" ? shortlistCsv : shortlistXlsx).loader as Loader, `/my/sponsorships/${id}/shortlist.${format}`, { id }, cookie);

const exportEvents = (subjectId: string) => db().selectFrom("audit_events").select(["actor_user_id", "actor_org_id", "subject_type", "subject_org_id", "detail", "path"])
  .where("action", "=", "data.exported").where("subject_id", "=", subjectId).orderBy("id").execute();

describe("before the deadline", () => {
  it("the proposals file has its header and no row, and a pack is not found (decision 003)", async () => {
    const csv = await ownerCsv();
    expect(csv.status).toBe(200);
    const rows = parseCsv(text(csv.bytes));
    expect(rows).toHaveLength(1);
    for (const p of s.submitted) expect(text(csv.bytes)).not.toContain(p.org);
    expect((await pack(s.submitted[0]!.id)).status).toBe(404);
  });
});

describe("the owner's proposals file", () => {
  beforeAll(async () => {
    await closeChallenge(s.challengeId);
  });

  it("has one row per submitted proposal, in rank order, with the results page's figures, answers and decisions", async () => {
    const res = await ownerCsv();
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="proposals-cleaner-air-on-school-streets\.csv"/);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    const [header, ...rows] = parseCsv(text(res.bytes));
    expect(header).toEqual([
      "Reference", "Title", "Organisation", "Decision", "Submitted", "Funding requested (GBP)", "Readiness level (TRL)",
      "Are you registered in the UK?", "'-Which boroughs?", "Impact (mean score, weight 60)", "Feasibility (mean score, weight 40)",
      "Raw mean", "Calibrated score", "Uncertainty (±)", "Reviews", "Rank", "Passes thresholds",
    ]);
    expect(rows).toHaveLength(3);
    const body = text(res.bytes);
    expect(body).not.toContain(s.withdrawnTitle);
    expect(body).not.toContain(s.draftTitle);

    // The results page's table, as the owner reads it: the same proposals, ranks and two-decimal figures.
    const page = await call(results.loader, getRequest(`/my/challenges/${s.challengeId}/results`, s.owner.cookie), { id: s.challengeId });
    const ranked = (page.body as { ranked: { id: string; title: string; org_name: string; rank: number; raw: number; calibrated: number; uncertainty: number }[] }).ranked;
    expect(ranked).toHaveLength(2);
    const col = (name: string) => header!.indexOf(name);
    for (const [i, r] of ranked.entries()) {
      const row = rows[i]!;
      expect(row[col("Title")]).toBe(r.title.startsWith("=") ? `'${r.title}` : r.title);
      expect(row[col("Organisation")]).toBe(r.org_name.startsWith("+") ? `'${r.org_name}` : r.org_name);
      expect(row[col("Rank")]).toBe(String(r.rank));
      expect(row[col("Raw mean")]).toBe(String(Number(r.raw.toFixed(2))));
      expect(row[col("Calibrated score")]).toBe(String(Number(r.calibrated.toFixed(2))));
      expect(row[col("Uncertainty (±)")]).toBe(String(Number(r.uncertainty.toFixed(2))));
      expect(row[col("Decision")]).toBe("Under review");
    }
    expect(rows.map((r) => r[col("Calibrated score")])).toEqual(["4.33", "3.14", ""]);
    expect(rows.map((r) => [r[col("Impact (mean score, weight 60)")], r[col("Feasibility (mean score, weight 40)")]])).toEqual([["4.5", "3.75"], ["3.25", "1.5"], ["", ""]]);
    expect(rows.map((r) => r[col("Passes thresholds")])).toEqual(["Yes", "No", ""]);
    expect(rows[2]![col("Title")]).toBe("Quiet routes");
    expect(rows[2]![col("Rank")]).toBe("");
    expect(rows.map((r) => r[col("'-Which boroughs?")])).toEqual(["Camden and Islington", "Camden and Hackney", "Camden and Brent"]);
    const refs = await db().selectFrom("proposals").select(["id", "reference"]).where("id", "in", s.submitted.map((p) => p.id)).execute();
    expect(rows.map((r) => r[col("Reference")])).toEqual(s.submitted.map((p) => refs.find((x) => x.id === p.id)!.reference));
  });

  it("neutralises formulas in titles, organisations, questions and answers, in CSV and in XLSX alike", async () => {
    const csv = parseCsv(text((await ownerCsv()).bytes));
    const xlsx = await readXlsx((await ownerXlsx()).bytes);
    expect(csv[2]).toContain(`'${HOSTILE_TITLE}`);
    expect(csv[2]).toContain(`'${HOSTILE_ANSWER}`);
    expect(csv[2]).toContain("'+Plus Sensors Ltd");
    for (const table of [csv, xlsx]) {
      for (const cell of table.flat()) {
        if (typeof cell === "string") expect(cell).not.toMatch(FORMULA_START);
        else expect(cell === null || typeof cell === "number").toBe(true); // never a formula object
      }
    }
  });

  it("as XLSX holds the same cells as the CSV, numbers as numbers, the text as typed (non-Latin included)", async () => {
    const res = await ownerXlsx();
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const xlsx = await readXlsx(res.bytes);
    const csv = parseCsv(text((await ownerCsv()).bytes));
    expect(xlsx.map((row) => row.map((v) => (v === null ? "" : String(v))))).toEqual(csv);
    const header = xlsx[0] as string[];
    expect(typeof xlsx[1]![header.indexOf("Calibrated score")]).toBe("number");
    expect(xlsx[1]![header.indexOf("Title")]).toBe(NON_LATIN_TITLE);
    expect(xlsx[1]![header.indexOf("Organisation")]).toBe(NON_LATIN_ORG);
  });

  it("each download writes an audit row: who, which challenge, format and row count, no personal data", async () => {
    const before = (await exportEvents(s.challengeId)).length;
    await ownerCsv();
    await ownerXlsx();
    const events = (await exportEvents(s.challengeId)).slice(before);
    expect(events.map((e) => e.detail)).toEqual([
      { export: "proposals", format: "csv", rows: 3, challengeId: s.challengeId },
      { export: "proposals", format: "xlsx", rows: 3, challengeId: s.challengeId },
    ]);
    for (const e of events) {
      expect(e).toMatchObject({ actor_user_id: s.owner.user.id, actor_org_id: s.owner.orgId, subject_type: "challenge", subject_org_id: s.owner.orgId });
      for (const p of s.submitted) expect(JSON.stringify(e)).not.toContain(p.org);
    }
    expect(events[1]!.path).toBe(`/my/challenges/${s.challengeId}/proposals.xlsx`);
  });

  it("is not handed over when its audit row cannot be written", async () => {
    const restore = await failInserts("audit_events", "NEW.action = 'data.exported'");
    try {
      for (const run of [() => ownerCsv(), () => ownerXlsx(), () => pack(s.submitted[0]!.id), () => sponsorFile("csv", s.blindSponsorshipId)]) {
        await expect(run()).rejects.toThrow(/insert into audit_events refused/);
      }
    } finally {
      await restore();
    }
  });

  it("is open to the programme office, whose export is recorded as theirs", async () => {
    const res = await ownerCsv(s.adminCookie);
    expect(res.status).toBe(200);
    expect(parseCsv(text(res.bytes))).toHaveLength(4);
    const [last] = (await exportEvents(s.challengeId)).slice(-1);
    expect(last!.actor_org_id).toBeNull();
    expect(last!.actor_user_id).not.toBe(s.owner.user.id);
  });
});

describe("a proposal's pack", () => {
  it("is a PDF with the proposal's text, answers, scores and its attachments by name, type and size, non-Latin text intact", async () => {
    const res = await pack(s.submitted[0]!.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(text(res.bytes.slice(0, 5))).toBe("%PDF-");
    const pdf = (await pdfText(res.bytes)).replace(/\s+/g, " ");
    const p = await db().selectFrom("proposals").select(["summary", "approach", "reference"]).where("id", "=", s.submitted[0]!.id).executeTakeFirstOrThrow();
    expect(pdf).toContain(NON_LATIN_TITLE);
    expect(pdf).toContain(`Applicant: ${NON_LATIN_ORG}`);
    expect(pdf).toContain(`Reference: ${p.reference}`);
    expect(pdf).toContain(p.summary.replace(/\s+/g, " "));
    expect(pdf).toContain("Camden and Islington");
    expect(pdf).toContain("Rank: 1 of 2");
    expect(pdf).toContain("Calibrated score: 4.33");
    expect(pdf).toContain("Impact (weight 60): 4.50");
    expect(pdf).toContain("Attachments (2)");
    const sizes = await db().selectFrom("attachments").select(["original_name", "size_bytes"]).where("proposal_id", "=", s.submitted[0]!.id).execute();
    expect(sizes.find((a) => a.original_name === "budget.csv")!.size_bytes).toBe(8);
    expect(pdf).toContain("План пілоту.pdf: application/pdf");
    expect(pdf).toContain("budget.csv: text/csv, 8 bytes");
  });

  it("says so when a proposal is not scored and has no files, and is recorded in the audit trail", async () => {
    const res = await pack(s.submitted[2]!.id);
    expect(res.status).toBe(200);
    const pdf = await pdfText(res.bytes);
    expect(pdf).toContain("Not scored yet.");
    expect(pdf).toContain("No files are attached to this proposal.");
    const [last] = (await exportEvents(s.challengeId)).slice(-1);
    expect(last!.detail).toEqual({ export: "proposal-pack", format: "pdf", rows: 1, challengeId: s.challengeId, proposalId: s.submitted[2]!.id });
  });

  it("is not found for a withdrawn or draft proposal, or another challenge's", async () => {
    const withdrawn = await db().selectFrom("proposals").select("id").where("title", "=", s.withdrawnTitle).executeTakeFirstOrThrow();
    const draft = await db().selectFrom("proposals").select("id").where("title", "=", s.draftTitle).executeTakeFirstOrThrow();
    const elsewhere = await db().selectFrom("proposals").select("id").where("challenge_id", "=", s.blindChallengeId).executeTakeFirstOrThrow();
    for (const id of [withdrawn.id, draft.id, elsewhere.id]) expect((await pack(id)).status).toBe(404);
  });
});

describe("the sponsor's shortlist", () => {
  it("of a blind challenge names no applicant, team or original file, as its page does not, in CSV and XLSX", async () => {
    const csv = await sponsorFile("csv", s.blindSponsorshipId);
    expect(csv.status).toBe(200);
    const rows = parseCsv(text(csv.bytes));
    expect(rows[0]).toEqual(["Title", "Applicant", "Readiness level (TRL)", "Calibrated score", "Summary", "Tags", "Support needed", "Files"]);
    expect(rows).toHaveLength(2);
    expect(rows[1]![1]).toBe("Applicant withheld");
    expect(rows[1]![0]).toBe("[applicant]'s kerbside sensors");
    expect(rows[1]![7]).toBe("Attachment 1.pdf");
    const xlsx = await readXlsx((await sponsorFile("xlsx", s.blindSponsorshipId)).bytes);
    expect(xlsx.map((r) => r.map((v) => (v === null ? "" : String(v))))).toEqual(rows);
    for (const file of [text(csv.bytes), JSON.stringify(xlsx)]) {
      for (const secret of ["Quillfeather", "quillfeather", "Marisol", "Vantongeren"]) expect(file).not.toContain(secret);
    }
  });

  it("names the applicant once the pairing is published", async () => {
    await db().updateTable("challenges").set({ pairing_published_at: new Date() }).where("id", "=", s.blindChallengeId).execute();
    try {
      const rows = parseCsv(text((await sponsorFile("csv", s.blindSponsorshipId)).bytes));
      expect(rows[1]!.slice(0, 2)).toEqual(["Quillfeather's kerbside sensors", s.blindOrgName]);
      expect(rows[1]![7]).toBe("Quillfeather deck.pdf");
    } finally {
      await db().updateTable("challenges").set({ pairing_published_at: null }).where("id", "=", s.blindChallengeId).execute();
    }
  });

  it("writes an audit row per download, and records each proposal's view for its applicant", async () => {
    const views = async () => Number((await db().selectFrom("audit_events").select(sql<string>`count(*)`.as("n"))
      .where("action", "=", "proposal.viewed").where("path", "like", `/my/sponsorships/${s.blindSponsorshipId}/%`).executeTakeFirstOrThrow()).n);
    const before = { events: (await exportEvents(s.blindSponsorshipId)).length, views: await views() };
    await sponsorFile("xlsx", s.blindSponsorshipId);
    const events = (await exportEvents(s.blindSponsorshipId)).slice(before.events);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor_user_id: s.corporate.user.id, subject_type: "sponsorship", subject_org_id: s.corporate.orgId,
      detail: { export: "shortlist", format: "xlsx", rows: 1, challengeId: s.blindChallengeId },
    });
    expect(await views()).toBe(before.views + 1);
  });

  it("is not found for an offer the owner has not accepted, or another corporate's sponsorship", async () => {
    expect((await sponsorFile("csv", s.pendingSponsorshipId)).status).toBe(404);
    expect((await sponsorFile("csv", s.otherSponsorshipId)).status).toBe(404);
    expect((await sponsorFile("xlsx", s.blindSponsorshipId, s.otherCorporate.cookie)).status).toBe(404);
  });
});

describe("everyone else is refused, and nothing is recorded as exported", () => {
  type Who = "visitor" | "startup" | "otherBody" | "judge" | "otherCorporate" | "corporate" | "owner" | "admin";
  const cookie = (who: Who) => ({
    visitor: undefined, startup: s.startup.cookie, otherBody: s.otherBody.cookie, judge: s.judgeCookie, otherCorporate: s.otherCorporate.cookie,
    corporate: s.corporate.cookie, owner: s.owner.cookie, admin: s.adminCookie,
  })[who];
  // Decision 003: visitors sign in; the wrong kind of organisation is forbidden; another's resource is not found.
  const owner: Partial<Record<Who, number>> = { visitor: 302, startup: 403, otherBody: 404, judge: 403, otherCorporate: 403, corporate: 403 };
  const sponsor: Partial<Record<Who, number>> = { visitor: 302, startup: 403, otherBody: 403, judge: 403, owner: 403, admin: 403, otherCorporate: 404 };
  const cases: [string, (c?: string) => ReturnType<typeof download>, Partial<Record<Who, number>>][] = [
    // Called without the helpers above: their default session would stand in for a visitor's missing cookie.
    ["proposals.csv", (c) => download(proposalsCsv.loader as Loader, `/my/challenges/${s.challengeId}/proposals.csv`, { id: s.challengeId }, c), owner],
    ["proposals.xlsx", (c) => download(proposalsXlsx.loader as Loader, `/my/challenges/${s.challengeId}/proposals.xlsx`, { id: s.challengeId }, c), owner],
    ["pack.pdf", (c) => download(packPdf.loader as Loader, `/my/challenges/${s.challengeId}/proposals/${s.submitted[0]!.id}/pack.pdf`, { id: s.challengeId, proposalId: s.submitted[0]!.id }, c), owner],
    ["shortlist.csv", (c) => download(shortlistCsv.loader as Loader, `/my/sponsorships/${s.blindSponsorshipId}/shortlist.csv`, { id: s.blindSponsorshipId }, c), sponsor],
    ["shortlist.xlsx", (c) => download(shortlistXlsx.loader as Loader, `/my/sponsorships/${s.blindSponsorshipId}/shortlist.xlsx`, { id: s.blindSponsorshipId }, c), sponsor],
  ];
  it.each(cases)("%s", async (_name, run, expected) => {
    const before = await db().selectFrom("audit_events").select(sql<string>`count(*)`.as("n")).where("action", "=", "data.exported").executeTakeFirstOrThrow();
    for (const [who, status] of Object.entries(expected) as [Who, number][]) {
      const res = await run(cookie(who));
      expect(res.status, who).toBe(status);
      for (const p of s.submitted) expect(text(res.bytes), who).not.toContain(p.title);
    }
    const after = await db().selectFrom("audit_events").select(sql<string>`count(*)`.as("n")).where("action", "=", "data.exported").executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});
