// The first journey in a real browser: a public body publishes a challenge, a start-up finds it by
// search and submits a proposal, and after the deadline the public body reads it. axe-core checks
// every page on the way.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { expectAccessible, launchBrowser, newPage } from "../support/browser";
import { closeChallenge } from "../support/factories";
import { elfBytes, pdfBytes } from "../support/files";
import { confirmEmailAndSignIn } from "../support/e2e";
import { startAppServer } from "../support/server";

let app: Awaited<ReturnType<typeof startAppServer>>;
let browser: Browser;

beforeAll(async () => {
  app = await startAppServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function visit(page: Page, path: string) {
  await page.goto(path);
  await expectAccessible(page);
}

async function signUp(page: Page, name: string, email: string) {
  await visit(page, "/sign-up");
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Create a password").fill("a long and memorable phrase");
  await page.getByRole("button", { name: "Create account" }).click();
  await confirmEmailAndSignIn(page, email, "a long and memorable phrase");
  await visit(page, "/organisations");
}

async function createOrganisation(page: Page, name: string, kind: string) {
  await page.getByRole("button", { name: "Create an organisation" }).click();
  await page.waitForURL(/\/organisations\/new/);
  await expectAccessible(page);
  await page.getByLabel("Organisation name").fill(name);
  await page.getByLabel(kind, { exact: true }).check();
  await page.getByRole("button", { name: "Create organisation" }).click();
  await page.waitForURL(/\/organisations\/[0-9a-f-]+\?notice=org-created/);
  await expectAccessible(page);
}

function dateParts(d: Date) {
  const p = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "numeric", year: "numeric" }).formatToParts(d);
  const get = (t: string) => p.find((x) => x.type === t)!.value;
  return { day: get("day"), month: get("month"), year: get("year") };
}

async function fillDate(page: Page, legend: string, d: Date) {
  const group = page.getByRole("group", { name: legend });
  const parts = dateParts(d);
  await group.getByLabel("Day").fill(parts.day);
  await group.getByLabel("Month").fill(parts.month);
  await group.getByLabel("Year").fill(parts.year);
}

it("public body publishes, start-up applies, public body reads the proposal after the deadline", async () => {
  // The public body.
  const body = await newPage(browser, app.url);
  await signUp(body, "Tom Okafor", "tom@camden.example.org");
  await createOrganisation(body, "Camden Council", "Public body");
  // The programme office checks the council is who it says it is (its page: verified-organisations.test.ts);
  // only a verified public body may publish.
  await db().updateTable("organisations").set({ verified_at: new Date() }).where("name", "=", "Camden Council").execute();
  await body.getByRole("link", { name: "Your challenges" }).click();
  await expectAccessible(body);
  await body.getByRole("button", { name: "Draft a new challenge" }).click();
  await body.waitForURL(/\/my\/challenges\/new/);
  await expectAccessible(body);

  // A first attempt with weights that do not add up shows the error summary, keeping the input.
  await body.getByLabel("Title").fill("Quieter, cleaner streets around schools");
  await body.getByLabel("Summary").fill("Reduce children's exposure to exhaust fumes near school gates.");
  await body.getByLabel("Problem statement").fill("Many of the borough's primary schools sit on busy roads where nitrogen dioxide exceeds legal limits at drop-off time.");
  await body.getByLabel("Theme").selectOption({ label: "Preventing climate change" });
  await body.getByLabel("Camden", { exact: true }).check();
  await body.getByLabel("Pilot budget", { exact: true }).check();
  await body.getByLabel("Amount").fill("60000");
  await body.getByLabel("Pilot length in weeks").fill("12");
  await fillDate(body, "Opening date", new Date());
  await fillDate(body, "Closing date", new Date(Date.now() + 14 * 86_400_000));
  await body.getByRole("group", { name: "Should judges review proposals blind?" }).getByLabel("No").check();
  await body.getByLabel("Eligibility questions (optional)").fill("Are you registered in the UK?");
  await body.getByLabel("Name of criterion 1").fill("Impact");
  await body.getByLabel("Weight of criterion 1").fill("60");
  await body.getByLabel("Name of criterion 2").fill("Feasibility");
  await body.getByLabel("Weight of criterion 2").fill("30");
  await body.getByRole("button", { name: "Save draft" }).click();
  await expect.poll(() => body.locator(".govuk-error-summary").textContent()).toContain("Criterion weights must add up to 100 (they add up to 90)");
  await expectAccessible(body);
  expect(await body.getByLabel("Title").inputValue()).toBe("Quieter, cleaner streets around schools");
  await body.getByLabel("Weight of criterion 2").fill("40");
  await body.getByRole("button", { name: "Save draft" }).click();
  await body.waitForURL(/\/my\/challenges\/[0-9a-f-]+\?notice=challenge-saved/);
  await expectAccessible(body);

  await body.getByRole("button", { name: "Preview" }).click();
  await body.waitForURL(/\/challenges\/[0-9a-f-]+$/);
  await expect.poll(() => body.locator(".govuk-inset-text").textContent()).toContain("This is a preview");
  await expectAccessible(body);
  await body.getByRole("button", { name: "Manage this challenge" }).click();
  // Publishing cannot be undone: the owner checks every answer first, and publishes from that page.
  await body.getByRole("button", { name: "Check and publish" }).click();
  await body.waitForURL(/\/my\/challenges\/[0-9a-f-]+\/check$/);
  await expectAccessible(body);
  expect(await body.locator("main").textContent()).toContain("Quieter, cleaner streets around schools");
  expect(await body.getByRole("link", { name: "Change evaluation criteria" }).getAttribute("href")).toMatch(/\/edit#criteria$/);
  await body.getByRole("button", { name: "Publish challenge" }).click();
  await body.waitForURL(/notice=challenge-published/);
  await expectAccessible(body);
  const challengeId = /\/my\/challenges\/([0-9a-f-]+)/.exec(body.url())![1]!;

  // The start-up.
  const startup = await newPage(browser, app.url);
  await signUp(startup, "Wei Chen", "wei@airsense.example.org");
  await createOrganisation(startup, "AirSense Labs", "Start-up");
  await visit(startup, "/challenges");
  await startup.getByLabel("Search").fill("fumes schools");
  await startup.getByRole("button", { name: "Apply filters" }).click();
  await startup.waitForURL(/q=fumes/);
  await expectAccessible(startup);
  await startup.getByRole("link", { name: "Quieter, cleaner streets around schools" }).click();
  await startup.waitForURL(new RegExp(`/challenges/${challengeId}`));
  await expectAccessible(startup);
  await startup.getByRole("button", { name: "Start a proposal" }).click();
  await startup.waitForURL(/\/my\/proposals\/[0-9a-f-]+/);
  await expectAccessible(startup);

  await startup.getByLabel("Title").fill("School Streets sensor network");
  await startup.getByLabel("Summary").fill("Sensors at school gates with live alerts for parents and the council.");
  await startup.getByRole("button", { name: "Save as draft" }).click();
  await startup.waitForURL(/notice=proposal-saved/);
  await expectAccessible(startup);
  // A program renamed as a PDF is refused next to the file field, and the draft is kept; a real PDF is attached.
  await startup.getByLabel("Attach a file").setInputFiles({ name: "budget.pdf", mimeType: "application/pdf", buffer: Buffer.from(elfBytes()) });
  await startup.getByRole("button", { name: "Upload file" }).click();
  await startup.locator("#file-error").waitFor();
  expect(await startup.locator("#file-error").textContent()).toContain("The selected file must be a PDF, image");
  expect(await startup.getByLabel("Title").inputValue()).toBe("School Streets sensor network");
  await expectAccessible(startup);
  await startup.getByLabel("Attach a file").setInputFiles({ name: "Sensor plan.pdf", mimeType: "application/pdf", buffer: Buffer.from(pdfBytes()) });
  await startup.getByRole("button", { name: "Upload file" }).click();
  await startup.waitForURL(/notice=attachment-uploaded/);
  await startup.getByRole("link", { name: "Sensor plan.pdf" }).waitFor();
  await startup.getByLabel("Approach").fill("We install twenty sensors, publish the readings openly and plan quieter walking routes with parents.");
  await startup.getByLabel("Expected impact").fill("A measurable fall in children's exposure to nitrogen dioxide.");
  await startup.getByLabel("Team").fill("Three engineers and a public health researcher.");
  await startup.getByLabel("Requested budget").fill("45000");
  await startup.getByLabel("Technology readiness level").selectOption("6");
  await startup.getByLabel(/Eligibility question 1/).fill("Yes, in England and Wales.");
  // Save → Check your answers → Submit → the confirmation panel with its reference number.
  await startup.getByRole("button", { name: "Save and check your answers" }).click();
  await startup.waitForURL(/\/my\/proposals\/[0-9a-f-]+\/check$/);
  await expectAccessible(startup);
  const checked = await startup.locator("main").textContent();
  for (const answer of ["School Streets sensor network", "Three engineers and a public health researcher.", "£45,000", "6 – Demonstrated in a relevant environment", "Yes, in England and Wales.", "Sensor plan.pdf"]) {
    expect(checked).toContain(answer);
  }
  await startup.getByRole("button", { name: "Submit proposal" }).click();
  await startup.waitForURL(/\/my\/proposals\/[0-9a-f-]+\/submitted$/);
  await expectAccessible(startup);
  expect(await startup.locator(".govuk-panel__title").textContent()).toBe("Proposal submitted");
  const reference = (await db().selectFrom("proposals").select("reference").executeTakeFirstOrThrow()).reference!;
  expect(reference).toMatch(/^CIC-\d{6}$/);
  expect(await startup.locator(".govuk-panel__body").textContent()).toContain(reference);
  expect(await startup.locator("#receipt").textContent()).toContain("wei@airsense.example.org");
  await visit(startup, "/my/proposals");
  expect(await startup.locator("table").textContent()).toContain("Submitted");

  // Before the deadline the public body sees no proposals; after it, it reads the one submitted.
  await visit(body, `/my/challenges/${challengeId}`);
  expect(await body.locator("main").textContent()).toContain("Proposals are sealed until the challenge closes");
  await closeChallenge(challengeId);
  await visit(body, `/my/challenges/${challengeId}`);
  await body.getByRole("link", { name: "School Streets sensor network" }).click();
  await body.waitForURL(/\/proposals\//);
  await expectAccessible(body);
  expect(await body.locator("main").textContent()).toContain("Proposal from AirSense Labs");
  expect(await body.getByRole("link", { name: "Sensor plan.pdf" }).getAttribute("href")).toMatch(/^\/attachments\/[0-9a-f-]{36}$/);

  const stored = await db().selectFrom("proposals").select(["status", "trl"]).executeTakeFirstOrThrow();
  expect(stored).toEqual({ status: "submitted", trl: 6 });
});
