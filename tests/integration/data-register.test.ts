// The data-sharing register through the real routes (decision 034): only the pilot's team declares, only
// its public body approves (others 404/403, nothing changed); an approved entry changed makes a new pending
// version while the approved one stays public; the history lists each version; the DPIA gate keeps a pilot
// with undocumented personal data from starting; the public pages and the open-data file name
// organisations only; every change is audited.
import { beforeAll, describe, expect, it } from "vitest";
import * as registerPage from "../../app/routes/pilots.$id.data._index";
import * as declarePage from "../../app/routes/pilots.$id.data.declare";
import * as programmePage from "../../app/routes/data-register";
import * as planPage from "../../app/routes/pilots.$id.plan";
import * as openData from "../../app/routes/open-data.$file";
import { db } from "../../app/server/connections.server";
import { DATASETS } from "../../app/server/open-data/datasets.server";
import { DPIA_NEEDED_TO_APPROVE, OUT_OF_DATE } from "../../app/rules/register/versions";
import type { EntryView } from "../../app/server/register/queries.server";
import { createAdmin, createKpi, createMember, createPilotTeam, ukDateFields } from "../support/factories";
import { call, getRequest, postRequest } from "../support/requests";

type Member = Awaited<ReturnType<typeof createMember>>;
const PLANTED_NAME = "Philippa Registername";
const s = {} as { body: Member; startup: Member; corp: Member; outsider: Member; otherBody: Member; admin: { cookie: string }; pilotId: string };

const DATASET = {
  dataset: "Resident noise complaints", ownerOrganisation: "Council environmental health team",
  description: "Each complaint's street, date and category, and the resident's contact details.", personalData: "yes",
  purpose: "To place sensors where complaints cluster and to tell residents about results.", legalBasis: "public_task",
  retention: "Deleted six months after the pilot ends", dpiaDone: "no", access: "The start-up's two data engineers and the council's team",
};

const declare = (form: Record<string, string>, cookie?: string, entry?: string) =>
  call(declarePage.action, postRequest(`/pilots/${s.pilotId}/data/declare${entry ? `?entry=${entry}` : ""}`, form, cookie), { id: s.pilotId });
const approve = (entryId: string, version: number, cookie?: string) =>
  call(registerPage.action, postRequest(`/pilots/${s.pilotId}/data`, { intent: "approve", entryId, version: String(version) }, cookie), { id: s.pilotId });
const read = (cookie?: string) => call(registerPage.loader, getRequest(`/pilots/${s.pilotId}/data`, cookie), { id: s.pilotId });
const entriesAs = async (cookie?: string) => ((await read(cookie)).body as { entries: EntryView[] }).entries;
const fields = (res: { body: unknown }) => (res.body as { errors: { fields: Record<string, string> } }).errors.fields;
const versions = () => db().selectFrom("data_register_versions as v").innerJoin("data_register_entries as e", "e.id", "v.entry_id")
  .select(["v.entry_id", "v.version", "v.status", "v.dpia_done", "v.retention"]).where("e.pilot_id", "=", s.pilotId).orderBy("v.version").execute();
const events = async () => (await db().selectFrom("audit_events").select(["action", "detail", "actor_user_id"])
  .where("subject_type", "=", "pilot").where("subject_id", "=", s.pilotId).where("action", "like", "register.%").orderBy("id").execute());
let entryId = "";

beforeAll(async () => {
  const team = await createPilotTeam({ title: "Street noise sensors", startupUserName: PLANTED_NAME });
  Object.assign(s, { body: team.body, startup: team.startup, corp: team.corp, pilotId: team.pilotId });
  s.outsider = await createMember("startup");
  s.otherBody = await createMember("public_body");
  s.admin = await createAdmin();
  // A plan ready to approve but for its register.
  await db().updateTable("pilots").set({ starts_on: "2026-01-01", ends_on: "2099-01-01" }).where("id", "=", s.pilotId).execute();
  await createKpi({ pilot_id: s.pilotId });
});

describe("declaring a dataset", () => {
  it("is for the pilot's team only: others are told it does not exist (404), admins refused (403), nothing saved", async () => {
    expect((await declare(DATASET)).status).toBe(302); // a visitor is sent to sign in
    expect((await declare(DATASET, s.outsider.cookie)).status).toBe(404);
    expect((await declare(DATASET, s.otherBody.cookie)).status).toBe(404);
    expect((await declare(DATASET, s.admin.cookie)).status).toBe(403);
    expect((await call(declarePage.loader, getRequest(`/pilots/${s.pilotId}/data/declare`, s.outsider.cookie), { id: s.pilotId })).status).toBe(404);
    expect((await call(declarePage.loader, getRequest(`/pilots/${s.pilotId}/data/declare`, s.admin.cookie), { id: s.pilotId })).status).toBe(403);
    expect(await versions()).toEqual([]);
  });

  it("refuses a bad form next to its fields, and text naming a person by e-mail address", async () => {
    const blank = await declare({ personalData: "yes" }, s.startup.cookie);
    expect(blank.status).toBe(400);
    expect(fields(blank)).toMatchObject({ dataset: "Enter the name of the dataset", purpose: "Enter what the pilot uses the data for" });
    const { legalBasis: _, dpiaDone: __, ...undocumented } = DATASET;
    expect(fields(await declare(undocumented, s.startup.cookie))).toEqual({
      legalBasis: "Choose the lawful basis for using the personal data", dpiaDone: "Choose whether a DPIA has been done",
    });
    const withEmail = await declare({ ...DATASET, access: "Ask jo.bloggs@council.example" }, s.startup.cookie);
    expect(fields(withEmail)).toEqual({ access: expect.stringMatching(/not people/) });
    const futureDpia = await declare({ ...DATASET, dpiaDone: "yes", ...ukDateFields("dpiaOn", 5) }, s.startup.cookie);
    expect(fields(futureDpia)).toEqual({ dpiaOn: "The date of the DPIA must be today or in the past" });
    const badBasis = await declare({ ...DATASET, legalBasis: "because" }, s.startup.cookie);
    expect(Object.keys(fields(badBasis))).toEqual(["legalBasis"]);
    expect(await versions()).toEqual([]);
  });

  it("saves version 1, waiting for approval: the team sees it, the public does not, and it is audited", async () => {
    const res = await declare(DATASET, s.startup.cookie);
    expect(res.status).toBe(302);
    const rows = await versions();
    expect(rows).toEqual([expect.objectContaining({ version: 1, status: "pending", dpia_done: false })]);
    entryId = rows[0]!.entry_id;
    expect(res.headers.get("Location")).toBe(`/pilots/${s.pilotId}/data?notice=register-declared#entry-${entryId}`);
    const team = await entriesAs(s.corp.cookie);
    expect(team).toEqual([expect.objectContaining({ id: entryId, current: null, pending: expect.objectContaining({ version: 1 }) })]);
    // A draft pilot's register is its team's, like the pilot (404 to everyone else); admins read it without what waits.
    expect((await read()).status).toBe(404);
    expect((await read(s.outsider.cookie)).status).toBe(404);
    expect(await entriesAs(s.admin.cookie)).toEqual([]);
    expect(await events()).toEqual([{ action: "register.declared", detail: { entryId, version: 1 }, actor_user_id: s.startup.user.id }]);
    // The public body is told it waits for its approval; the rest of the team is not.
    const notices = await db().selectFrom("notifications").select(["user_id", "subject", "body"]).where("kind", "=", "register_awaiting").execute();
    expect(notices).toEqual([expect.objectContaining({ user_id: s.body.user.id, subject: 'Data register: approve "Resident noise complaints"' })]);
    expect(notices[0]!.body).toContain(`/pilots/${s.pilotId}/data`);
  });
});

describe("approval and the DPIA gate", () => {
  it("only the pilot's public body approves (the rest of the team 403, others 404), and not personal data without a DPIA", async () => {
    expect((await approve(entryId, 1, s.startup.cookie)).status).toBe(403);
    expect((await approve(entryId, 1, s.corp.cookie)).status).toBe(403);
    expect((await approve(entryId, 1, s.admin.cookie)).status).toBe(403);
    expect((await approve(entryId, 1, s.otherBody.cookie)).status).toBe(404);
    expect((await approve(entryId, 1)).status).toBe(302);
    const noDpia = await approve(entryId, 1, s.body.cookie);
    expect(noDpia.status).toBe(400);
    expect(fields(noDpia)).toEqual({ [`approve-${entryId}`]: DPIA_NEEDED_TO_APPROVE });
    expect((await versions()).map((v) => v.status)).toEqual(["pending"]);
  });

  it("keeps the pilot from starting while a personal-data entry lacks a dated DPIA", async () => {
    const plan = () => call(planPage.action, postRequest(`/pilots/${s.pilotId}/plan`, { intent: "approve", confirm: "yes" }, s.body.cookie), { id: s.pilotId });
    const refused = await plan();
    expect(refused.status).toBe(400);
    expect(fields(refused).approve).toMatch(/cannot start.*DPIA.*“Resident noise complaints”/);
    expect((await db().selectFrom("pilots").select("status").where("id", "=", s.pilotId).executeTakeFirstOrThrow()).status).toBe("draft");
    const page = (await read(s.body.cookie)).body as { dpiaGaps: string[] };
    expect(page.dpiaGaps).toEqual(["Resident noise complaints"]);

    // Recording the DPIA edits the pending version (nothing about it was public yet); then both go through.
    expect((await declare({ ...DATASET, entryId, dpiaDone: "yes", ...ukDateFields("dpiaOn", -20) }, s.corp.cookie)).status).toBe(302);
    expect(await versions()).toEqual([expect.objectContaining({ version: 1, status: "pending", dpia_done: true })]);
    expect((await approve(entryId, 1, s.body.cookie)).status).toBe(302);
    expect((await plan()).status).toBe(302);
    expect((await db().selectFrom("pilots").select("status").where("id", "=", s.pilotId).executeTakeFirstOrThrow()).status).toBe("approved");
  });
});

describe("a change after approval", () => {
  it("is a new pending version; the approved one stays public until the new one is approved; the history lists each", async () => {
    const unchanged = await declare({ ...DATASET, entryId, dpiaDone: "yes", ...ukDateFields("dpiaOn", -20) }, s.startup.cookie);
    expect(fields(unchanged)).toEqual({ form: "You have not changed anything in this entry" });

    const changed = { ...DATASET, entryId, dpiaDone: "yes", ...ukDateFields("dpiaOn", -20), retention: "Deleted three months after the pilot ends" };
    expect((await declare(changed, s.startup.cookie)).status).toBe(302);
    expect((await versions()).map((v) => [v.version, v.status, v.retention])).toEqual([
      [1, "approved", DATASET.retention], [2, "pending", changed.retention],
    ]);
    const [publicEntry] = await entriesAs();
    expect(publicEntry!.current).toMatchObject({ version: 1, retention: DATASET.retention });
    expect(publicEntry!.pending).toBeNull();
    expect(publicEntry!.history.map((h) => h.version)).toEqual([1]);
    const [teamEntry] = await entriesAs(s.body.cookie);
    expect(teamEntry!.pending).toMatchObject({ version: 2, retention: changed.retention });
    expect(teamEntry!.history.map((h) => [h.version, h.changed])).toEqual([[1, []], [2, ["retention"]]]);

    // A second change before approval edits version 2; approving what the page showed before it is out of date.
    const again = { ...changed, access: "The start-up's data engineers only" };
    expect((await declare(again, s.startup.cookie)).status).toBe(302);
    expect(fields(await approve(entryId, 1, s.body.cookie))).toEqual({ [`approve-${entryId}`]: OUT_OF_DATE });
    expect((await approve(entryId, 2, s.body.cookie)).status).toBe(302);
    const [after] = await entriesAs();
    expect(after!.current).toMatchObject({ version: 2, retention: changed.retention, access: again.access });
    expect(after!.history.map((h) => [h.version, h.status, h.changed])).toEqual([[1, "approved", []], [2, "approved", ["retention", "access"]]]);
  });

  it("audited each change with who made it and what it did", async () => {
    expect((await events()).map((e) => [e.action, e.detail])).toEqual([
      ["register.declared", { entryId, version: 1 }],
      ["register.changed", { entryId, version: 1, outcome: "edit-pending" }],
      ["register.approved", { entryId, version: 1 }],
      ["register.changed", { entryId, version: 2, outcome: "new-version" }],
      ["register.changed", { entryId, version: 2, outcome: "edit-pending" }],
      ["register.approved", { entryId, version: 2 }],
    ]);
  });

  it("refuses an entry of another pilot named in the form or the address (404)", async () => {
    const other = await createPilotTeam();
    const res = await call(declarePage.action, postRequest(`/pilots/${other.pilotId}/data/declare`, { ...DATASET, entryId }, other.startup.cookie), { id: other.pilotId });
    expect(res.status).toBe(404);
    const form = await call(declarePage.loader, getRequest(`/pilots/${other.pilotId}/data/declare?entry=${entryId}`, other.startup.cookie), { id: other.pilotId });
    expect(form.status).toBe(404);
  });
});

describe("the public register", () => {
  // Names, e-mail addresses and user ids of everyone who declared, changed or approved an entry.
  const people = () => [s.startup, s.body, s.corp].flatMap((m) => [m.user.name, m.user.email, m.user.id]).concat(PLANTED_NAME);

  it("the pilot's page and the programme's page name organisations, never people", async () => {
    for (const page of [await read(), await call(programmePage.loader, getRequest("/data-register"))]) {
      expect(page.status).toBe(200);
      expect(page.text).toContain("Resident noise complaints");
      for (const p of people()) expect(page.text).not.toContain(p);
    }
    const programme = (await call(programmePage.loader, getRequest("/data-register"))).body as { rows: { entryId: string; entry: { version: number } }[] };
    expect(programme.rows).toEqual([expect.objectContaining({ entryId, entry: expect.objectContaining({ version: 2 }) })]);
  });

  it("is open data as CSV and JSON, with the documented fields, the approved version only, and no people", async () => {
    const json = await call(openData.loader, getRequest("/open-data/register.json"), { file: "register.json" });
    const rows = (json.body as { data: Record<string, unknown>[] }).data;
    const doc = DATASETS.find((d) => d.file === "register")!;
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]!)).toEqual(doc.fields.map((f) => f.name));
    expect(rows[0]).toMatchObject({ entry_id: entryId, version: 2, personal_data: true, dpia_done: true, legal_basis: "public_task" });
    const csv = await call(openData.loader, getRequest("/open-data/register.csv"), { file: "register.csv" });
    expect(csv.text.split("\n")[0]).toBe(doc.fields.map((f) => f.name).join(","));
    for (const p of people()) {
      expect(json.text).not.toContain(p);
      expect(csv.text).not.toContain(p);
    }
  });
});
