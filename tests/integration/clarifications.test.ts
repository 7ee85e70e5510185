// Criteria frozen once open, and clarifications (issue 16, items 3 and 4; decision 027): once a challenge has
// opened its opening date is fixed, its closing date only moves later, and a change to the criteria, weights,
// eligibility questions or closing date is made only by publishing it as a clarification, which everyone who
// started a proposal is told of. Start-ups ask privately; the answer is published without the asker's name.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CLOSING_ONLY_LATER, OPENING_FIXED } from "../../app/rules/challenges/call-terms";
import * as publicPage from "../../app/routes/challenges.$id._index";
import * as questionsPage from "../../app/routes/challenges.$id.questions";
import * as ownerPage from "../../app/routes/my.challenges.$id.clarifications";
import * as edit from "../../app/routes/my.challenges.$id.edit";
import { MAX_OPEN_QUESTIONS, NOT_OPEN_FOR_QUESTIONS, TOO_MANY_QUESTIONS } from "../../app/server/challenges/clarifications.server";
import { EXPLAIN_THE_CHANGE } from "../../app/server/challenges/commands.server";
import { db } from "../../app/server/connections.server";
import { deleteAccount, exportPersonalData } from "../../app/server/accounts/personal-data.server";
import { addMember, closeChallenge, createChallenge, createMember, createProposal, createUser, sessionCookieFor, ukDateFields } from "../support/factories";
import { call, getRequest, postRequest } from "../support/requests";

const DAY = 86_400_000;

async function ids() {
  const theme = await db().selectFrom("themes").select("id").where("slug", "=", "climate").executeTakeFirstOrThrow();
  const area = await db().selectFrom("areas").select("id").where("slug", "=", "camden").executeTakeFirstOrThrow();
  return { themeId: String(theme.id), areaIds: [String(area.id)] };
}

/** The edit form exactly as the factory's challenge stands (open 10 days ago, closing in 20), with overrides. */
async function sameTerms(overrides: Record<string, string | string[]> = {}) {
  return {
    title: "Cleaner air around primary schools",
    summary: "Cut children's exposure to traffic pollution on the walk to school.",
    problemStatement: "Children walking to school breathe some of the most polluted air in the borough, and it harms their lungs.",
    ...(await ids()),
    fundingKind: "budget", fundingGbp: "50000", pilotWeeks: "12",
    ...ukDateFields("opensAt", -10), ...ukDateFields("closesAt", 20),
    blindReview: "no", reviewsPerProposal: "3",
    eligibilityQuestions: "Are you registered in the UK?",
    "criteria[0].name": "Impact", "criteria[0].weight": "60",
    "criteria[1].name": "Feasibility", "criteria[1].weight": "40", "criteria[1].threshold": "2",
    ...overrides,
  };
}

const editAs = async (id: string, cookie: string, form: Record<string, string | string[]>) =>
  call(edit.action, postRequest(`/my/challenges/${id}/edit`, form, cookie), { id });
const fieldsOf = (res: { body: unknown }) => (res.body as { errors: { fields: Record<string, string> } }).errors.fields;
const clarificationsOf = (challengeId: string) =>
  db().selectFrom("clarifications").selectAll().where("challenge_id", "=", challengeId).orderBy("created_at").execute();
/** The notices of this kind about one challenge (every email links to its page). */
const noticesOf = (kind: string, challengeId: string) => db().selectFrom("notifications").select(["user_id", "to_email", "subject", "body"])
  .where("kind", "=", kind).where("body", "like", `%${challengeId}%`).execute();
const auditOf = (action: string, challengeId: string) => db().selectFrom("audit_events").selectAll()
  .where("action", "=", action).where("subject_id", "=", challengeId).execute();

async function openChallengeWithApplicants() {
  const owner = await createMember("public_body", { verified: true });
  const c = await createChallenge(owner.orgId);
  const applicant = await createMember("startup");
  const colleague = await createUser();
  await addMember(colleague.id, applicant.orgId);
  await createProposal(c.id, applicant.orgId, { status: "draft" });
  const withdrew = await createMember("startup");
  await createProposal(c.id, withdrew.orgId, { status: "withdrawn" });
  const bystander = await createMember("startup");
  return { owner, c, applicant, colleague, withdrew, bystander };
}

describe("an open challenge's terms", () => {
  it("other fields change freely, and an unchanged date keeps its stored moment", async () => {
    const { owner, c } = await openChallengeWithApplicants();
    const before = await db().selectFrom("challenges").select(["opens_at", "closes_at"]).where("id", "=", c.id).executeTakeFirstOrThrow();
    const res = await editAs(c.id, owner.cookie, await sameTerms({ title: "Cleaner air at the school gates" }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/my/challenges/${c.id}?notice=challenge-updated`);
    const after = await db().selectFrom("challenges").select(["title", "opens_at", "closes_at"]).where("id", "=", c.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ title: "Cleaner air at the school gates", opens_at: before.opens_at, closes_at: before.closes_at });
    expect(await clarificationsOf(c.id)).toEqual([]);
    expect(await noticesOf("clarification_published", c.id)).toEqual([]);
  });

  it.each([
    ["the weights", { "criteria[0].weight": "50", "criteria[1].weight": "50" }],
    ["a threshold", { "criteria[0].threshold": "3" }],
    ["a criterion's name", { "criteria[1].name": "Deliverability" }],
    ["the eligibility questions", { eligibilityQuestions: "Are you registered in the UK?\nHave you run a pilot before?" }],
    ["the closing date", ukDateFields("closesAt", 27)],
  ])("changing %s without an explanation is refused next to the field, and nothing is saved", async (_what, change) => {
    const { owner, c } = await openChallengeWithApplicants();
    const res = await editAs(c.id, owner.cookie, await sameTerms({ ...change, title: "A title I typed" }));
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual({ clarification: EXPLAIN_THE_CHANGE });
    expect(res.body).toMatchObject({ errors: { values: { title: "A title I typed" } } });
    const criteria = await db().selectFrom("rubric_criteria").select(["name", "weight", "threshold"]).where("challenge_id", "=", c.id).orderBy("position").execute();
    expect(criteria.map((r) => ({ ...r, threshold: r.threshold === null ? null : Number(r.threshold) })))
      .toEqual([{ name: "Impact", weight: 60, threshold: null }, { name: "Feasibility", weight: 40, threshold: 2 }]);
    expect((await db().selectFrom("challenges").select("title").where("id", "=", c.id).executeTakeFirstOrThrow()).title).not.toBe("A title I typed");
    expect(await clarificationsOf(c.id)).toEqual([]);
  });

  it("the opening date is fixed and the closing date never moves earlier, with or without an explanation", async () => {
    const { owner, c } = await openChallengeWithApplicants();
    const earlier = await editAs(c.id, owner.cookie, await sameTerms({ ...ukDateFields("closesAt", 19), clarification: "We need to close a day early." }));
    expect(earlier.status).toBe(400);
    expect(fieldsOf(earlier)).toEqual({ closesAt: CLOSING_ONLY_LATER });
    const moved = await editAs(c.id, owner.cookie, await sameTerms({ ...ukDateFields("opensAt", -3), clarification: "Opening moved." }));
    expect(fieldsOf(moved)).toEqual({ opensAt: OPENING_FIXED });
    expect(await clarificationsOf(c.id)).toEqual([]);
  });

  it("with an explanation the change is saved, published as a clarification, audited and sent to everyone who started a proposal", async () => {
    const { owner, c, applicant, colleague, withdrew, bystander } = await openChallengeWithApplicants();
    const res = await editAs(c.id, owner.cookie, await sameTerms({
      ...ukDateFields("closesAt", 34), "criteria[0].weight": "70", "criteria[1].weight": "30",
      clarification: "We have added two weeks and weighted impact more, after questions from applicants.",
    }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/my/challenges/${c.id}?notice=challenge-clarified`);
    const [published] = await clarificationsOf(c.id);
    expect(published).toMatchObject({ kind: "change", status: "published", published_by: owner.user.id, asked_by: null });
    expect(published!.changes.map((ch) => ch.field)).toEqual(["closingDate", "criteria"]);
    expect(published!.changes[1]).toMatchObject({ from: expect.stringContaining("Impact (weight 60)"), to: expect.stringContaining("Impact (weight 70)") });
    const weights = await db().selectFrom("rubric_criteria").select("weight").where("challenge_id", "=", c.id).orderBy("position").execute();
    expect(weights.map((w) => w.weight)).toEqual([70, 30]);

    const told = (await noticesOf("clarification_published", c.id)).map((n) => n.user_id).sort();
    expect(told).toEqual([applicant.user.id, colleague.id].sort());
    expect(told).not.toContain(withdrew.user.id);
    expect(told).not.toContain(bystander.user.id);
    expect(await auditOf("clarification.published", c.id)).toHaveLength(1);

    const page = await call(publicPage.loader, getRequest(`/challenges/${c.id}`), { id: c.id });
    expect(page.text).toContain("weighted impact more");
    expect(page.text).toContain("Impact (weight 60)");
  });

  it("before the call opens, the terms change freely and nothing is published", async () => {
    const owner = await createMember("public_body", { verified: true });
    const c = await createChallenge(owner.orgId, { opensAt: new Date(Date.now() + 5 * DAY), closesAt: new Date(Date.now() + 40 * DAY) });
    const res = await editAs(c.id, owner.cookie, await sameTerms({
      ...ukDateFields("opensAt", 6), ...ukDateFields("closesAt", 30), "criteria[0].weight": "50", "criteria[1].weight": "50",
    }));
    expect(res.status).toBe(302);
    expect(await clarificationsOf(c.id)).toEqual([]);
  });
});

describe("questions and their published answers", () => {
  const ask = (id: string, question: string, cookie?: string) =>
    call(questionsPage.action, postRequest(`/challenges/${id}/questions`, { question }, cookie), { id });
  const answer = (id: string, form: Record<string, string>, cookie: string) =>
    call(ownerPage.action, postRequest(`/my/challenges/${id}/clarifications`, { intent: "answer", ...form }, cookie), { id });

  it("a start-up asks privately; the owner sees the words, never who asked, and publishes a reworded question with its answer for everyone", async () => {
    const { owner, c, applicant, colleague, bystander } = await openChallengeWithApplicants();
    const asker = await createMember("startup", { name: "Priya Askwith" });
    const asked = await ask(c.id, "Priya from Askwith Labs here: can the pilot run in two boroughs?", asker.cookie);
    expect(asked.status).toBe(302);
    expect(asked.headers.get("Location")).toBe(`/challenges/${c.id}/questions?notice=question-asked`);
    expect(await auditOf("clarification.asked", c.id)).toHaveLength(1);
    expect((await noticesOf("clarification_asked", c.id)).map((n) => n.user_id)).toEqual([owner.user.id]);

    // Private until answered: not on the public page, not on another start-up's questions page.
    expect((await call(publicPage.loader, getRequest(`/challenges/${c.id}`, bystander.cookie), { id: c.id })).text).not.toContain("two boroughs");
    expect((await call(questionsPage.loader, getRequest(`/challenges/${c.id}/questions`, bystander.cookie), { id: c.id })).text).not.toContain("two boroughs");
    expect((await call(questionsPage.loader, getRequest(`/challenges/${c.id}/questions`, asker.cookie), { id: c.id })).text).toContain("two boroughs");

    const queue = await call(ownerPage.loader, getRequest(`/my/challenges/${c.id}/clarifications`, owner.cookie), { id: c.id });
    expect(queue.text).toContain("two boroughs");
    for (const secret of [asker.user.id, asker.user.email, asker.orgId, "Priya Askwith"]) expect(queue.text).not.toContain(secret);
    const [row] = await clarificationsOf(c.id);

    const published = await answer(c.id, { clarificationId: row!.id, question: "Can the pilot run in two boroughs?", answer: "Yes, if both boroughs agree to host it." }, owner.cookie);
    expect(published.status).toBe(302);
    const page = await call(publicPage.loader, getRequest(`/challenges/${c.id}`), { id: c.id });
    expect(page.text).toContain("Can the pilot run in two boroughs?");
    expect(page.text).toContain("if both boroughs agree");
    for (const secret of ["Askwith", asker.user.id, asker.orgId]) expect(page.text).not.toContain(secret);

    // The asker (who has no proposal) and everyone who started one are told once each.
    const told = (await noticesOf("clarification_published", c.id)).map((n) => n.user_id).sort();
    expect(told).toEqual([applicant.user.id, colleague.id, asker.user.id].sort());
    // Answered once: a second publish (another tab) changes nothing.
    const again = await answer(c.id, { clarificationId: row!.id, question: "Changed", answer: "Changed" }, owner.cookie);
    expect(again.status).toBe(302);
    expect((await clarificationsOf(c.id))[0]).toMatchObject({ question: "Can the pilot run in two boroughs?", status: "published" });
  });

  it("only start-ups ask, only while the challenge is open, and only the owner answers", async () => {
    const { owner, c, applicant } = await openChallengeWithApplicants();
    const corporate = await createMember("corporate");
    const otherBody = await createMember("public_body");
    expect((await ask(c.id, "Can corporates ask questions here?", corporate.cookie)).status).toBe(403);
    expect((await ask(c.id, "Can other councils ask questions?", otherBody.cookie)).status).toBe(403);
    expect((await ask(c.id, "Can visitors ask questions here?")).status).toBe(302); // to sign in
    expect(await clarificationsOf(c.id)).toEqual([]);

    await ask(c.id, "What data will the council share?", applicant.cookie);
    const [row] = await clarificationsOf(c.id);
    const form = { clarificationId: row!.id, question: "What data?", answer: "Traffic counts." };
    expect((await answer(c.id, form, otherBody.cookie)).status).toBe(404);
    expect((await answer(c.id, form, applicant.cookie)).status).toBe(403);
    expect((await call(ownerPage.loader, getRequest(`/my/challenges/${c.id}/clarifications`, otherBody.cookie), { id: c.id })).status).toBe(404);
    expect((await call(ownerPage.loader, getRequest(`/my/challenges/${c.id}/clarifications`, applicant.cookie), { id: c.id })).status).toBe(403);
    // Another challenge of the owner's cannot publish this challenge's question.
    const second = await createChallenge(owner.orgId);
    await answer(second.id, form, owner.cookie);
    expect((await clarificationsOf(c.id))[0]!.status).toBe("asked");
    expect(await clarificationsOf(second.id)).toEqual([]);

    await closeChallenge(c.id);
    const late = await ask(c.id, "Is it too late to ask a question?", applicant.cookie);
    expect(late.status).toBe(400);
    expect(fieldsOf(late)).toEqual({ question: NOT_OPEN_FOR_QUESTIONS });
  });

  it(`a burst of questions at once stops at ${MAX_OPEN_QUESTIONS} waiting for an answer`, async () => {
    const { c, applicant } = await openChallengeWithApplicants();
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => ask(c.id, `Question number ${i + 1} about the data`, applicant.cookie)));
    expect(answers.filter((a) => a.status === 302)).toHaveLength(MAX_OPEN_QUESTIONS);
    for (const refused of answers.filter((a) => a.status !== 302)) expect(fieldsOf(refused)).toEqual({ question: TOO_MANY_QUESTIONS });
    expect(await clarificationsOf(c.id)).toHaveLength(MAX_OPEN_QUESTIONS);
  });

  it("any question text is saved as typed or refused with a message next to the field, never a 500", async () => {
    const owner = await createMember("public_body");
    const c = await createChallenge(owner.orgId);
    const user = await createUser();
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 2100, unit: "binary" }), async (text) => {
      // A fresh start-up each time, so the waiting-questions limit never decides.
      const org = await createMember("startup");
      await addMember(user.id, org.orgId);
      const res = await ask(c.id, text, await sessionCookieFor(user.id, org.orgId));
      if (res.status === 302) {
        const saved = await db().selectFrom("clarifications").select("asked_text").where("asked_by_org_id", "=", org.orgId).executeTakeFirstOrThrow();
        expect(saved.asked_text).toBe(text.trim());
      } else {
        expect(res.status).toBe(400);
        expect(Object.keys(fieldsOf(res))).toEqual(["question"]);
      }
    }), { numRuns: 40 });
  });

  it("the owner publishes a notice of its own; a blank one is refused next to its fields", async () => {
    const { owner, c, applicant } = await openChallengeWithApplicants();
    const post = (form: Record<string, string>) =>
      call(ownerPage.action, postRequest(`/my/challenges/${c.id}/clarifications`, { intent: "notice", ...form }, owner.cookie), { id: c.id });
    const blank = await post({ noticeQuestion: " ", noticeAnswer: "" });
    expect(blank.status).toBe(400);
    expect(Object.keys(fieldsOf(blank)).sort()).toEqual(["noticeAnswer", "noticeQuestion"]);
    expect((await post({ noticeQuestion: "Site visit", noticeAnswer: "There is a site visit on Friday at 10am." })).status).toBe(302);
    expect((await call(publicPage.loader, getRequest(`/challenges/${c.id}`), { id: c.id })).text).toContain("site visit on Friday");
    expect((await noticesOf("clarification_published", c.id)).map((n) => n.user_id)).toContain(applicant.user.id);
  });

  it("the asker's own words are in their personal-data copy; deleting the account removes unanswered ones and unnames the rest", async () => {
    const { owner, c } = await openChallengeWithApplicants();
    const asker = await createMember("startup");
    await ask(c.id, "Is there parking for the sensor installers?", asker.cookie);
    await ask(c.id, "Who owns the data the sensors collect?", asker.cookie);
    const [first] = await clarificationsOf(c.id);
    await answer(c.id, { clarificationId: first!.id, question: "Is there parking for installers?", answer: "Yes, at the depot." }, owner.cookie);
    const copy = await exportPersonalData(asker.user.id);
    expect(copy!.questions_asked.map((q) => q.question)).toEqual(["Is there parking for the sensor installers?", "Who owns the data the sensors collect?"]);

    await deleteAccount(postRequest("/account/delete", {}, asker.cookie), asker.user.id);
    const left = await clarificationsOf(c.id);
    expect(left.map((r) => [r.status, r.asked_by])).toEqual([["published", null]]);
    expect(JSON.stringify(left)).not.toContain("data the sensors collect");
  });
});
