// Shared set-up for end-to-end tests: the built app on a loopback port, Debian's Chromium, and (for
// journeys that run background jobs) the job worker in-process. Registers its own beforeAll/afterAll.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { db } from "../../app/server/connections.server";
import { startWorker } from "../../jobs/worker";
import { expectAccessible, launchBrowser } from "./browser";
import { startAppServer } from "./server";

export function useBrowserApp(options: { worker?: boolean } = {}) {
  const ctx = {} as { app: Awaited<ReturnType<typeof startAppServer>>; browser: Browser; worker?: Awaited<ReturnType<typeof startWorker>> };
  beforeAll(async () => {
    ctx.app = await startAppServer();
    ctx.browser = await launchBrowser();
    if (options.worker) ctx.worker = await startWorker();
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.worker?.close();
    await ctx.app?.close();
  });
  return ctx;
}

/** Opens a page and checks it with axe-core. */
export async function visit(page: Page, path: string) {
  await page.goto(path);
  await expectAccessible(page);
}

/**
 * After "Create account": the "check your email" page, then the newest confirmation link sent to this
 * address (read from the outbox, the dev mailbox) followed and confirmed, then signing in with the password.
 */
export async function confirmEmailAndSignIn(page: Page, email: string, password: string) {
  await expect.poll(() => page.locator("h1").textContent()).toBe("Check your email");
  await expectAccessible(page);
  const sent = await db().selectFrom("notifications").select("body").where("to_email", "=", email.toLowerCase())
    .where("kind", "=", "email_confirmation").orderBy("created_at", "desc").limit(1).executeTakeFirstOrThrow();
  const link = new URL(/http\S+\/confirm-email\/\S+/.exec(sent.body)![0]);
  await visit(page, link.pathname + link.search);
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await page.waitForURL(/\/sign-in\?notice=email-confirmed/);
  await expectAccessible(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/sign-in");
}
