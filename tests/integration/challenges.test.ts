// Browsing, drafting, previewing, publishing and editing challenges.
import { describe, expect, it } from "vitest";
import * as browse from "../../app/routes/challenges._index";
import * as publicPage from "../../app/routes/challenges.$id._index";
import * as manage from "../../app/routes/my.challenges.$id._index";
import * as edit from "../../app/routes/my.challenges.$id.edit";
import * as newChallenge from "../../app/routes/my.challenges.new";
import { db } from "../../app/server/connections.server";
import { createChallenge, createMember, createOrg } from "../support/factories";
import { call, getRequest, postRequest } from "../support/requests";

const DAY = 86_400_000;

async function areaId(slug: string) {
  return String((await db().selectFrom("areas").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id);
}
async function themeId(slug: string) {
  return String((await db().selectFrom("themes").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id);
}

async function challengeForm(overrides: Record<string, string | string[]> = {}) {
  const year = String(new Date().getFullYear() + 1);
  return {
    title: "Cleaner air around primary schools",
    summary: "Cut children's exposure to traffic pollution on the walk to school.",
    problemStatement: "Children walking to school breathe some of the most polluted air in the borough, and it harms their lungs.",
    themeId: await themeId("climate"),
    areaIds: [await areaId("camden"), await areaId("islington")],
    fundingKind: "budget",
    fundingGbp: "75000",
    pilotWeeks: "16",
    "opensAt.day": "1", "opensAt.month": "2", "opensAt.year": year,
    "closesAt.day": "1", "closesAt.month": "4", "closesAt.year": year,
    blindReview: "yes",
    reviewsPerProposal: "3",
    eligibilityQuestions: "Are you registered in the UK?",
    "criteria[0].name": "Impact", "criteria[0].weight": "70",
    "criteria[1].name": "Feasibility", "criteria[1].weight": "30",
    ...overrides,
  };
}

describe("browsing challenges", () => {
  it("filters by theme, area and status, searches with full-text search and paginates", async () => {
    const body = await createOrg("public_body", { name: "Riverside Council" });
    await createChallenge(body.id, { title: "Polluted air near schools", summary: "Traffic fumes harm children", themeSlug: "climate", areaSlug: "camden" });
    await createChallenge(body.id, { title: "Lonely later life", summary: "Older people living alone", themeSlug: "ageing-population", areaSlug: "hackney" });
    await createChallenge(body.id, { title: "Future heat plan", summary: "Upcoming work on heat", themeSlug: "climate", opensAt: new Date(Date.now() + 5 * DAY), closesAt: new Date(Date.now() + 50 * DAY) });
    await createChallenge(body.id, { title: "Secret draft about pollution", status: "draft" });
    for (let i = 0; i < 11; i++) await createChallenge(body.id, { title: `Inequality challenge ${i}`, themeSlug: "reducing-inequality", areaSlug: "newham" });

    const list = async (qs: string) => (await call(browse.loader, getRequest(`/challenges?${qs}`))).body as Awaited<ReturnType<typeof browse.loader>> extends infer _T ? { results: { total: number; page: number; pageCount: number; challenges: { title: string; status: string }[] } } : never;

    // Stemming: "pollution" finds "Polluted"; drafts never appear.
    const search = await list("q=pollution&status=any");
    expect(search.results.challenges.map((c) => c.title)).toEqual(["Polluted air near schools"]);
    const climate = await list("theme=climate&status=any");
    expect(climate.results.challenges.map((c) => c.title).sort()).toEqual(["Future heat plan", "Polluted air near schools"]);
    const hackney = await list("area=hackney");
    expect(hackney.results.challenges.map((c) => c.title)).toEqual(["Lonely later life"]);
    const upcoming = await list("status=upcoming");
    expect(upcoming.results.challenges.map((c) => [c.title, c.status])).toEqual([["Future heat plan", "upcoming"]]);

    const page1 = await list("theme=reducing-inequality");
    expect(page1.results).toMatchObject({ total: 11, page: 1, pageCount: 2 });
    expect(page1.results.challenges).toHaveLength(10);
    const page2 = await list("theme=reducing-inequality&page=2");
    expect(page2.results.challenges).toHaveLength(1);
    expect(page1.results.challenges.map((c) => c.title)).not.toContain(page2.results.challenges[0]!.title);
  });

  it("ignores nonsense in the query string instead of failing", async () => {
    const res = await call(browse.loader, getRequest("/challenges?page=-3&status=bogus&theme=&q=" + "x".repeat(500)));
    expect(res.status).toBe(200);
  });

  it("shows a published challenge to anyone, and a draft only to its own organisation", async () => {
    const owner = await createMember("public_body");
    const otherBody = await createMember("public_body");
    const published = await createChallenge(owner.orgId, { title: "Published one" });
    const draft = await createChallenge(owner.orgId, { title: "Unpublished secret plan", status: "draft" });
    expect((await call(publicPage.loader, getRequest(`/challenges/${published.id}`), { id: published.id })).status).toBe(200);
    for (const cookie of [undefined, otherBody.cookie]) {
      const res = await call(publicPage.loader, getRequest(`/challenges/${draft.id}`, cookie), { id: draft.id });
      expect(res.status).toBe(404);
      expect(res.text).not.toContain("Unpublished secret plan");
    }
    const preview = await call(publicPage.loader, getRequest(`/challenges/${draft.id}`, owner.cookie), { id: draft.id });
    expect(preview.status).toBe(200);
    expect(preview.text).toContain("Unpublished secret plan");
    expect((await call(publicPage.loader, getRequest("/challenges/not-a-uuid"), { id: "not-a-uuid" })).status).toBe(404);
  });
});

describe("drafting and publishing", () => {
  it("a public body drafts, previews, publishes and edits a challenge", async () => {
    const body = await createMember("public_body", { verified: true });
    const created = await call(newChallenge.action, postRequest("/my/challenges/new", await challengeForm(), body.cookie));
    expect(created.status).toBe(302);
    const id = /\/my\/challenges\/([0-9a-f-]+)/.exec(created.headers.get("Location")!)![1]!;
    const saved = await db().selectFrom("challenges").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(saved).toMatchObject({ status: "draft", org_id: body.orgId, blind_review: true, funding_gbp: 75000, pilot_weeks: 16 });
    const criteria = await db().selectFrom("rubric_criteria").select(["name", "weight"]).where("challenge_id", "=", id).orderBy("position").execute();
    expect(criteria).toEqual([{ name: "Impact", weight: 70 }, { name: "Feasibility", weight: 30 }]);
    expect(await db().selectFrom("challenge_areas").select("area_id").where("challenge_id", "=", id).execute()).toHaveLength(2);

    // Not public until published.
    expect((await call(browse.loader, getRequest("/challenges?status=any"))).text).not.toContain("Cleaner air around primary schools");

    const published = await call(manage.action, postRequest(`/my/challenges/${id}`, { intent: "publish", confirm: "yes" }, body.cookie), { id });
    expect(published.status).toBe(302);
    const after = await db().selectFrom("challenges").select(["status", "published_at"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(after.status).toBe("published");
    expect(after.published_at).not.toBeNull();
    expect((await call(browse.loader, getRequest("/challenges?status=upcoming"))).text).toContain("Cleaner air around primary schools");

    const edited = await call(edit.action, postRequest(`/my/challenges/${id}/edit`, await challengeForm({ title: "Cleaner air at school gates", "criteria[0].weight": "50", "criteria[1].weight": "50" }), body.cookie), { id });
    expect(edited.status).toBe(302);
    const row = await db().selectFrom("challenges").select(["title", "status"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ title: "Cleaner air at school gates", status: "published" });
  });

  it("re-renders with errors and the typed input when the rubric does not add up; nothing is saved", async () => {
    const body = await createMember("public_body");
    const before = (await db().selectFrom("challenges").select("id").execute()).length;
    const res = await call(newChallenge.action, postRequest("/my/challenges/new", await challengeForm({ "criteria[1].weight": "20", title: "My typed title" }), body.cookie));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      errors: {
        fields: { criteria: "Criterion weights must add up to 100 (they add up to 90)" },
        summary: [{ href: "#criteria" }],
        values: { title: "My typed title" },
      },
    });
    expect(await db().selectFrom("challenges").select("id").execute()).toHaveLength(before);
  });

  it("refuses unknown themes or areas with a field message", async () => {
    const body = await createMember("public_body");
    const res = await call(newChallenge.action, postRequest("/my/challenges/new", await challengeForm({ themeId: "99999", areaIds: ["88888"] }), body.cookie));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errors: { fields: { themeId: "Select a theme from the list", areaIds: "Select areas from the list" } } });
  });

  it("keeps applicants' answers when questions are reworded, and refuses removing an answered question", async () => {
    const body = await createMember("public_body");
    const startup = await createMember("startup");
    // Not yet open: once open, the questions change only with a clarification (tests/integration/clarifications).
    const c = await createChallenge(body.orgId, { questions: ["Are you UK based?", "Can you start soon?"], opensAt: new Date(Date.now() + 5 * DAY) });
    const qs = await db().selectFrom("eligibility_questions").select("id").where("challenge_id", "=", c.id).orderBy("position").execute();
    const p = await db().insertInto("proposals").values({ challenge_id: c.id, org_id: startup.orgId, title: "P" }).returning("id").executeTakeFirstOrThrow();
    await db().insertInto("eligibility_answers").values(qs.map((q) => ({ proposal_id: p.id, question_id: q.id, answer: "Yes" }))).execute();

    const reworded = await call(edit.action, postRequest(`/my/challenges/${c.id}/edit`, await challengeForm({ eligibilityQuestions: "Are you based in the UK?\nCould you start within a month?" }), body.cookie), { id: c.id });
    expect(reworded.status).toBe(302);
    expect(await db().selectFrom("eligibility_answers").select("answer").where("proposal_id", "=", p.id).execute()).toHaveLength(2);

    const removed = await call(edit.action, postRequest(`/my/challenges/${c.id}/edit`, await challengeForm({ eligibilityQuestions: "Are you based in the UK?" }), body.cookie), { id: c.id });
    expect(removed.status).toBe(400);
    expect(removed.body).toMatchObject({ errors: { fields: { eligibilityQuestions: expect.stringMatching(/reword them but not remove them/) } } });
    expect(await db().selectFrom("eligibility_questions").select("id").where("challenge_id", "=", c.id).execute()).toHaveLength(2);
  });

  it("will not publish a challenge whose closing date has passed", async () => {
    const body = await createMember("public_body", { verified: true });
    const c = await createChallenge(body.orgId, { status: "draft", opensAt: new Date(Date.now() - 20 * DAY), closesAt: new Date(Date.now() - DAY) });
    const res = await call(manage.action, postRequest(`/my/challenges/${c.id}`, { intent: "publish", confirm: "yes" }, body.cookie), { id: c.id });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errors: { fields: { closesAt: expect.stringMatching(/closing date has passed/) } } });
  });
});
