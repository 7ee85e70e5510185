// Judging in a real browser: invite a judge, who joins and declares a conflict; assign; review; score;
// shortlist; release feedback; the start-up reads it. axe-core checks every page visited.
import { decodeBase64, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import { expect, it } from "vitest";
import * as reviewPage from "../../app/routes/judging.reviews.$reviewId";
import { db } from "../../app/server/connections.server";
import { expectAccessible, newPage } from "../support/browser";
import { closeChallenge, createChallenge, createJudge, createMember, createProposal, createUser, sessionCookieFor } from "../support/factories";
import { finishedRun } from "../support/jobs";
import { call, postRequest } from "../support/requests";
import { confirmEmailAndSignIn, useBrowserApp, visit } from "../support/e2e";

const ctx = useBrowserApp({ worker: true });

it("invite → conflict → assign → review → score → shortlist → feedback", async () => {
  const owner = await createMember("public_body");
  const challenge = await createChallenge(owner.orgId, { title: "Safer crossings for older pedestrians", blind: true, themeSlug: "ageing-population" });
  await db().updateTable("challenges").set({ reviews_per_proposal: 1 }).where("id", "=", challenge.id).execute();
  const startupA = await createMember("startup");
  const startupB = await createMember("startup");
  const proposalA = await createProposal(challenge.id, startupA.orgId, { status: "submitted", title: "Smart crossing timers" });
  await createProposal(challenge.id, startupB.orgId, { status: "submitted", title: "Crossing companions" });
  const orgB = await db().selectFrom("organisations").select("name").where("id", "=", startupB.orgId).executeTakeFirstOrThrow();
  // A second judge, already on the panel, covers what the invited judge cannot.
  const other = await createUser();
  const otherJudge = await createJudge({ challenge_id: challenge.id, user_id: other.id, capacity: 5 });
  await closeChallenge(challenge.id);

  // The owner invites a judge.
  const ownerPage = await newPage(ctx.browser, ctx.app.url, owner.cookie);
  await visit(ownerPage, `/my/challenges/${challenge.id}`);
  await ownerPage.getByRole("link", { name: "Judges: invite the panel" }).click();
  await ownerPage.waitForURL(/\/judges$/);
  await expectAccessible(ownerPage);
  await ownerPage.getByLabel("Judge's email address").fill("nadia.judge@example.org");
  await ownerPage.getByRole("button", { name: "Create invitation" }).click();
  await expect.poll(() => ownerPage.locator("code").textContent()).toMatch(/\/judge\/invitations\//);
  // The add-form is empty again, ready for the next judge.
  await expect.poll(() => ownerPage.getByLabel("Judge's email address").inputValue()).toBe("");
  await expectAccessible(ownerPage);
  const link = (await ownerPage.locator("code").textContent())!.trim();

  // The judge follows the link, creates an account, joins and declares a conflict.
  const judgePage = await newPage(ctx.browser, ctx.app.url);
  await visit(judgePage, new URL(link).pathname);
  await judgePage.getByRole("link", { name: "create an account" }).click();
  await judgePage.waitForURL(/\/sign-up/);
  await expectAccessible(judgePage);
  await judgePage.getByLabel("Full name").fill("Nadia Judge");
  await judgePage.getByLabel("Email address").fill("nadia.judge@example.org");
  await judgePage.getByLabel("Create a password").fill("judging is a civic duty");
  await judgePage.getByRole("button", { name: "Create account" }).click();
  await confirmEmailAndSignIn(judgePage, "nadia.judge@example.org", "judging is a civic duty");
  await judgePage.waitForURL(/\/judge\/invitations\//);
  await expectAccessible(judgePage);
  await judgePage.getByRole("button", { name: "Join the panel" }).click();
  // Judges must use a second factor: the new judge sets up an authenticator app first.
  await judgePage.waitForURL(/\/account\/two-factor\?redirectTo=/);
  await expectAccessible(judgePage);
  const key = decodeBase64(await judgePage.locator('input[name="key"]').inputValue());
  expect((await judgePage.getByTestId("totp-key").textContent())!.replace(/\s/g, "")).toBe(encodeBase32UpperCaseNoPadding(key));
  await judgePage.getByLabel("Security code").fill(generateTOTP(key, 30, 6));
  await judgePage.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  await expect.poll(() => judgePage.getByTestId("recovery-codes").locator("li").count()).toBe(10);
  await expectAccessible(judgePage);
  await judgePage.getByRole("button", { name: "I have saved my recovery codes" }).click();
  await judgePage.waitForURL(/\/profile\?notice=judge-joined/);
  await expectAccessible(judgePage);
  await judgePage.getByLabel("Supporting an ageing population").check();
  await judgePage.getByLabel("Your experience").fill("Road safety engineering and older people's mobility.");
  await judgePage.getByLabel("How many proposals can you review?").fill("3");
  await judgePage.getByRole("button", { name: "Save expertise" }).click();
  await judgePage.waitForURL(/notice=judge-profile-saved/);
  await judgePage.getByLabel("Organisation").selectOption({ label: orgB.name });
  await judgePage.getByLabel("I advise it").check();
  await judgePage.getByRole("button", { name: "Declare conflict" }).click();
  await judgePage.waitForURL(/notice=conflict-declared/);
  await expect.poll(() => judgePage.getByLabel("Organisation").inputValue()).toBe("");
  expect(await judgePage.getByLabel("Note (optional)").inputValue()).toBe("");
  await expectAccessible(judgePage);
  expect(await judgePage.locator("main").textContent()).toContain(orgB.name);

  // The owner assigns judges; the page follows the job until it finishes.
  await visit(ownerPage, `/my/challenges/${challenge.id}/assignments`);
  await ownerPage.getByRole("button", { name: "Assign judges" }).click();
  await finishedRun("assign-judges", challenge.id);
  // The "has started" banner becomes the result where it stood, with no reload (the URL keeps its notice).
  await expect.poll(() => ownerPage.locator("main").textContent(), { timeout: 20_000 }).toContain("Every proposal has 1 judge.");
  const banner = await ownerPage.locator(".govuk-notification-banner").textContent();
  expect(banner).toContain("Assigning judges has finished. 2 new assignments for 2 proposals.");
  expect(banner).not.toContain("has started");
  expect(ownerPage.url()).toContain("notice=assignment-started");
  await expectAccessible(ownerPage);
  const nadia = await db().selectFrom("judges").innerJoin("users", "users.id", "judges.user_id").select("judges.id").where("users.email", "=", "nadia.judge@example.org").executeTakeFirstOrThrow();
  const assigned = await db().selectFrom("reviews").select(["id", "judge_id", "proposal_id"]).where("challenge_id", "=", challenge.id).execute();
  // The conflicted judge never gets start-up B's proposal.
  expect(assigned.find((r) => r.judge_id === nadia.id)?.proposal_id).toBe(proposalA.id);

  // The judge reviews (blind: start-up A is not named).
  await visit(judgePage, "/judging");
  await judgePage.getByRole("link", { name: "Proposal 1" }).click();
  await judgePage.waitForURL(/\/judging\/reviews\//);
  await expectAccessible(judgePage);
  expect(await judgePage.locator("main").textContent()).toContain("Blind review");
  await judgePage.getByRole("group", { name: /Impact/ }).getByLabel("4").check();
  await judgePage.getByLabel("Comment on Impact (optional)").fill("Clear benefit for older pedestrians.");
  await judgePage.getByRole("button", { name: "Submit review" }).click();
  await expect.poll(() => judgePage.locator(".govuk-error-summary").textContent()).toContain("Score “Feasibility” from 0 to 5 before submitting");
  await expectAccessible(judgePage);
  await judgePage.getByRole("group", { name: /Feasibility/ }).getByLabel("3").check();
  await judgePage.getByLabel("Overall comment").fill("A well-judged pilot.");
  await judgePage.getByRole("button", { name: "Submit review" }).click();
  await judgePage.waitForURL(/notice=review-submitted/);
  await expectAccessible(judgePage);

  // The other judge's review of start-up B arrives too.
  const otherReview = assigned.find((r) => r.judge_id === otherJudge.id)!;
  const criteria = await db().selectFrom("rubric_criteria").select("id").where("challenge_id", "=", challenge.id).execute();
  const form: Record<string, string> = { intent: "submit", comment: "Fine" };
  for (const c of criteria) form[`scores.${c.id}.score`] = "2";
  expect((await call(reviewPage.action, postRequest(`/judging/reviews/${otherReview.id}`, form, await sessionCookieFor(other.id, null)), { reviewId: otherReview.id })).status).toBe(302);

  // The owner scores, shortlists and releases feedback.
  await visit(ownerPage, `/my/challenges/${challenge.id}/results`);
  await ownerPage.getByRole("button", { name: "Score proposals" }).click();
  await finishedRun("score-proposals", challenge.id);
  await expect.poll(() => ownerPage.locator("table").count(), { timeout: 20_000 }).toBe(1);
  await expectAccessible(ownerPage);
  await ownerPage.getByLabel("Shortlist Smart crossing timers").check();
  await ownerPage.getByRole("button", { name: "Save shortlist" }).click();
  await ownerPage.waitForURL(/notice=shortlist-saved/);
  // Releasing cannot be undone: the first button only asks, and nothing is released until the second.
  await ownerPage.getByRole("button", { name: "Release feedback" }).click();
  await ownerPage.getByRole("heading", { name: "Are you sure you want to release feedback?" }).waitFor();
  await expectAccessible(ownerPage);
  expect((await db().selectFrom("challenges").select("feedback_released_at").where("id", "=", challenge.id).executeTakeFirstOrThrow()).feedback_released_at).toBeNull();
  await ownerPage.getByRole("button", { name: "Yes, release feedback" }).click();
  await ownerPage.waitForURL(/notice=feedback-released/);
  // The URL changes a moment before the page renders the new banner.
  await expect.poll(() => ownerPage.locator(".govuk-notification-banner").textContent()).toContain("Feedback has been released to applicants.");
  await expectAccessible(ownerPage);

  // The start-up reads its feedback, without the judge's name.
  const startupPage = await newPage(ctx.browser, ctx.app.url, startupA.cookie);
  await visit(startupPage, `/my/proposals/${proposalA.id}`);
  const text = (await startupPage.locator("main").textContent())!;
  expect(text).toContain("Judges' feedback");
  expect(text).toContain("Clear benefit for older pedestrians.");
  expect(text).toContain("Shortlisted");
  expect(text).not.toContain("Nadia");
});
