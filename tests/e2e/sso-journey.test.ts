// Single sign-on in a real browser (decision 040): an organisation's administrator connects a real OpenID
// Connect provider (oidc-provider on 127.0.0.1), proves a domain with a DNS TXT record and turns it on; then
// someone from that organisation, new to the service, signs in with their work account from the sign-in page
// and lands on their overview as a member. The failure page is checked too. axe-core checks every page.
process.env.SSO_ALLOW_INSECURE_HTTP = "true";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { resetEnvCache } from "../../app/server/env.server";
import { ssoRedirectUri } from "../../app/server/sso/sign-in.server";
import { createServer } from "../../server";
import { expectAccessible, launchBrowser, newPage } from "../support/browser";
import { startDnsServer } from "../support/dns-server";
import { createMember } from "../support/factories";
import { startOidcProvider } from "../support/oidc-provider";

const CLIENT = { clientId: "civic-challenge-e2e", clientSecret: "e2e-client-secret-0123456789" };
const DOMAIN = "islington-sso.example";

let browser: Browser;
let dns: Awaited<ReturnType<typeof startDnsServer>>;
let idp: Awaited<ReturnType<typeof startOidcProvider>>;
let app: { url: string; close: () => Promise<void> };

/** A free loopback port: the provider must send the browser back to the app's own address (APP_URL). */
async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  dns = await startDnsServer();
  const port = await freePort();
  process.env.APP_URL = `http://127.0.0.1:${port}`;
  process.env.SSO_DNS_SERVERS = dns.address;
  resetEnvCache();
  idp = await startOidcProvider({ ...CLIENT, redirectUri: ssoRedirectUri() });
  const buildUrl = new URL("../../build/index.js", import.meta.url).href;
  const build = (await import(/* @vite-ignore */ buildUrl)) as ServerBuild;
  const server = (await createServer(build)).app.listen(port, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  app = { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await idp?.close();
  await dns?.close();
});

it("an administrator connects the provider and proves a domain; a new colleague signs in with their work account", async () => {
  const admin = await createMember("public_body", { verified: true });
  const page = await newPage(browser, app.url, admin.cookie);
  await page.goto(`/organisations/${admin.orgId}`);
  await page.getByRole("link", { name: "Single sign-on" }).click();
  await page.waitForURL(/\/sso$/);
  await expectAccessible(page);
  expect(await page.getByTestId("redirect-uri").textContent()).toBe(`${app.url}/sso/callback`);

  // A wrong issuer first: the message next to the field.
  await page.getByLabel("Issuer").fill(`${idp.issuer}/wrong`);
  await page.getByLabel("Client ID").fill(CLIENT.clientId);
  await page.getByLabel("Client secret").fill(CLIENT.clientSecret);
  await page.getByRole("button", { name: "Connect" }).click();
  await expect.poll(() => page.locator("#issuer-error").textContent()).toMatch(/openid-configuration/);
  await expectAccessible(page);
  await page.getByLabel("Issuer").fill(idp.issuer);
  await page.getByLabel("Client secret").fill(CLIENT.clientSecret);
  await page.getByRole("button", { name: "Connect" }).click();
  await page.waitForURL(/notice=sso-connection-saved/);
  await expectAccessible(page);

  await page.getByLabel("Add a domain").fill(DOMAIN);
  await page.getByRole("button", { name: "Add domain" }).click();
  await page.waitForURL(/notice=sso-domain-added/);
  await expectAccessible(page);
  const { verification_token } = await db().selectFrom("sso_domains").select("verification_token").where("org_id", "=", admin.orgId).executeTakeFirstOrThrow();
  await page.getByRole("button", { name: `Verify ${DOMAIN}` }).click();
  await expect.poll(() => page.locator(".govuk-error-summary").textContent()).toMatch(/did not find the TXT record/);
  await expectAccessible(page);
  dns.txt.set(`_civic-challenge.${DOMAIN}`, [`civic-challenge-verification=${verification_token}`]);
  await page.getByRole("button", { name: `Verify ${DOMAIN}` }).click();
  await page.waitForURL(/notice=sso-domain-verified/);
  await page.getByRole("button", { name: "Turn single sign-on on" }).click();
  await page.waitForURL(/notice=sso-enabled/);
  await expectAccessible(page);
  await page.context().close();

  const email = `nadia.hussain@${DOMAIN}`;
  idp.accounts.set(email, { email, email_verified: true, name: "Nadia Hussain" });
  // The site's own Content Security Policy applies (form-action 'self'): the way to the provider must not trip it.
  const visitor = await newPage(browser, app.url, undefined, { enforceCsp: true });
  await visitor.goto("/sign-in");
  await visitor.getByRole("link", { name: "Sign in with your organisation's account" }).click();
  await visitor.waitForURL(/\/sso\/start/);
  await expectAccessible(visitor);
  await visitor.getByLabel("Work email address").fill(email);
  await visitor.getByRole("button", { name: "Continue" }).click();
  await visitor.waitForURL(/\/my\/overview/);
  await expectAccessible(visitor);
  const user = await db().selectFrom("users").innerJoin("memberships", "memberships.user_id", "users.id")
    .select(["users.name", "memberships.org_id"]).where("users.email", "=", email).executeTakeFirstOrThrow();
  expect(user).toEqual({ name: "Nadia Hussain", org_id: admin.orgId });

  // Without JavaScript too: the form posts, and the browser is sent on to the provider and back.
  const plain = await (await browser.newContext({ baseURL: app.url, javaScriptEnabled: false })).newPage();
  await plain.goto("/sso/start");
  await plain.getByLabel("Work email address").fill(email);
  await plain.getByRole("button", { name: "Continue" }).click();
  await plain.getByRole("link", { name: "Continue to your organisation's sign-in" }).click();
  await plain.waitForURL(/\/my\/overview/);
  await plain.context().close();

  // An address at a domain nobody has proved: a message next to the field.
  await visitor.context().clearCookies();
  await visitor.goto("/sso/start");
  await visitor.getByLabel("Work email address").fill("someone@nowhere.example");
  await visitor.getByRole("button", { name: "Continue" }).click();
  await expect.poll(() => visitor.locator("#email-error").textContent()).toMatch(/does not sign in this way/);
  await expectAccessible(visitor);

  // The failure page, as a callback with no sign-in under way shows it.
  const answer = await visitor.goto("/sso/callback?code=x&state=y");
  expect(answer?.status()).toBe(403);
  expect(await visitor.locator("h1").textContent()).toBe("Your organisation's sign-in failed");
  await expectAccessible(visitor);
  await visitor.context().close();
});
