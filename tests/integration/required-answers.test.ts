// Required answers (issue 16, item 2; decision 031): the owner sets closed questions with the answers that can
// apply; an applicant whose answer cannot apply is told before a proposal exists, and a proposal can never be
// submitted with such an answer, even when the question came later by a clarification.
import { describe, expect, it } from "vitest";
import * as apply from "../../app/routes/challenges.$id.apply";
import * as publicPage from "../../app/routes/challenges.$id._index";
import * as newChallenge from "../../app/routes/my.challenges.new";
import * as proposalPage from "../../app/routes/my.proposals.$id";
import { db } from "../../app/server/connections.server";
import { createChallenge, createMember } from "../support/factories";
import { completeProposalForm } from "../support/proposal-form";
import { call, getRequest, postRequest } from "../support/requests";

const UK = { question: "Is your organisation registered in the UK?", options: ["Yes", "No"], accepted: ["Yes"] };
const SIZE = { question: "How many people work for you?", options: ["1 to 9", "10 to 249", "250 or more"], accepted: ["1 to 9", "10 to 249"] };

async function setup() {
  const owner = await createMember("public_body");
  const startup = await createMember("startup");
  const challenge = await createChallenge(owner.orgId, { questions: ["Can you start within three months?"], required: [UK, SIZE] });
  const qs = await db().selectFrom("eligibility_questions").select(["id", "question", "options"]).where("challenge_id", "=", challenge.id).orderBy("position").execute();
  const id = (text: string) => qs.find((q) => q.question === text)!.id;
  return { owner, startup, challenge, uk: id(UK.question), size: id(SIZE.question), free: id("Can you start within three months?") };
}

const proposalsOf = (orgId: string) => db().selectFrom("proposals").select("id").where("org_id", "=", orgId).execute();

describe("required answers before a proposal starts", () => {
  it("the challenge page sends a start-up to answer them first, and the page asks each as radios", async () => {
    const s = await setup();
    const page = await call(publicPage.loader, getRequest(`/challenges/${s.challenge.id}`, s.startup.cookie), { id: s.challenge.id });
    expect(page.body).toMatchObject({ challenge: { questions: expect.arrayContaining([expect.objectContaining({ question: UK.question, accepted: ["Yes"] })]) } });
    const ask = await call(apply.loader, getRequest(`/challenges/${s.challenge.id}/apply`, s.startup.cookie), { id: s.challenge.id });
    expect(ask.status).toBe(200);
    expect((ask.body as { required: { question: string }[] }).required.map((q) => q.question)).toEqual([UK.question, SIZE.question]);
  });

  it("an answer that cannot apply is told at once and writes nothing", async () => {
    const s = await setup();
    const res = await call(apply.action, postRequest(`/challenges/${s.challenge.id}/apply`, { [`answers.${s.uk}`]: "No", [`answers.${s.size}`]: "250 or more" }, s.startup.cookie), { id: s.challenge.id });
    expect(res.status).toBe(200);
    expect((res.body as { refused: string[] }).refused).toEqual([
      `Only applicants who answer "Yes" to "${UK.question}" can apply to this challenge`,
      `Only applicants who answer "1 to 9" or "10 to 249" to "${SIZE.question}" can apply to this challenge`,
    ]);
    expect(await proposalsOf(s.startup.orgId)).toEqual([]);
  });

  it("missing, forged or sneaked-past answers get a message next to the question (no 500), and nothing starts", async () => {
    const s = await setup();
    for (const form of [{}, { [`answers.${s.uk}`]: "Yes" }, { [`answers.${s.uk}`]: "Yes", [`answers.${s.size}`]: "Lots" }, { [`answers.${s.uk}`]: "yes", [`answers.${s.size}`]: "1 to 9" }]) {
      const res = await call(apply.action, postRequest(`/challenges/${s.challenge.id}/apply`, form, s.startup.cookie), { id: s.challenge.id });
      expect(res.status).toBe(400);
      const fields = (res.body as { errors: { fields: Record<string, string> } }).errors.fields;
      expect(Object.keys(fields).length).toBeGreaterThan(0);
      for (const k of Object.keys(fields)) expect([`answers.${s.uk}`, `answers.${s.size}`]).toContain(k);
    }
    // The challenge page's plain "Start a proposal" button (a stale page) cannot skip the questions either.
    expect(await proposalsOf(s.startup.orgId)).toEqual([]);
  });

  it("answers that can apply start the proposal with them saved, and applying again resumes it", async () => {
    const s = await setup();
    const form = { [`answers.${s.uk}`]: "Yes", [`answers.${s.size}`]: "1 to 9" };
    const res = await call(apply.action, postRequest(`/challenges/${s.challenge.id}/apply`, form, s.startup.cookie), { id: s.challenge.id });
    expect(res.status).toBe(302);
    const id = /\/my\/proposals\/([0-9a-f-]+)/.exec(res.headers.get("Location")!)![1]!;
    const answers = await db().selectFrom("eligibility_answers").select(["question_id", "answer"]).where("proposal_id", "=", id).orderBy("answer").execute();
    expect(answers).toEqual([{ question_id: s.size, answer: "1 to 9" }, { question_id: s.uk, answer: "Yes" }]);
    const again = await call(apply.loader, getRequest(`/challenges/${s.challenge.id}/apply`, s.startup.cookie), { id: s.challenge.id });
    expect(again.headers.get("Location")).toBe(`/my/proposals/${id}`);

    // On the proposal page a forged answer keeps the saved one, and a changed answer that cannot apply blocks submission.
    const forged = await call(proposalPage.action, postRequest(`/my/proposals/${id}`, completeProposalForm(s.free, "save", { [`answers.${s.uk}`]: "Maybe", [`answers.${s.size}`]: "1 to 9" }), s.startup.cookie), { id });
    expect(forged.status).toBe(302);
    expect((await db().selectFrom("eligibility_answers").select("answer").where("proposal_id", "=", id).where("question_id", "=", s.uk).executeTakeFirstOrThrow()).answer).toBe("Yes");
    const blocked = await call(proposalPage.action, postRequest(`/my/proposals/${id}`, completeProposalForm(s.free, "submit", { [`answers.${s.uk}`]: "No", [`answers.${s.size}`]: "1 to 9" }), s.startup.cookie), { id });
    expect(blocked.status).toBe(400);
    expect((blocked.body as { errors: { fields: Record<string, string> } }).errors.fields).toEqual({ [`answers.${s.uk}`]: expect.stringMatching(/^Only applicants who answer "Yes"/) });
    const ok = await call(proposalPage.action, postRequest(`/my/proposals/${id}`, completeProposalForm(s.free, "submit", { [`answers.${s.uk}`]: "Yes", [`answers.${s.size}`]: "10 to 249" }), s.startup.cookie), { id });
    expect(ok.status).toBe(302);
    expect((await db().selectFrom("proposals").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("submitted");
  });

  it("the owner sets them on the challenge form; a row that rules nobody out or names no choice is refused next to its field", async () => {
    const owner = await createMember("public_body");
    const theme = await db().selectFrom("themes").select("id").where("slug", "=", "climate").executeTakeFirstOrThrow();
    const area = await db().selectFrom("areas").select("id").where("slug", "=", "camden").executeTakeFirstOrThrow();
    const year = String(new Date().getFullYear() + 1);
    const base = {
      title: "Warmer homes for older renters", summary: "Fewer older renters in cold homes each winter.",
      problemStatement: "Older private renters in cold, damp homes are admitted to hospital more often every winter than anyone else.",
      themeId: String(theme.id), areaIds: String(area.id), fundingKind: "budget", fundingGbp: "60000", pilotWeeks: "12",
      "opensAt.day": "1", "opensAt.month": "2", "opensAt.year": year, "closesAt.day": "1", "closesAt.month": "4", "closesAt.year": year,
      blindReview: "no", reviewsPerProposal: "2", "criteria[0].name": "Impact", "criteria[0].weight": "100",
    };
    const bad = await call(newChallenge.action, postRequest("/my/challenges/new", {
      ...base, "requiredAnswers[0].question": "UK?", "requiredAnswers[0].accepted": "Yes\nNo",
      "requiredAnswers[1].question": "Size?", "requiredAnswers[1].options": "Small\nLarge", "requiredAnswers[1].accepted": "Medium",
    }, owner.cookie));
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.body as { errors: { fields: Record<string, string> } }).errors.fields).sort()).toEqual(["requiredAnswers[0].accepted", "requiredAnswers[1].accepted"]);
    expect(await db().selectFrom("challenges").select("id").where("title", "=", base.title).execute()).toEqual([]);

    const good = await call(newChallenge.action, postRequest("/my/challenges/new", {
      ...base, "requiredAnswers[0].question": UK.question, "requiredAnswers[0].accepted": "yes",
      "requiredAnswers[2].question": SIZE.question, "requiredAnswers[2].options": SIZE.options.join("\r\n"), "requiredAnswers[2].accepted": SIZE.accepted.join("\n"),
    }, owner.cookie));
    expect(good.status).toBe(302);
    const stored = await db().selectFrom("eligibility_questions").innerJoin("challenges", "challenges.id", "eligibility_questions.challenge_id")
      .select(["eligibility_questions.position", "question", "options", "accepted"]).where("challenges.title", "=", base.title).orderBy("position").execute();
    expect(stored).toEqual([{ position: 100, ...UK }, { position: 101, ...SIZE }]);
  });
});
