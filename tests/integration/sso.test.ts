// Single sign-on for organisations' staff (decision 040), through the built server against a real OpenID
// Connect provider (oidc-provider on 127.0.0.1, PKCE required) and a real DNS server for the domain proof:
// an administrator connects the provider (its discovery checked), proves a domain with a TXT record and
// turns it on; staff then sign in through it. Refused, with a page that says why and nothing created: a
// wrong state, a replayed callback or code, an address at an unverified domain, an address the provider has
// not verified, a connection turned off, an existing account of someone who is not a member.
process.env.SSO_ALLOW_INSECURE_HTTP = "true";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { env, resetEnvCache } from "../../app/server/env.server";
import { discoverProvider, discoveryFailure, PROVIDER_ADDRESS_REFUSED, providerFetch } from "../../app/server/sso/oidc.server";
import { exchangeCode, ssoRedirectUri } from "../../app/server/sso/sign-in.server";
import { startDnsServer } from "../support/dns-server";
import { addMember, createMember, createUser, secondFactorColumns } from "../support/factories";
import { decodeHtml } from "../support/http-client";
import { followProvider, startOidcProvider } from "../support/oidc-provider";
import { useAppServer } from "../support/server";

const CLIENT = { clientId: "civic-challenge", clientSecret: "s3cret-of-the-council-0123456789" };
const DOMAIN = "camden-sso.example";

let dns: Awaited<ReturnType<typeof startDnsServer>>;
let idp: Awaited<ReturnType<typeof startOidcProvider>>;

// Before the server starts, so the built app reads them when it first parses its environment.
beforeAll(async () => {
  dns = await startDnsServer();
  process.env.SSO_DNS_SERVERS = dns.address;
  resetEnvCache();
  expect(env().SSO_ALLOW_INSECURE_HTTP).toBe("true");
  idp = await startOidcProvider({ ...CLIENT, redirectUri: ssoRedirectUri() });
});
afterAll(async () => {
  await idp?.close();
  await dns?.close();
});
const web = useAppServer();

let admin: Awaited<ReturnType<typeof createMember>>;
const page = () => `/organisations/${admin.orgId}/sso`;

function cookieValue(res: Response, name: string): string | null {
  for (const line of res.headers.getSetCookie()) {
    const m = new RegExp(`^${name}=([^;]*)`).exec(line);
    if (m) return m[1]!;
  }
  return null;
}

/** An organisation with its provider connected, a domain proved and single sign-on on, all through its page. */
async function connectedOrganisation(domain: string) {
  const owner = await createMember("public_body", { verified: true });
  const base = `/organisations/${owner.orgId}/sso`;
  expect((await web.http.post(base, { intent: "connect", issuer: idp.issuer, ...CLIENT }, owner.cookie)).status).toBe(302);
  expect((await web.http.post(base, { intent: "add-domain", domain }, owner.cookie)).status).toBe(302);
  const row = await db().selectFrom("sso_domains").select(["id", "verification_token"]).where("org_id", "=", owner.orgId).where("domain", "=", domain).executeTakeFirstOrThrow();
  dns.txt.set(`_civic-challenge.${domain}`, [`civic-challenge-verification=${row.verification_token}`]);
  expect((await web.http.post(base, { intent: "verify-domain", domainId: row.id }, owner.cookie)).status).toBe(302);
  expect((await web.http.post(base, { intent: "enable" }, owner.cookie)).status).toBe(302);
  return owner;
}

/** /sso/start with this address, then the provider, as far as the browser's way back to the callback. */
async function startAndFollow(email: string) {
  // As a browser posts the form: a page with the address of the provider (our CSP's form-action 'self' would
  // stop a redirect to it), which it goes to by itself with JavaScript and shows as a link without.
  const started = await web.http.post("/sso/start", { email, redirectTo: "/my/overview" });
  expect(started.status).toBe(200);
  expect(started.headers.get("cache-control")).toBe("no-store");
  const link = /data-testid="continue-to-provider"|href="([^"]+)"[^>]*data-testid="continue-to-provider"/.exec(await started.text());
  const sso = cookieValue(started, "civic_sso");
  expect(sso).toMatch(/^[a-z2-7]{32}$/);
  const setCookie = started.headers.getSetCookie().join("\n");
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Lax/i);
  const authorization = new URL(decodeHtml(link![1]!));
  const callback = await followProvider(authorization.href, ssoRedirectUri());
  return { authorization, callback, cookie: `civic_sso=${sso}` };
}

function callback(url: URL, cookie: string) {
  return web.http.get(`${url.pathname}${url.search}`, cookie);
}

async function refusedPage(res: Response, words: RegExp) {
  expect(res.status).toBe(403);
  expect(cookieValue(res, "civic_session")).toBeNull();
  expect(res.headers.get("cache-control")).toBe("no-store");
  const html = decodeHtml(await res.text());
  expect(html).toContain("Your organisation's sign-in failed");
  expect(html).toMatch(words);
}

async function failures(orgId: string) {
  const rows = await db().selectFrom("audit_events").select("detail").where("action", "=", "account.sso_sign_in_failed").where("subject_id", "=", orgId).execute();
  return rows.map((r) => (r.detail as { reason: string }).reason);
}

beforeAll(async () => {
  admin = await connectedOrganisation(DOMAIN);
});

describe("requests to an identity provider", () => {
  // Names resolved by the test, so that nothing is ever sent to a private address, even if the rule broke.
  const resolver = (answers: Record<string, string[]>) => async (host: string) => answers[host] ?? [];
  const withRule = async <T>(allowLoopback: boolean, run: () => Promise<T>) => {
    const before = process.env.SSO_ALLOW_INSECURE_HTTP;
    process.env.SSO_ALLOW_INSECURE_HTTP = String(allowLoopback);
    resetEnvCache();
    try {
      return await run();
    } finally {
      process.env.SSO_ALLOW_INSECURE_HTTP = before;
      resetEnvCache();
    }
  };
  const refusal = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string; message: string }) => e);

  it("go only to a host whose every address is public: names that lead inside are refused before any request", async () => {
    const inside = resolver({
      "idp.metadata.example": ["169.254.169.254"], "idp.private.example": ["10.1.2.3"], "idp.mixed.example": ["93.184.215.14", "192.168.0.7"],
      "idp.v6.example": ["fd00::1"], "idp.mapped.example": ["::ffff:172.16.0.1"], "idp.here.example": ["127.0.0.1"],
    });
    for (const host of ["idp.metadata.example", "idp.private.example", "idp.mixed.example", "idp.v6.example", "idp.mapped.example", "idp.here.example"]) {
      const error = await withRule(false, () => refusal(providerFetch(`https://${host}/.well-known/openid-configuration`, {} as never, inside)));
      expect(error?.code, host).toBe(PROVIDER_ADDRESS_REFUSED);
      expect(discoveryFailure(error, `https://${host}`)).toMatch(/private or reserved address/);
    }
    // Plain http, a user name in the address, localhost: refused whatever they resolve to.
    for (const url of ["http://idp.example/", "https://user:pw@idp.example/", "https://localhost/"]) {
      expect((await withRule(false, () => refusal(providerFetch(url, {} as never, resolver({ "idp.example": ["93.184.215.14"] })))))?.code, url).toBe(PROVIDER_ADDRESS_REFUSED);
    }
  });

  it("reach the tests' own provider on loopback only while SSO_ALLOW_INSECURE_HTTP is on", async () => {
    const url = `${idp.issuer}/.well-known/openid-configuration`;
    expect((await withRule(true, () => providerFetch(url, {} as never))).status).toBe(200);
    expect((await withRule(false, () => refusal(providerFetch(url, {} as never))))?.code).toBe(PROVIDER_ADDRESS_REFUSED);
  });
});

describe("the organisation's single sign-on page", () => {
  it("checks the issuer's discovery when saving: a wrong address is a message next to the field, and nothing is saved", async () => {
    const owner = await createMember("public_body");
    const base = `/organisations/${owner.orgId}/sso`;
    for (const issuer of [`${idp.issuer}/nowhere`, "http://127.0.0.1:9/", "not an address"]) {
      const res = await web.http.post(base, { intent: "connect", issuer, ...CLIENT }, owner.cookie);
      expect(res.status, issuer).toBe(400);
      const body = decodeHtml(await res.text());
      expect(body).toMatch(/id="issuer-error"/);
      expect(body, "the secret is never sent back").not.toContain(CLIENT.clientSecret);
    }
    const missing = await web.http.post(base, { intent: "connect", issuer: idp.issuer, clientId: "x" }, owner.cookie);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("Enter the client secret");
    expect(await db().selectFrom("sso_connections").select("id").where("org_id", "=", owner.orgId).execute()).toEqual([]);
  });

  it("keeps the secret encrypted, never shows it, shows the redirect URI, and audits every change", async () => {
    const row = await db().selectFrom("sso_connections").selectAll().where("org_id", "=", admin.orgId).executeTakeFirstOrThrow();
    expect(row.enabled).toBe(true);
    expect(Buffer.from(row.client_secret).toString("latin1")).not.toContain(CLIENT.clientSecret);
    const html = decodeHtml(await (await web.http.get(page(), admin.cookie)).text());
    expect(html).toContain(ssoRedirectUri());
    expect(html).toContain(idp.issuer);
    expect(html).not.toContain(CLIENT.clientSecret);
    // A change without a secret keeps the saved one (sign-in below still works with it).
    expect((await web.http.post(page(), { intent: "connect", issuer: idp.issuer, clientId: CLIENT.clientId, clientSecret: "" }, admin.cookie)).status).toBe(302);
    const actions = (await db().selectFrom("audit_events").select("action").where("subject_id", "=", admin.orgId).where("action", "like", "organisation.sso%").orderBy("id").execute()).map((e) => e.action);
    expect(actions).toEqual(["organisation.sso_connection_saved", "organisation.sso_domain_added", "organisation.sso_domain_verified", "organisation.sso_enabled", "organisation.sso_connection_saved"]);
    const details = JSON.stringify(await db().selectFrom("audit_events").select("detail").where("subject_id", "=", admin.orgId).execute());
    expect(details).not.toContain(CLIENT.clientSecret);
  });

  it("verifies a domain only when its TXT record holds the token, and lets one organisation only hold it", async () => {
    const owner = await createMember("startup");
    const base = `/organisations/${owner.orgId}/sso`;
    const domain = "proof.example";
    expect((await web.http.post(base, { intent: "add-domain", domain: "not a domain" }, owner.cookie)).status).toBe(400);
    expect((await web.http.post(base, { intent: "add-domain", domain: "@Proof.Example." }, owner.cookie)).status).toBe(302);
    const row = await db().selectFrom("sso_domains").select(["id", "domain", "verification_token"]).where("org_id", "=", owner.orgId).executeTakeFirstOrThrow();
    expect(row.domain).toBe(domain);
    dns.txt.set(`_civic-challenge.${domain}`, ["civic-challenge-verification=somebody-elses-token"]);
    const wrong = await web.http.post(base, { intent: "verify-domain", domainId: row.id }, owner.cookie);
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("We did not find the TXT record for proof.example");
    dns.txt.set(`_civic-challenge.${domain}`, ["v=spf1 -all", `civic-challenge-verification=${row.verification_token}`]);
    expect((await web.http.post(base, { intent: "verify-domain", domainId: row.id }, owner.cookie)).status).toBe(302);
    expect((await db().selectFrom("sso_domains").select("verified_at").where("id", "=", row.id).executeTakeFirstOrThrow()).verified_at).not.toBeNull();

    // Another organisation cannot claim it now, nor one already verified by the first.
    const other = await createMember("public_body");
    const taken = await web.http.post(`/organisations/${other.orgId}/sso`, { intent: "add-domain", domain }, other.cookie);
    expect(taken.status).toBe(400);
    expect(decodeHtml(await taken.text())).toContain("proof.example is verified by another organisation");
    const takenToo = await web.http.post(`/organisations/${other.orgId}/sso`, { intent: "add-domain", domain: DOMAIN }, other.cookie);
    expect(takenToo.status).toBe(400);
  });

  it("refuses a member who is not an administrator (403), another organisation's administrator and a visitor", async () => {
    const member = await createMember("public_body", { orgId: admin.orgId });
    const other = await createMember("public_body");
    expect((await web.http.get(page(), member.cookie)).status).toBe(403);
    expect((await web.http.post(page(), { intent: "disable" }, member.cookie)).status).toBe(403);
    expect((await web.http.get(page(), other.cookie)).status).toBe(404);
    expect((await web.http.post(page(), { intent: "disable" }, other.cookie)).status).toBe(404);
    expect((await web.http.post(page(), { intent: "connect", issuer: idp.issuer, ...CLIENT, clientId: "hijack" }, other.cookie)).status).toBe(404);
    expect((await web.http.get(page())).status).toBe(302);
    const row = await db().selectFrom("sso_connections").select(["enabled", "client_id"]).where("org_id", "=", admin.orgId).executeTakeFirstOrThrow();
    expect(row).toEqual({ enabled: true, client_id: CLIENT.clientId });
  });
});

describe("signing in through the organisation's provider", () => {
  it("makes a new member of someone new, signed in for the organisation, and signs in an existing member", async () => {
    const email = `ada.lovelace@${DOMAIN}`;
    idp.accounts.set(email, { email, email_verified: true, name: "Ada Lovelace" });
    const { authorization, callback: back, cookie } = await startAndFollow(email);
    expect(authorization.origin).toBe(idp.issuer);
    expect(authorization.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorization.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorization.searchParams.get("state")).toBeTruthy();
    expect(authorization.searchParams.get("nonce")).toBeTruthy();
    expect(authorization.searchParams.get("redirect_uri")).toBe(ssoRedirectUri());
    // Submitted by Remix in a browser with JavaScript: the same address, which the page then goes to.
    const scripted = await web.http.post("/sso/start?_data=routes%2Fsso.start", { email, redirectTo: "/my/overview" });
    expect(scripted.status).toBe(200);
    expect(new URL(((await scripted.json()) as { continueTo: string }).continueTo).origin).toBe(idp.issuer);
    expect(cookieValue(scripted, "civic_sso")).toMatch(/^[a-z2-7]{32}$/);

    const res = await callback(back, cookie);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/my/overview");
    const session = cookieValue(res, "civic_session");
    expect(session).toMatch(/^[a-z2-7]{32}$/);
    expect(cookieValue(res, "civic_sso")).toBe("");

    const user = await db().selectFrom("users").select(["id", "name", "email_confirmed_at"]).where("email", "=", email).executeTakeFirstOrThrow();
    expect(user.name).toBe("Ada Lovelace");
    expect(user.email_confirmed_at).not.toBeNull();
    expect(await db().selectFrom("memberships").select(["org_id", "role"]).where("user_id", "=", user.id).execute()).toEqual([{ org_id: admin.orgId, role: "member" }]);
    const overview = await web.http.get("/my/overview", `civic_session=${session}`);
    expect(overview.status).toBe(200);
    const signedIn = await db().selectFrom("audit_events").select(["detail", "actor_org_id"]).where("action", "=", "account.signed_in").where("actor_user_id", "=", user.id).execute();
    expect(signedIn).toEqual([{ detail: { via: "single sign-on" }, actor_org_id: admin.orgId }]);

    // The second time: the same account, no second one.
    const again = await startAndFollow(email);
    const res2 = await callback(again.callback, again.cookie);
    expect(res2.status).toBe(302);
    expect(await db().selectFrom("users").select("id").where("email", "=", email).execute()).toHaveLength(1);
    expect((await db().selectFrom("sessions").select("id").where("user_id", "=", user.id).execute()).length).toBe(2);
  });

  it("still asks an existing member for their second factor", async () => {
    const email = `grace.hopper@${DOMAIN}`;
    const user = await createUser({ email, twoFactor: true });
    await addMember(user.id, admin.orgId);
    await db().updateTable("users").set(secondFactorColumns()).where("id", "=", user.id).execute();
    idp.accounts.set(email, { email, email_verified: true });
    const { callback: back, cookie } = await startAndFollow(email);
    const res = await callback(back, cookie);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/sign-in\/two-factor\?/);
    const session = await db().selectFrom("sessions").select("two_factor_verified").where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(session.two_factor_verified).toBe(false);
  });

  it("never takes over an account that is not a member of the organisation", async () => {
    const email = `someone.else@${DOMAIN}`;
    const elsewhere = await createMember("startup");
    await db().updateTable("users").set({ email }).where("id", "=", elsewhere.user.id).execute();
    idp.accounts.set(email, { email, email_verified: true });
    const { callback: back, cookie } = await startAndFollow(email);
    await refusedPage(await callback(back, cookie), /already exists and is not a member of this organisation/);
    expect(await db().selectFrom("memberships").select("org_id").where("user_id", "=", elsewhere.user.id).execute()).toEqual([{ org_id: elsewhere.orgId }]);
    expect(await db().selectFrom("sessions").select("id").where("user_id", "=", elsewhere.user.id).where("created_at", ">", sql<Date>`now() - interval '1 minute'`).execute()).toHaveLength(1);
    expect(await failures(admin.orgId)).toContain("account-not-member");
  });

  it("refuses an answer whose state is not the one sent, and the attempt is then spent", async () => {
    const email = `wrong.state@${DOMAIN}`;
    idp.accounts.set(email, { email, email_verified: true });
    const { callback: back, cookie } = await startAndFollow(email);
    const forged = new URL(back);
    forged.searchParams.set("state", "forged-state-value");
    await refusedPage(await callback(forged, cookie), /did not match the sign-in you started/);
    // The genuine answer afterwards finds nothing to finish: each attempt is used once.
    await refusedPage(await callback(back, cookie), /already been used/);
    expect(await db().selectFrom("users").select("id").where("email", "=", email).execute()).toEqual([]);
    expect(await failures(admin.orgId)).toContain("state-mismatch");
  });

  it("refuses a replayed callback, and the provider refuses a code exchanged twice", async () => {
    const email = `replay@${DOMAIN}`;
    idp.accounts.set(email, { email, email_verified: true });
    const first = await startAndFollow(email);
    expect((await callback(first.callback, first.cookie)).status).toBe(302);
    await refusedPage(await callback(first.callback, first.cookie), /already been used/);
    // Without our single-use record, the provider itself refuses the second exchange of one code.
    const second = await startAndFollow(email);
    const attempt = await db().selectFrom("sso_sign_ins").selectAll().where("state", "=", second.callback.searchParams.get("state")!).executeTakeFirstOrThrow();
    const config = await discoverProvider({ issuer: idp.issuer, ...CLIENT });
    const url = new URL(ssoRedirectUri());
    second.callback.searchParams.forEach((v, k) => url.searchParams.set(k, v));
    await expect(exchangeCode(config, url, attempt)).resolves.toMatchObject({ email, email_verified: true });
    await expect(exchangeCode(config, url, attempt)).rejects.toMatchObject({ error: "invalid_grant" });
  });

  it("does not start for an address whose domain is not verified, and refuses one the provider gives at such a domain", async () => {
    // Added but never proved.
    expect((await web.http.post(page(), { intent: "add-domain", domain: "unproved.example" }, admin.cookie)).status).toBe(302);
    const start = await web.http.post("/sso/start", { email: "eve@unproved.example" });
    expect(start.status).toBe(400);
    expect(decodeHtml(await start.text())).toContain("Your organisation does not sign in this way for that address");

    // Started with a verified address, but the provider says the person is someone at another domain.
    const email = `mallory@${DOMAIN}`;
    idp.accounts.set(email, { email: "mallory@unproved.example", email_verified: true });
    const { callback: back, cookie } = await startAndFollow(email);
    await refusedPage(await callback(back, cookie), /not at a domain your organisation has verified/);
    expect(await db().selectFrom("users").select("id").where("email", "in", [email, "mallory@unproved.example"]).execute()).toEqual([]);
    expect(await failures(admin.orgId)).toContain("domain-not-verified");
  });

  it("refuses an address the provider has not verified, or does not give", async () => {
    for (const [email, claims, reason] of [
      [`unverified@${DOMAIN}`, { email: `unverified@${DOMAIN}`, email_verified: false }, "email-not-verified"],
      [`stringly@${DOMAIN}`, { email: `stringly@${DOMAIN}`, email_verified: "true" }, "email-not-verified"],
      [`nomail@${DOMAIN}`, { name: "No Mail" }, "no-email"],
    ] as const) {
      idp.accounts.set(email, claims);
      const { callback: back, cookie } = await startAndFollow(email);
      await refusedPage(await callback(back, cookie), reason === "no-email" ? /did not tell us your e-mail address/ : /did not confirm that your e-mail address is yours/);
      expect(await db().selectFrom("users").select("id").where("email", "=", email).execute()).toEqual([]);
      expect(await failures(admin.orgId)).toContain(reason);
    }
  });

  it("refuses while the connection is off, even a sign-in started before it was turned off", async () => {
    const email = `late@${DOMAIN}`;
    idp.accounts.set(email, { email, email_verified: true });
    const { callback: back, cookie } = await startAndFollow(email);
    expect((await web.http.post(page(), { intent: "disable" }, admin.cookie)).status).toBe(302);
    try {
      await refusedPage(await callback(back, cookie), /turned off signing in this way/);
      const start = await web.http.post("/sso/start", { email });
      expect(start.status).toBe(400);
      expect(await db().selectFrom("users").select("id").where("email", "=", email).execute()).toEqual([]);
      expect(await failures(admin.orgId)).toContain("disabled");
    } finally {
      expect((await web.http.post(page(), { intent: "enable" }, admin.cookie)).status).toBe(302);
    }
  });

  it("answers a callback with no sign-in under way, or with nonsense, with the page and never a 500", async () => {
    for (const path of ["/sso/callback", "/sso/callback?code=abc&state=def", "/sso/callback?error=access_denied"]) {
      await refusedPage(await web.http.get(path), /Start again/);
      await refusedPage(await web.http.get(path, "civic_sso=not-a-token"), /Start again/);
    }
    const blank = await web.http.post("/sso/start", { email: "" });
    expect(blank.status).toBe(400);
    expect(await blank.text()).toContain("Enter your work email address");
  });
});

describe("starting sign-ins", () => {
  // Last in the file: it uses up this address's starts.
  it("is limited per client address, each start keeping a row for ten minutes", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await web.http.post("/sso/start", { email: `flood${i}@nowhere.example` })).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 429).every((s) => s === 400)).toBe(true);
  });
});
