// Debian's Chromium driven by playwright-core, and an axe-core check for every page a test visits.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type Page } from "playwright-core";
import { expect } from "vitest";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}

const pageErrors = new WeakMap<Page, string[]>();

/**
 * A fresh browser context (its own cookies), optionally signed in with a session cookie. The page's
 * Content Security Policy is bypassed unless `enforceCsp` is set (the app's CSP is tested over HTTP; the
 * all-pages walk enforces it, so anything it blocks shows as a console error); `timezoneId` and `locale` set
 * the browser's own (the walk uses ones far from the server's, so pages that render them do not hydrate). Errors thrown in the page
 * (hydration, scripts) are collected and fail the next accessibility check.
 */
export async function newPage(
  browser: Browser, baseURL: string, sessionCookie?: string, opts: { enforceCsp?: boolean; timezoneId?: string; locale?: string } = {},
): Promise<Page> {
  const context = await browser.newContext({ baseURL, bypassCSP: !opts.enforceCsp, timezoneId: opts.timezoneId, locale: opts.locale });
  if (sessionCookie) {
    const [name, value] = sessionCookie.split("=");
    await context.addCookies([{ name: name!, value: value!, url: baseURL }]);
  }
  const page = await context.newPage();
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on("pageerror", (err) => errors.push(err.message));
  return page;
}

/** Runs axe-core with the WCAG 2.2 A and AA rules; fails with a readable list of violations. */
export async function expectAccessible(page: Page) {
  expect(pageErrors.get(page) ?? [], `script errors on ${page.url()}`).toEqual([]);
  expect(await axeViolations(page), `axe violations on ${page.url()}`).toEqual([]);
}

/**
 * Waits until Remix has no navigation under way and the DOM has been still for 100 ms (3 s at most). After a
 * client-side navigation the URL changes a moment before React commits the new page; without this, a check
 * could see the old page (with the link just clicked still focused).
 */
async function settle(page: Page) {
  await page.evaluate(() => new Promise<void>((resolve) => {
    const router = (window as { __remixRouter?: { state: { navigation: { state: string } } } }).__remixRouter;
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const observer = new MutationObserver(() => wait());
    const done = () => {
      observer.disconnect();
      clearTimeout(quiet);
      clearTimeout(deadline);
      resolve();
    };
    const deadline = setTimeout(done, 3_000);
    const wait = () => {
      clearTimeout(quiet);
      quiet = setTimeout(() => (!router || router.state.navigation.state === "idle" ? done() : wait()), 100);
    };
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    wait();
  }));
}

/** axe-core's WCAG 2.2 A and AA violations on the page once it has settled, one readable line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  await settle(page);
  // Evaluated rather than added as a <script>, so it runs under the page's own Content Security Policy too.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
  });
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}
