// A two-stage call in a real browser (decision 032), from expression of interest to consensus: a start-up answers
// the required question, sends its expression of interest; stage one closes; the owner invites it and not the other;
// the invited start-up writes and submits its full proposal, the other reads the owner's message; after the deadline
// the panel's reviews are in, the rapporteur's consensus report is submitted and the owner's ranking stands on it.
// axe-core checks every page visited; the e-mails each step sends are checked in the outbox.
import { sql } from "kysely";
import { expect, it } from "vitest";
import * as ownerProposal from "../../app/routes/my.challenges.$id.proposals.$proposalId";
import * as panelPage from "../../app/routes/judging.proposals.$proposalId.panel";
import * as results from "../../app/routes/my.challenges.$id.results";
import { db } from "../../app/server/connections.server";
import { expectAccessible, newPage } from "../support/browser";
import { createChallenge, createJudge, createMember, createProposal, createReview, createUser, sessionCookieFor } from "../support/factories";
import { latestRunId, waitForRun } from "../support/jobs";
import { call, postRequest } from "../support/requests";
import { useBrowserApp, visit } from "../support/e2e";

const ctx = useBrowserApp({ worker: true });
const DAY = 86_400_000;
const subjects = async (userId: string) =>
  (await db().selectFrom("notifications").select("subject").where("user_id", "=", userId).orderBy("id").execute()).map((n) => n.subject);

it("expression of interest → invitation → full proposal → reviews → consensus → ranking", async () => {
  const owner = await createMember("public_body");
  const a = await createMember("startup");
  const b = await createMember("startup");
  const title = "Safer cycling routes to school";
  const challenge = await createChallenge(owner.orgId, {
    title, questions: ["Can you start within three months?"], opensAt: new Date(Date.now() - 2 * DAY), eoiClosesAt: new Date(Date.now() + 5 * DAY), closesAt: new Date(Date.now() + 20 * DAY),
    required: [{ question: "Is your organisation registered in the UK?", options: ["Yes", "No"], accepted: ["Yes"] }],
  });

  // Stage one: the start-up answers the required question first, then sends a short expression of interest.
  const startup = await newPage(ctx.browser, ctx.app.url, a.cookie);
  await visit(startup, `/challenges/${challenge.id}`);
  expect(await startup.locator("main").textContent()).toContain("Stage one: expressions of interest");
  await startup.getByRole("button", { name: "Start a proposal" }).click();
  await startup.waitForURL(/\/apply$/);
  await expectAccessible(startup);
  await startup.getByLabel("No").check();
  await startup.getByRole("button", { name: "Continue" }).click();
  await startup.getByRole("heading", { name: "You cannot apply to this challenge" }).waitFor();
  expect(await db().selectFrom("proposals").select("id").where("org_id", "=", a.orgId).execute()).toEqual([]);
  await expectAccessible(startup);
  await startup.getByRole("link", { name: "Change your answers" }).click();
  await startup.getByLabel("Yes").check();
  await startup.getByRole("button", { name: "Continue" }).click();
  await startup.waitForURL(/\/my\/proposals\/[0-9a-f-]+$/);
  await expectAccessible(startup);
  const proposalId = /\/my\/proposals\/([0-9a-f-]+)$/.exec(startup.url())![1]!;
  await startup.getByLabel("Title").fill("Near-miss sensors on school routes");
  await startup.getByLabel("Summary").fill("Sensors log close passes on the routes pupils ride, so the worst junctions are fixed first.");
  await startup.getByLabel(/Eligibility question 1/).fill("Yes, from January.");
  await startup.getByRole("button", { name: "Send expression of interest" }).click();
  await startup.waitForURL(/notice=eoi-sent/);
  await expectAccessible(startup);
  expect(await subjects(a.user.id)).toContain(`Expression of interest sent: ${title}`);

  // The other start-up's expression of interest; then stage one closes.
  const other = await createProposal(challenge.id, b.orgId, { title: "Cycle buddies for Year 7" });
  await db().updateTable("proposals").set({ eoi_submitted_at: new Date(), summary: "Older pupils ride with Year 7s in their first term." }).where("id", "=", other.id).execute();
  await db().updateTable("challenges").set({ eoi_closes_at: sql`now() - interval '1 minute'` }).where("id", "=", challenge.id).execute();

  // The owner reads both and invites one, with a message to the other.
  const body = await newPage(ctx.browser, ctx.app.url, owner.cookie);
  await visit(body, `/my/challenges/${challenge.id}`);
  await body.getByRole("link", { name: "Expressions of interest and stage two invitations" }).click();
  await body.waitForURL(/\/stage-two$/);
  await expectAccessible(body);
  await body.getByLabel(/Near-miss sensors on school routes/).check();
  const message = "We invited the idea that changes the routes themselves; the school travel team would like to hear from you.";
  await body.getByLabel("Message to the applicants you do not invite").fill(message);
  await body.getByRole("button", { name: "Send the invitations" }).click();
  await body.waitForURL(/notice=stage-two-decided/);
  await expectAccessible(body);
  expect(await subjects(a.user.id)).toContain(`Invited to stage two: ${title}`);
  expect(await subjects(b.user.id)).toEqual([`Not invited to stage two: ${title}`]);

  // The one not invited reads the message; the invited one writes and submits the full proposal.
  const declined = await newPage(ctx.browser, ctx.app.url, b.cookie);
  await visit(declined, `/my/proposals/${other.id}`);
  expect(await declined.locator("#stage-two").textContent()).toContain(message);
  await expectAccessible(declined);
  await visit(startup, `/my/proposals/${proposalId}`);
  expect(await startup.locator("#stage-two").textContent()).toContain("Invited to stage two");
  expect(await startup.getByLabel("Summary").inputValue()).toContain("close passes");
  await startup.getByLabel("Approach").fill("Forty sensors on the six busiest routes, a term of baseline data, then junction fixes chosen with pupils.");
  await startup.getByLabel("Expected impact").fill("Close passes halved at the fixed junctions, and twice as many pupils cycling.");
  await startup.getByLabel("Team").fill("Two engineers and a road safety researcher.");
  await startup.getByLabel("Requested budget").fill("40000");
  await startup.getByLabel("Technology readiness level").selectOption("6");
  await startup.getByRole("button", { name: "Save and check your answers" }).click();
  await startup.waitForURL(/\/check$/);
  await expectAccessible(startup);
  await startup.getByRole("button", { name: "Submit proposal" }).click();
  await startup.waitForURL(/\/submitted$/);
  expect(await subjects(a.user.id)).toContain(`Proposal submitted: ${title}`);

  // Stage two closes; two judges' reviews are in; the owner chooses a rapporteur, who submits the consensus.
  await db().updateTable("challenges")
    .set({ opens_at: sql`now() - interval '30 days'`, eoi_closes_at: sql`now() - interval '10 days'`, closes_at: sql`now() - interval '1 minute'` })
    .where("id", "=", challenge.id).execute();
  const criteria = await db().selectFrom("rubric_criteria").select("id").where("challenge_id", "=", challenge.id).orderBy("position").execute();
  const judges = [];
  for (const [i, score] of [2, 4].entries()) {
    const user = await createUser({ name: `Judge ${i + 1}` });
    const judge = await createJudge({ challenge_id: challenge.id, user_id: user.id });
    const review = await createReview({ challenge_id: challenge.id, proposal_id: proposalId, judge_id: judge.id, status: "submitted", submitted_at: new Date(), comment: "Sound." });
    await db().insertInto("review_scores").values(criteria.map((c) => ({ review_id: review.id, criterion_id: c.id, score }))).execute();
    judges.push({ judgeId: judge.id, userId: user.id, cookie: await sessionCookieFor(user.id, null) });
  }
  // As the assignment job leaves it (its own run is tested in tests/integration/two-stage.test.ts).
  await db().updateTable("challenges").set({ status: "judging" }).where("id", "=", challenge.id).execute();
  await db().updateTable("proposals").set({ status: "under_review" }).where("id", "=", proposalId).execute();
  const chose = await call(ownerProposal.action, postRequest(`/my/challenges/${challenge.id}/proposals/${proposalId}`, { rapporteur: judges[1]!.judgeId }, owner.cookie), { id: challenge.id, proposalId });
  expect(chose.status).toBe(302);
  expect(await subjects(judges[1]!.userId)).toHaveLength(1);
  const panel = await newPage(ctx.browser, ctx.app.url, judges[1]!.cookie);
  await visit(panel, `/judging/proposals/${proposalId}/panel`);
  await expectAccessible(panel);
  const report = await call(panelPage.action, postRequest(`/judging/proposals/${proposalId}/panel`, {
    intent: "submit", summary: "The panel agreed the method is sound and the pilot site is ready.",
    ...Object.fromEntries(criteria.map((c) => [`scores.${c.id}.score`, "5"])),
  }, judges[1]!.cookie), { proposalId });
  expect(report.status).toBe(302);
  expect(await subjects(judges[0]!.userId)).toEqual([expect.stringMatching(/consensus/i)]);

  // Scored: the owner's ranking stands on the consensus report, with only stage two's proposal in it.
  const run = await call(results.action, postRequest(`/my/challenges/${challenge.id}/results`, { intent: "score" }, owner.cookie), { id: challenge.id });
  expect(run.status).toBe(302);
  await waitForRun(await latestRunId("score-proposals", challenge.id));
  await visit(body, `/my/challenges/${challenge.id}/results`);
  await expectAccessible(body);
  const ranking = await body.locator("main").textContent();
  expect(ranking).toContain("Near-miss sensors on school routes");
  expect(ranking).toContain("consensus");
  expect(ranking).not.toContain("Cycle buddies for Year 7");
});
