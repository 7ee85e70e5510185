// From a sponsorship offer to a formed team, in a real browser, with axe-core on every page visited.
import { expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { expectAccessible, newPage } from "../support/browser";
import { closeChallenge, createChallenge, createMember, createProposal } from "../support/factories";
import { useBrowserApp, visit } from "../support/e2e";
import { finishedRun } from "../support/jobs";

const ctx = useBrowserApp({ worker: true });

it("a corporate offers, the owner accepts and pairs, both partners accept, and a team with a draft pilot is formed", async () => {
  const owner = await createMember("public_body");
  const startup = await createMember("startup");
  const corporate = await createMember("corporate", { verified: true });
  const challenge = await createChallenge(owner.orgId, { title: "Warmer homes for older tenants", themeSlug: "ageing-population" });
  // After judging: closed (until then its owner sees no proposal) and shortlisted.
  await closeChallenge(challenge.id);
  await db().updateTable("challenges").set({ status: "shortlisted", feedback_released_at: new Date() }).where("id", "=", challenge.id).execute();
  const proposal = await createProposal(challenge.id, startup.orgId, { status: "submitted", title: "Heat-loss sensors for sheltered housing" });
  await db().updateTable("proposals").set({ status: "shortlisted", needs: ["mentoring"] }).where("id", "=", proposal.id).execute();

  // The corporate offers sponsorship.
  const corp = await newPage(ctx.browser, ctx.app.url, corporate.cookie);
  await visit(corp, `/challenges/${challenge.id}`);
  await corp.getByRole("button", { name: "Offer sponsorship" }).click();
  await corp.waitForURL(/\/sponsor$/);
  await expectAccessible(corp);
  await corp.getByRole("button", { name: "Send offer" }).click();
  await expect.poll(() => corp.locator(".govuk-error-summary").textContent()).toContain("Enter the funding");
  await expectAccessible(corp);
  await corp.getByLabel("Funding").fill("25000");
  await corp.getByLabel("Mentoring").check();
  await corp.getByLabel("How many start-ups can you partner with?").fill("2");
  await corp.getByRole("button", { name: "Send offer" }).click();
  await corp.waitForURL(/\/my\/sponsorships\?notice=offer-saved/);
  await expectAccessible(corp);

  // The owner accepts the offer and pairs teams.
  const body = await newPage(ctx.browser, ctx.app.url, owner.cookie);
  await visit(body, `/my/challenges/${challenge.id}`);
  await body.getByRole("link", { name: "Sponsorship offers" }).click();
  await body.waitForURL(/\/sponsors$/);
  await expectAccessible(body);
  await body.getByRole("button", { name: /^Accept/ }).click();
  await body.waitForURL(/notice=offer-decided/);
  await expectAccessible(body);
  await visit(body, `/my/challenges/${challenge.id}/pairing`);
  await body.getByRole("button", { name: "Pair teams" }).click();
  await finishedRun("pair-teams", challenge.id);
  await expect.poll(() => body.locator("table").count(), { timeout: 20_000 }).toBe(1);
  await expectAccessible(body);
  expect(await body.locator("table").textContent()).toContain("Sponsor's offer meets the start-up's needs");
  await body.getByRole("button", { name: "Publish pairing" }).click();
  await body.getByRole("heading", { name: "Are you sure you want to publish the pairing?" }).waitFor();
  await expectAccessible(body);
  await body.getByRole("button", { name: "Yes, publish the pairing" }).click();
  await body.waitForURL(/notice=pairing-published/);
  await expectAccessible(body);

  // The public page now names the sponsor.
  const visitor = await newPage(ctx.browser, ctx.app.url);
  await visit(visitor, `/challenges/${challenge.id}`);
  const corpName = (await db().selectFrom("organisations").select("name").where("id", "=", corporate.orgId).executeTakeFirstOrThrow()).name;
  expect(await visitor.locator("main").textContent()).toContain(corpName);

  // The start-up accepts, then the sponsor.
  const st = await newPage(ctx.browser, ctx.app.url, startup.cookie);
  await visit(st, `/my/proposals/${proposal.id}`);
  await st.getByRole("button", { name: "Accept partnership" }).click();
  await st.waitForURL(/notice=pairing-accepted/);
  await expectAccessible(st);
  const sponsorshipId = (await db().selectFrom("sponsorships").select("id").where("org_id", "=", corporate.orgId).executeTakeFirstOrThrow()).id;
  await visit(corp, `/my/sponsorships/${sponsorshipId}`);
  await corp.getByRole("button", { name: /^Accept/ }).click();
  await corp.waitForURL(/notice=pairing-accepted/);
  await expectAccessible(corp);
  expect(await corp.locator("main").textContent()).toContain("Team formed");

  const team = await db().selectFrom("teams").selectAll().where("proposal_id", "=", proposal.id).executeTakeFirstOrThrow();
  expect(team).toMatchObject({ public_org_id: owner.orgId, startup_org_id: startup.orgId, corporate_org_id: corporate.orgId });
  expect((await db().selectFrom("pilots").select("status").where("team_id", "=", team.id).executeTakeFirstOrThrow()).status).toBe("draft");
  await visit(st, `/my/proposals/${proposal.id}`);
  expect(await st.locator("main").textContent()).toContain("Your team is formed");
});
