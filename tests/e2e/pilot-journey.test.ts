// A pilot in a real browser: the team plans it, the public body approves it, the start-up records a
// measurement, and the status changes on the pilot page and on the programme dashboard. axe-core checks
// every page visited.
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { expectAccessible, newPage } from "../support/browser";
import { createChallenge, createMember, createPairedPilot, createProposal } from "../support/factories";
import { useBrowserApp, visit } from "../support/e2e";

const ctx = useBrowserApp({ worker: true });

function parts(d: Date) {
  return { day: String(d.getUTCDate()), month: String(d.getUTCMonth() + 1), year: String(d.getUTCFullYear()) };
}

async function fillDate(page: Page, legend: string, d: Date) {
  const group = page.getByRole("group", { name: legend });
  const p = parts(d);
  await group.getByLabel("Day").fill(p.day);
  await group.getByLabel("Month").fill(p.month);
  await group.getByLabel("Year").fill(p.year);
}

it("plan → approve → measure, and the status changes on the pilot page and the programme dashboard", async () => {
  const body = await createMember("public_body");
  const startup = await createMember("startup");
  const corporate = await createMember("corporate");
  const challenge = await createChallenge(body.orgId, { title: "Quieter school streets" });
  const proposal = await createProposal(challenge.id, startup.orgId, { status: "submitted", title: "School street sensors" });
  const { pilot } = await createPairedPilot(
    { challengeId: challenge.id, proposalId: proposal.id, publicOrgId: body.orgId, startupOrgId: startup.orgId, corporateOrgId: corporate.orgId },
    { pilot: { title: "School street sensors" } },
  );

  const DAY = 86_400_000;
  const st = await newPage(ctx.browser, ctx.app.url, startup.cookie);
  await visit(st, `/pilots/${pilot.id}/plan`);
  await fillDate(st, "Start date", new Date(Date.now() - 60 * DAY));
  await fillDate(st, "End date", new Date(Date.now() + 300 * DAY));
  await st.getByLabel("Budget (optional)").fill("45000");
  await st.getByRole("button", { name: "Save dates and budget" }).click();
  await st.waitForURL(/notice=/);
  await expectAccessible(st);
  await st.getByLabel("Name", { exact: true }).fill("Children's exposure to NO2");
  await st.getByLabel("Unit").fill("µg/m³");
  await st.getByLabel("Baseline").fill("100");
  await st.getByLabel("Target", { exact: true }).fill("50");
  await st.getByRole("group", { name: "Is higher or lower better?" }).getByLabel(/Lower/).check();
  await st.getByLabel("How often is it measured?").selectOption("monthly");
  await st.getByRole("button", { name: "Add KPI" }).click();
  await st.waitForURL(/notice=kpi-saved/);
  await expectAccessible(st);
  // The add form starts empty again for the next KPI, and the task list counts the one added.
  await expect.poll(() => st.getByRole("table", { name: "KPIs" }).textContent()).toContain("Children's exposure to NO2");
  await expect.poll(() => st.getByLabel("Name", { exact: true }).inputValue()).toBe("");
  expect(await st.getByLabel("Baseline").inputValue()).toBe("");
  expect(await st.locator("#plan-task-kpis-status").textContent()).toBe("Completed");
  expect(await st.locator("#plan-task-dates-status").textContent()).toBe("Completed");
  expect(await st.locator("#plan-task-milestones-status").textContent()).toBe("Not yet started");
  // A milestone too; twice, so the second success (the same notice again) empties the form as well.
  const milestoneForm = st.locator("#milestone-form");
  for (const title of ["Sensors installed", "First report"]) {
    await milestoneForm.getByLabel("Milestone", { exact: true }).fill(title);
    await fillDate(st, "Due date", new Date(Date.now() + 30 * DAY));
    await milestoneForm.getByLabel("Responsible organisation").selectOption({ index: 2 });
    await st.getByRole("button", { name: "Add milestone" }).click();
    await expect.poll(() => st.getByRole("table", { name: "Milestones" }).textContent()).toContain(title);
    await expect.poll(() => milestoneForm.getByLabel("Milestone", { exact: true }).inputValue()).toBe("");
  }

  const pb = await newPage(ctx.browser, ctx.app.url, body.cookie);
  await visit(pb, `/pilots/${pilot.id}/plan`);
  await pb.getByRole("button", { name: "Approve the plan" }).click();
  await pb.getByRole("heading", { name: "Are you sure you want to approve the plan?" }).waitFor();
  await expectAccessible(pb);
  await pb.getByRole("button", { name: "Yes, approve the plan" }).click();
  await pb.waitForURL(/notice=pilot-approved/);
  await expectAccessible(pb);
  // Two months in with no measurement of a monthly KPI: at risk.
  expect(await pb.locator("main").textContent()).toContain("At risk");
  await visit(pb, `/my/challenges/${challenge.id}/dashboard`);
  await visit(st, "/my/overview");
  await visit(st, "/pilots");

  const visitor = await newPage(ctx.browser, ctx.app.url);
  await expect.poll(async () => {
    await visitor.goto("/dashboard");
    return visitor.locator("main").textContent();
  }, { timeout: 20_000 }).toMatch(/Of the started pilots, 0% are on track/);
  await expectAccessible(visitor);

  await visit(st, `/pilots/${pilot.id}`);
  await st.getByLabel("KPI", { exact: true }).selectOption({ index: 1 });
  await fillDate(st, "Date of the measurement", new Date(Date.now() - DAY));
  await st.getByLabel("Value").fill("80");
  await st.getByRole("button", { name: "Record measurement" }).click();
  await st.waitForURL(/notice=measurement-recorded/);
  await expectAccessible(st);
  expect(await st.locator("main").textContent()).toContain("On track");

  await expect.poll(async () => {
    await visitor.goto("/dashboard");
    return visitor.locator("main").textContent();
  }, { timeout: 20_000 }).toMatch(/Of the started pilots, 100% are on track/);
  await expectAccessible(visitor);
  await visit(visitor, `/pilots/${pilot.id}`);
  await visit(visitor, "/open-data");

  // After approval the plan changes only through a change the public body approves.
  await visit(st, `/pilots/${pilot.id}/plan`);
  await st.getByLabel("Why does the plan need to change?").fill("The school asked for a parents' evening to explain the sensors.");
  const add = st.getByRole("group", { name: "Add a milestone" });
  await add.getByLabel("Milestone").fill("Parents' evening");
  const due = add.getByRole("group", { name: "Due date", exact: true });
  const dueOn = parts(new Date(Date.now() + 30 * DAY));
  await due.getByLabel("Day").fill(dueOn.day);
  await due.getByLabel("Month").fill(dueOn.month);
  await due.getByLabel("Year").fill(dueOn.year);
  const startupName = (await db().selectFrom("organisations").select("name").where("id", "=", startup.orgId).executeTakeFirstOrThrow()).name;
  await add.getByLabel("Responsible organisation").selectOption({ label: startupName });
  await st.getByRole("button", { name: "Send the change to the public body" }).click();
  await st.waitForURL(/notice=plan-change-proposed/);
  await expectAccessible(st);
  await visit(pb, `/pilots/${pilot.id}/plan`);
  await pb.getByRole("button", { name: "Approve the change" }).click();
  await pb.waitForURL(/notice=plan-change-approved/);
  await expectAccessible(pb);
  expect(await pb.getByRole("table", { name: "Milestones" }).textContent()).toContain("Parents' evening");
});
