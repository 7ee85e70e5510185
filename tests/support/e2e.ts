// Shared set-up for end-to-end tests: the built app on a loopback port, Debian's Chromium, and (for
// journeys that run background jobs) the job worker in-process. Registers its own beforeAll/afterAll.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
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
