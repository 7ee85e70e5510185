// Equality monitoring (decision 033) through the real routes and the real database roles: a start-up's
// member or a judge answers, changes and withdraws their own answers; nobody else may open the form; the
// app's own database role cannot read the answers at all, so no page, export or query of applications,
// judging or sponsorship can show or use them; only the suppressed counts reach the dashboard and open
// data, and the person's own answers their personal-data copy.
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import * as monitoringPage from "../../app/routes/account.monitoring";
import * as accountPage from "../../app/routes/account._index";
import * as openDataFile from "../../app/routes/open-data.$file";
import * as exportRoute from "../../app/routes/account.export";
import * as ownerProposal from "../../app/routes/my.challenges.$id.proposals.$proposalId";
import * as proposalsCsv from "../../app/routes/my.challenges.$id.proposals[.]csv";
import * as adminAudit from "../../app/routes/admin.audit";
import { db } from "../../app/server/connections.server";
import { readOwnAnswers } from "../../app/server/inclusion/answers.server";
import { rollUpProgramme } from "../../app/server/dashboards/rollup.server";
import { THRESHOLD } from "../../app/rules/inclusion/suppression";
import { MONITORING_QUESTIONS } from "../../app/rules/inclusion/questions";
import { closeChallenge, createAdmin, createChallenge, createJudge, createMember, createProposal, createUser, sessionCookieFor } from "../support/factories";
import { call, getRequest, postRequest } from "../support/requests";
import { ownerSql } from "../support/owner-db";

const ANSWERS = { gender: "non_binary", ethnicity: "mixed", disability: "yes", age_band: "55_64", borough: "kingston-upon-thames" };
const page = "/account/monitoring";
const save = (cookie: string, form: Record<string, string> = ANSWERS) => call(monitoringPage.action, postRequest(page, { intent: "save", ...form }, cookie));
const events = (userId: string) => db().selectFrom("audit_events").select(["action", "detail"]).where("actor_user_id", "=", userId)
  .where("action", "like", "monitoring.%").orderBy("id").execute();

describe("the monitoring form", () => {
  it("lets a start-up's member answer, change and withdraw their own answers, each audited without the answers", async () => {
    const me = await createMember("startup");
    const empty = await call(monitoringPage.loader, getRequest(page, me.cookie));
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ answers: null });
    expect(empty.headers.get("Cache-Control")).toBe("private, no-store");

    expect((await save(me.cookie)).headers.get("Location")).toBe("/account/monitoring?notice=monitoring-saved");
    expect(await readOwnAnswers(me.user.id)).toMatchObject(ANSWERS);
    expect((await call(monitoringPage.loader, getRequest(page, me.cookie))).body).toMatchObject({ answers: ANSWERS });
    await save(me.cookie, { ...ANSWERS, gender: "prefer_not_to_say" });
    expect(await readOwnAnswers(me.user.id)).toMatchObject({ ...ANSWERS, gender: "prefer_not_to_say" });

    const withdrawn = await call(monitoringPage.action, postRequest(page, { intent: "withdraw" }, me.cookie));
    expect(withdrawn.headers.get("Location")).toBe("/account/monitoring?notice=monitoring-withdrawn");
    expect(await readOwnAnswers(me.user.id)).toBeNull();
    // Withdrawing nothing changes nothing, and records nothing.
    await call(monitoringPage.action, postRequest(page, { intent: "withdraw" }, me.cookie));
    expect(await events(me.user.id)).toEqual([
      { action: "monitoring.answered", detail: {} }, { action: "monitoring.answered", detail: {} }, { action: "monitoring.withdrawn", detail: {} },
    ]);
  });

  it("refuses an unanswered or unknown answer with a message beside each question, and saves nothing", async () => {
    const me = await createMember("startup");
    const res = await save(me.cookie, { gender: "woman", ethnicity: "martian", age_band: "", borough: "atlantis" });
    expect(res.status).toBe(400);
    const errors = (res.body as { errors: { fields: Record<string, string>; summary: { href: string }[] } }).errors;
    expect(Object.keys(errors.fields).sort()).toEqual(["age_band", "borough", "disability", "ethnicity"]);
    expect(errors.summary.map((s) => s.href)).toEqual(["#ethnicity", "#disability", "#age-band", "#borough"]);
    expect(await readOwnAnswers(me.user.id)).toBeNull();
  });

  it("is for start-ups' members and judges only: others signed in get 403, visitors are sent to sign in", async () => {
    const startup = await createMember("startup");
    const body = await createMember("public_body");
    const corporate = await createMember("corporate");
    const admin = await createAdmin();
    const judgeUser = await createUser();
    await createJudge({ challenge_id: (await createChallenge(body.orgId)).id, user_id: judgeUser.id });
    const judge = await sessionCookieFor(judgeUser.id, null);
    const status = async (cookie?: string) => [
      (await call(monitoringPage.loader, getRequest(page, cookie))).status,
      (await call(monitoringPage.action, postRequest(page, { intent: "save", ...ANSWERS }, cookie))).status,
    ];
    expect(await status(startup.cookie)).toEqual([200, 302]);
    expect(await status(judge)).toEqual([200, 302]);
    for (const cookie of [body.cookie, corporate.cookie, admin.cookie]) expect(await status(cookie)).toEqual([403, 403]);
    expect(await status(undefined)).toEqual([302, 302]);
    const link = async (cookie: string) => (await call(accountPage.loader, getRequest("/account", cookie))).body;
    expect(await link(startup.cookie)).toMatchObject({ monitoring: true });
    expect(await link(body.cookie)).toMatchObject({ monitoring: false });
  });
});

describe("where the answers may go", () => {
  it("nowhere through the app's own database role: it cannot read, write or join the table, only call the functions", async () => {
    const me = await createMember("startup");
    await save(me.cookie);
    for (const statement of [
      sql`SELECT * FROM monitoring_answers`,
      sql`SELECT p.id FROM proposals p JOIN monitoring_answers a ON a.user_id = p.created_by`,
      sql`UPDATE monitoring_answers SET gender = 'man'`,
      sql`DELETE FROM monitoring_answers`,
      sql`INSERT INTO monitoring_answers (user_id, gender, ethnicity, disability, age_band, borough) VALUES (${me.user.id}, 'a', 'b', 'c', 'd', 'e')`,
    ]) {
      await expect(statement.execute(db())).rejects.toMatchObject({ code: "42501" });
    }
    const owner = ownerSql();
    try {
      expect(await owner`SELECT gender FROM monitoring_answers WHERE user_id = ${me.user.id}`).toEqual([{ gender: "non_binary" }]);
    } finally {
      await owner.end();
    }
  });

  it("not into the owner's view of the applicant's proposal, its export, or the programme office's audit trail", async () => {
    const body = await createMember("public_body");
    const founder = await createMember("startup");
    const admin = await createAdmin();
    const challenge = await createChallenge(body.orgId);
    const proposal = await createProposal(challenge.id, founder.orgId, { status: "submitted" });
    await closeChallenge(challenge.id);
    await save(founder.cookie);
    const answered = ["non_binary", "Non-binary", "kingston-upon-thames", "Kingston upon Thames", "55_64", "55 to 64"];
    const pages = [
      await call(ownerProposal.loader, getRequest(`/my/challenges/${challenge.id}/proposals/${proposal.id}`, body.cookie), { id: challenge.id, proposalId: proposal.id }),
      await call(proposalsCsv.loader, getRequest(`/my/challenges/${challenge.id}/proposals.csv`, body.cookie), { id: challenge.id }),
      await call(adminAudit.loader, getRequest("/admin/audit", admin.cookie)),
    ];
    for (const res of pages) {
      expect(res.status).toBe(200);
      const text = typeof res.body === "string" ? res.body : JSON.stringify(res.body);
      for (const word of answered) expect(text).not.toContain(word);
    }
  });

  it("is read only by the form, the account page and the personal-data copy, and counted only by the programme roll-up (the source says so)", async () => {
    const root = join(__dirname, "../..");
    const files: string[] = [];
    const walk = async (dir: string) => {
      for (const entry of await readdir(join(root, dir), { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (/\.(ts|tsx)$/.test(entry.name)) files.push(path);
      }
    };
    // The product's code; the demo seed (db/seed) answers through the same commands.
    for (const dir of ["app", "jobs", "scripts"]) await walk(dir);
    const using = async (pattern: RegExp) => {
      const found: string[] = [];
      for (const f of files) if (pattern.test(await readFile(join(root, f), "utf8"))) found.push(relative(".", f));
      return found.sort();
    };
    expect(await using(/monitoring_(own|save|withdraw|counts)\(|monitoring_answers/)).toEqual([
      "app/server/inclusion/answers.server.ts", "app/server/inclusion/figures.server.ts",
    ]);
    expect(await using(/inclusion\/answers\.server/)).toEqual([
      "app/routes/account._index.tsx", "app/routes/account.monitoring.tsx", "app/server/accounts/personal-data.server.ts",
    ]);
    expect(await using(/inclusion\/figures\.server/)).toEqual(["app/server/dashboards/programme-figures.server.ts"]);
  });

  it("into the person's own data copy (and nobody else's); deleting the account erases them (personal-data.test.ts)", async () => {
    const me = await createMember("startup");
    const other = await createMember("startup");
    await save(me.cookie);
    const mine = await call(exportRoute.loader, getRequest("/account/export", me.cookie));
    expect((mine.body as { equality_monitoring: unknown }).equality_monitoring).toMatchObject(ANSWERS);
    const theirs = await call(exportRoute.loader, getRequest("/account/export", other.cookie));
    expect((theirs.body as { equality_monitoring: unknown }).equality_monitoring).toBeNull();
  });

  it("into the dashboard and open data only as counts, none under the threshold, the same in both", async () => {
    // Only the founders below have answered (this file's other tests answered too).
    await sql`SELECT monitoring_withdraw(id) FROM users`.execute(db());
    const body = await createMember("public_body");
    const challenge = await createChallenge(body.orgId);
    // Twelve founders who applied: 11 women and one man, all otherwise alike. The man must not show, nor be
    // worked out: the 12 less the 11 is one person among the withheld answers, not which.
    const founders = [];
    for (let i = 0; i < 12; i++) {
      const f = await createMember("startup");
      await createProposal(challenge.id, f.orgId, { status: "submitted" });
      await save(f.cookie, { gender: i === 0 ? "man" : "woman", ethnicity: "white", disability: "no", age_band: "25_34", borough: "camden" });
      founders.push(f);
    }
    const figures = (await rollUpProgramme(db())).inclusion!;
    const startups = figures.startups;
    if (startups.withheld) throw new Error("expected the start-ups' table");
    expect(startups.columns).toEqual(["applied"]);
    expect(startups.total).toBeGreaterThanOrEqual(12);
    const gender = startups.questions.find((q) => q.key === "gender")!;
    const man = gender.rows.find((r) => r.answer === "man")!;
    const woman = gender.rows.find((r) => r.answer === "woman")!;
    expect(man.cells).toEqual([null]);
    expect(woman.cells).toEqual([11]);
    expect(gender.rows.filter((r) => r.cells[0] === null).length).toBeGreaterThanOrEqual(2);
    const disability = startups.questions.find((q) => q.key === "disability")!;
    // All twelve said no: a published 12 would tell what each of them answered (the other answers then 0), so it is withheld too.
    expect(disability.rows.map((r) => r.cells[0])).toEqual([null, null, null]);

    const csv = await call(openDataFile.loader, getRequest("/open-data/monitoring.csv"), { file: "monitoring.csv" });
    expect(csv.status).toBe(200);
    const lines = csv.text.trim().split("\n");
    expect(lines[0]).toBe("population,question,answer,stage,count");
    for (const line of lines.slice(1)) {
      const count = line.split(",").at(-1)!;
      if (count !== "") expect(Number(count)).toBeGreaterThanOrEqual(THRESHOLD);
    }
    expect(lines).toContain("startups,gender,man,applied,");
    const json = await call(openDataFile.loader, getRequest("/open-data/monitoring.json"), { file: "monitoring.json" });
    const rows = (json.body as { data: { population: string; question: string; answer: string; stage: string; count: number | null }[] }).data;
    expect(rows.find((r) => r.question === "gender" && r.answer === "all" && r.stage === "applied")?.count).toBe(startups.columnTotals[0]);
    expect(rows.length).toBe(lines.length - 1);
    // No person's id or answers-as-a-row: only the questions' own words.
    for (const f of founders) expect(csv.text).not.toContain(f.user.id);
    expect(new Set(rows.map((r) => r.question))).toEqual(new Set(MONITORING_QUESTIONS.map((q) => q.key)));
  });
});
