// `npm run screenshots`: PNG pictures of the main pages of a running demo (`npm start`), for the README.
// Signs in as the demo accounts (README "Demo log-ins"), walks to each page by its links as a person would,
// and saves docs/screenshots/<name>.png, 1280 pixels wide, the whole page up to MAX_HEIGHT.
//
//   SCREENSHOT_URL=http://127.0.0.1:3310 npm run screenshots      # default http://127.0.0.1:3000
//   SCREENSHOT_ONLY=pilot,dashboard npm run screenshots            # only these pictures
//
// Judges must use a second factor. The first time the demo judge signs in here the script sets it up with
// the key the page shows and keeps that key in var/screenshots/ (git-ignored), so later runs against the
// same demo database can give a code. A judge enrolled some other way is skipped, with a message.
// Uses Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium), as the end-to-end tests do.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { decodeBase64 } from "@oslojs/encoding";
import { chromium, type Browser, type Page } from "playwright-core";
import { totpCodeAt, totpStep } from "../app/server/accounts/totp.server";
import { DEMO_PASSWORD } from "../db/seed";

const BASE = (process.env.SCREENSHOT_URL ?? "http://127.0.0.1:3000").replace(/\/+$/, "");
const OUT = "docs/screenshots";
const KEYS = "var/screenshots/totp-keys.json";
const WIDTH = 1280;
/** Long pages are cut here: the top of a page says what it is; the file stays small enough for a README. */
const MAX_HEIGHT = 2000;
const PASSWORD = process.env.DEMO_PASSWORD ?? DEMO_PASSWORD;
const ONLY = process.env.SCREENSHOT_ONLY?.split(",").map((s) => s.trim()).filter(Boolean);

const ACCOUNTS = {
  startup: "founder@airsense.example",
  publicBody: "transport@cta.example",
  judge: "judge.haddad@judges.example",
};

interface Shot {
  name: string;
  /** Who is signed in; none for the public pages. */
  as?: keyof typeof ACCOUNTS;
  /** Brings the page to what is pictured. */
  open: (page: Page) => Promise<void>;
}

const SHOTS: Shot[] = [
  { name: "home", open: (p) => go(p, "/") },
  { name: "challenges", open: (p) => go(p, "/challenges") },
  { name: "challenge", open: async (p) => { await go(p, "/challenges"); await follow(p, "Cleaner air around primary schools"); } },
  { name: "proposal", as: "startup", open: async (p) => { await go(p, "/my/proposals"); await follow(p, "School Streets sensor network"); } },
  {
    name: "judge-review", as: "judge",
    open: async (p) => {
      await go(p, "/judging");
      await p.locator('a[href^="/judging/reviews/"]').first().click();
      await p.waitForURL(/\/judging\/reviews\//);
    },
  },
  {
    name: "results", as: "publicBody",
    open: async (p) => { await go(p, "/my/challenges"); await follow(p, "Affordable journeys to work"); await follow(p, "Scores and shortlist"); },
  },
  {
    name: "pairing", as: "publicBody",
    open: async (p) => { await go(p, "/my/challenges"); await follow(p, "Door-to-door travel help for older residents"); await follow(p, "Pair teams"); },
  },
  { name: "pilot", open: async (p) => { await go(p, "/pilots"); await follow(p, "High-street air sensor mesh"); } },
  { name: "dashboard", open: (p) => go(p, "/dashboard") },
  { name: "open-data", open: (p) => go(p, "/open-data") },
  { name: "feedback", open: async (p) => { await go(p, "/challenges"); await follow(p, "giving your feedback"); } },
];

async function go(page: Page, path: string) {
  const res = await page.goto(`${BASE}${path}`, { waitUntil: "load" });
  if (!res || res.status() >= 400) throw new Error(`${path} answered ${res?.status()}`);
}

/** Clicks the first link with this text and waits for the page it opens. */
async function follow(page: Page, text: string) {
  const link = page.getByRole("link", { name: text, exact: true }).first();
  const href = await link.getAttribute("href", { timeout: 5_000 });
  await link.click();
  if (href) await page.waitForURL((url) => url.pathname === href.split("?")[0], { timeout: 10_000 });
  await page.waitForLoadState("load");
}

function readKeys(): Record<string, string> {
  return existsSync(KEYS) ? (JSON.parse(readFileSync(KEYS, "utf8")) as Record<string, string>) : {};
}

function codeFor(keyBase64: string): string {
  return totpCodeAt(decodeBase64(keyBase64), totpStep(Date.now()));
}

/** Signs in through the form; for a judge, gives the second factor or sets it up. Returns false if it cannot. */
async function signIn(page: Page, email: string): Promise<boolean> {
  await go(page, "/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/sign-in", { timeout: 15_000 });
  // The address changes a moment before the next page is drawn (a client-side navigation).
  await page.locator("h1").filter({ hasNotText: /^Sign in$/ }).first().waitFor({ timeout: 15_000 });
  const path = new URL(page.url()).pathname;
  if (path === "/account/two-factor") {
    // First sign-in of a judge or admin: set up the authenticator with the key the page shows.
    const key = await page.locator('input[name="key"]').inputValue();
    await page.getByLabel("Security code").fill(codeFor(key));
    await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
    await page.getByRole("link", { name: "I have saved my recovery codes" }).click();
    mkdirSync("var/screenshots", { recursive: true });
    writeFileSync(KEYS, JSON.stringify({ ...readKeys(), [email]: key }, null, 2), { mode: 0o600 });
    console.log(`  set up ${email}'s second factor; its key is kept in ${KEYS} for the next run`);
  } else if (path === "/sign-in/two-factor") {
    const key = readKeys()[email];
    if (!key) {
      console.warn(`  ${email} has a second factor this script did not set up (no key in ${KEYS}): skipped`);
      return false;
    }
    // A code is accepted once: when this step's was used by the last run, the next step's is given.
    for (let attempt = 0; attempt < 2 && new URL(page.url()).pathname === "/sign-in/two-factor"; attempt++) {
      if (attempt > 0) await page.waitForTimeout((30 - (Math.floor(Date.now() / 1000) % 30) + 1) * 1000);
      await page.getByLabel("Security code").fill(codeFor(key));
      await page.getByRole("button", { name: "Continue" }).click();
      // Signed in (the page moves on) or refused (the page says why), whichever comes first.
      await Promise.race([
        page.waitForURL((url) => url.pathname !== "/sign-in/two-factor", { timeout: 15_000 }),
        page.locator(".govuk-error-summary").waitFor({ timeout: 15_000 }),
      ]);
    }
    if (new URL(page.url()).pathname === "/sign-in/two-factor") throw new Error(`${email}: the second factor was refused`);
  }
  return true;
}

async function picture(page: Page, name: string) {
  // GOV.UK Frontend's enhancements (character counts, error summary focus) have run; nothing is still moving.
  await page.waitForFunction(() => document.body.classList.contains("govuk-frontend-supported"), undefined, { timeout: 5_000 }).catch(() => undefined);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const height = Math.min(MAX_HEIGHT, await page.evaluate(() => document.documentElement.scrollHeight));
  const file = `${OUT}/${name}.png`;
  await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width: WIDTH, height }, animations: "disabled" });
  console.log(`  ${file}: ${WIDTH}×${height}, ${Math.round(statSync(file).size / 1024)} KB`);
}

async function main() {
  const shots = SHOTS.filter((s) => !ONLY || ONLY.includes(s.name));
  const health = await fetch(`${BASE}/healthz`).catch(() => null);
  if (!health?.ok) throw new Error(`No demo answers at ${BASE}: start one with \`npm start\` (or set SCREENSHOT_URL).`);
  mkdirSync(OUT, { recursive: true });
  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"],
  });
  let failed = 0;
  try {
    // One browser context per account (its own cookies), signed in once.
    const contexts = new Map<string, Page | null>();
    for (const shot of shots) {
      const who = shot.as ?? "visitor";
      if (!contexts.has(who)) {
        const context = await browser.newContext({ viewport: { width: WIDTH, height: 900 }, deviceScaleFactor: 1, locale: "en-GB", timezoneId: "Europe/London" });
        const page = await context.newPage();
        contexts.set(who, shot.as && !(await signIn(page, ACCOUNTS[shot.as])) ? null : page);
      }
      const page = contexts.get(who);
      if (!page) continue;
      try {
        await shot.open(page);
        await picture(page, shot.name);
      } catch (error) {
        failed += 1;
        console.error(`  ${shot.name}: ${(error as Error).message.split("\n")[0]}`);
      }
    }
  } finally {
    await browser.close();
  }
  if (failed) throw new Error(`${failed} screenshot(s) failed`);
}

main().then(() => process.exit(0), (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
