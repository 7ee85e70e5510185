// A start-up's proposal from first draft to submission, withdrawal and the deadline.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import * as apply from "../../app/routes/challenges.$id.apply";
import * as manage from "../../app/routes/my.challenges.$id._index";
import * as ownerProposal from "../../app/routes/my.challenges.$id.proposals.$proposalId";
import * as proposalPage from "../../app/routes/my.proposals.$id";
import * as myProposals from "../../app/routes/my.proposals._index";
import { db } from "../../app/server/connections.server";
import { closeChallenge, createChallenge, createMember, createProposal } from "../support/factories";
import { call, getRequest, postRequest } from "../support/requests";
import { completeProposalForm } from "../support/proposal-form";

async function setup() {
  const body = await createMember("public_body");
  const startup = await createMember("startup");
  const challenge = await createChallenge(body.orgId, { questions: ["Are you registered in the UK?"] });
  const question = await db().selectFrom("eligibility_questions").select("id").where("challenge_id", "=", challenge.id).executeTakeFirstOrThrow();
  return { body, startup, challenge, questionId: question.id };
}

async function startProposal(challengeId: string, cookie: string) {
  const res = await call(apply.action, postRequest(`/challenges/${challengeId}/apply`, {}, cookie), { id: challengeId });
  expect(res.status).toBe(302);
  return /\/my\/proposals\/([0-9a-f-]+)/.exec(res.headers.get("Location")!)![1]!;
}

describe("a start-up's proposal", () => {
  it("drafts, saves, comes back, submits, and sees the status in its list", async () => {
    const { startup, challenge, questionId } = await setup();
    const id = await startProposal(challenge.id, startup.cookie);
    // Applying again resumes the same proposal.
    expect(await startProposal(challenge.id, startup.cookie)).toBe(id);

    const saved = await call(proposalPage.action, postRequest(`/my/proposals/${id}`, { intent: "save", title: "Half-written idea", summary: "Just a start", [`answers.${questionId}`]: "" }, startup.cookie), { id });
    expect(saved.status).toBe(302);
    const back = await call(proposalPage.loader, getRequest(`/my/proposals/${id}`, startup.cookie), { id });
    expect(back.body).toMatchObject({ proposal: { title: "Half-written idea", summary: "Just a start", status: "draft" } });

    const submitted = await call(proposalPage.action, postRequest(`/my/proposals/${id}`, completeProposalForm(questionId, "submit"), startup.cookie), { id });
    expect(submitted.status).toBe(302);
    expect(submitted.headers.get("Location")).toBe(`/my/proposals/${id}/submitted`);
    const row = await db().selectFrom("proposals").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "submitted", trl: 6, requested_gbp: 45000, tags: ["sensors", "air quality"] });
    expect(row.submitted_at).not.toBeNull();

    const list = await call(myProposals.loader, getRequest("/my/proposals", startup.cookie));
    expect(list.body).toMatchObject({ proposals: [{ id, status: "submitted", challenge_title: challenge.title }] });
  });

  it("a submission with gaps saves the draft and lists what is missing next to each field", async () => {
    const { startup, challenge, questionId } = await setup();
    const id = await startProposal(challenge.id, startup.cookie);
    const res = await call(proposalPage.action, postRequest(`/my/proposals/${id}`, completeProposalForm(questionId, "submit", { approach: "Too short", trl: "", [`answers.${questionId}`]: "" }), startup.cookie), { id });
    expect(res.status).toBe(400);
    const errors = (res.body as { errors: { fields: Record<string, string>; summary: { href: string }[] } }).errors;
    expect(Object.keys(errors.fields).sort()).toEqual([`answers.${questionId}`, "approach", "trl"].sort());
    expect(errors.summary.map((s) => s.href)).toContain("#approach");
    const row = await db().selectFrom("proposals").select(["status", "title", "approach"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "draft", title: "School Streets sensor network", approach: "Too short" });
  });

  it("a submission after the deadline is refused by the server, whatever the page showed", async () => {
    const { startup, challenge, questionId } = await setup();
    const id = await startProposal(challenge.id, startup.cookie);
    const page = await call(proposalPage.loader, getRequest(`/my/proposals/${id}`, startup.cookie), { id });
    expect(page.body).toMatchObject({ proposal: { challenge_status: "open" } });
    await closeChallenge(challenge.id); // the deadline passes while the page is open
    const late = await call(proposalPage.action, postRequest(`/my/proposals/${id}`, completeProposalForm(questionId, "submit"), startup.cookie), { id });
    expect(late.status).toBe(400);
    expect(late.text).toMatch(/deadline for this challenge has passed/);
    const row = await db().selectFrom("proposals").select(["status", "submitted_at"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "draft", submitted_at: null });
    // Nor can a new proposal be started on a closed challenge.
    const other = await createMember("startup");
    expect((await call(apply.action, postRequest(`/challenges/${challenge.id}/apply`, {}, other.cookie), { id: challenge.id })).status).toBe(400);
  });

  it("is refused at the exact deadline by the database clock", async () => {
    const { startup, challenge, questionId } = await setup();
    const id = await startProposal(challenge.id, startup.cookie);
    await db().updateTable("challenges").set({ closes_at: sql`now()` }).where("id", "=", challenge.id).execute();
    const res = await call(proposalPage.action, postRequest(`/my/proposals/${id}`, completeProposalForm(questionId, "submit"), startup.cookie), { id });
    expect(res.status).toBe(400);
  });

  it("withdraws a submitted proposal before the deadline and may submit it again", async () => {
    const { startup, challenge, questionId } = await setup();
    const id = await startProposal(challenge.id, startup.cookie);
    await call(proposalPage.action, postRequest(`/my/proposals/${id}`, completeProposalForm(questionId, "submit"), startup.cookie), { id });
    const withdrawn = await call(proposalPage.action, postRequest(`/my/proposals/${id}`, { intent: "withdraw" }, startup.cookie), { id });
    expect(withdrawn.status).toBe(302);
    expect((await db().selectFrom("proposals").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("withdrawn");
    const again = await call(proposalPage.action, postRequest(`/my/proposals/${id}`, completeProposalForm(questionId, "submit"), startup.cookie), { id });
    expect(again.status).toBe(302);
    expect((await db().selectFrom("proposals").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("submitted");
  });

  it("a submitted proposal cannot be edited without withdrawing it first", async () => {
    const { startup, challenge, questionId } = await setup();
    const id = await startProposal(challenge.id, startup.cookie);
    await call(proposalPage.action, postRequest(`/my/proposals/${id}`, completeProposalForm(questionId, "submit"), startup.cookie), { id });
    const res = await call(proposalPage.action, postRequest(`/my/proposals/${id}`, completeProposalForm(questionId, "save", { title: "Sneaky change" }), startup.cookie), { id });
    expect(res.status).toBe(400);
    expect((await db().selectFrom("proposals").select("title").where("id", "=", id).executeTakeFirstOrThrow()).title).toBe("School Streets sensor network");
  });
});

describe("the public body and its proposals", () => {
  it("sees nothing before the deadline and every submitted proposal (not drafts or withdrawn) after it", async () => {
    const { body, startup, challenge } = await setup();
    const submitted = await createProposal(challenge.id, startup.orgId, { status: "submitted", title: "Submitted idea" });
    const other = await createMember("startup");
    const draft = await createProposal(challenge.id, other.orgId, { status: "draft", title: "Unfinished draft idea" });

    const before = await call(manage.loader, getRequest(`/my/challenges/${challenge.id}`, body.cookie), { id: challenge.id });
    expect(before.body).toMatchObject({ proposals: [] });
    expect(before.text).not.toContain("Submitted idea");
    const early = await call(ownerProposal.loader, getRequest(`/my/challenges/${challenge.id}/proposals/${submitted.id}`, body.cookie), { id: challenge.id, proposalId: submitted.id });
    expect(early.status).toBe(404);
    expect(early.text).not.toContain("Submitted idea");

    await closeChallenge(challenge.id);
    const after = await call(manage.loader, getRequest(`/my/challenges/${challenge.id}`, body.cookie), { id: challenge.id });
    expect((after.body as { proposals: { title: string }[] }).proposals.map((p) => p.title)).toEqual(["Submitted idea"]);
    const read = await call(ownerProposal.loader, getRequest(`/my/challenges/${challenge.id}/proposals/${submitted.id}`, body.cookie), { id: challenge.id, proposalId: submitted.id });
    expect(read.status).toBe(200);
    const drafted = await call(ownerProposal.loader, getRequest(`/my/challenges/${challenge.id}/proposals/${draft.id}`, body.cookie), { id: challenge.id, proposalId: draft.id });
    expect(drafted.status).toBe(404);
  });
});
