// Issue 12, item 4 (accounts): signing up tells nobody which addresses have accounts, an address is proved
// by a single-use link sent to it, and an account that has not opened it can sign in but do nothing others
// see. Over HTTP, against the production build.
import { appUrl } from "../../app/server/notifications.server";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { CONFIRMATION_LIMITS } from "../../app/server/accounts/email-confirmation.server";
import { verifyPassword } from "../../app/server/password.server";
import { generateSessionToken, sessionIdFromToken, SESSION_COOKIE } from "../../app/server/session.server";
import { addMember, createChallenge, createMember, createOrg, createUser, PASSWORD, sessionCookieFor } from "../support/factories";
import { postForm, startAppServer } from "../support/server";

let app: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(async () => {
  await app?.close();
});

let n = 0;
const freshEmail = (what: string) => `${what}.${Date.now()}.${n++}@example.org`;

async function get(path: string, cookie?: string) {
  const res = await fetch(`${app.url}${path}`, { redirect: "manual", headers: { Accept: "text/html", ...(cookie ? { Cookie: cookie } : {}) } });
  return { status: res.status, location: res.headers.get("location"), setCookie: res.headers.get("set-cookie"), headers: res.headers, text: await res.text() };
}

const post = (path: string, fields: Record<string, string>, cookie?: string) => postForm(app, path, fields, cookie);

const signUp = (email: string, opts: { name?: string; password?: string } = {}) =>
  post("/sign-up", { name: opts.name ?? "Robin Example", email, password: opts.password ?? "a walk along the canal at dawn" });

async function signIn(email: string, password = "a walk along the canal at dawn") {
  const res = await post("/sign-in", { email, password, redirectTo: "/" });
  expect(res.status, `sign-in of ${email}`).toBe(302);
  const token = new RegExp(`${SESSION_COOKIE}=([a-z2-7]{32})`).exec(res.setCookie ?? "")?.[1];
  expect(token).toBeDefined();
  return `${SESSION_COOKIE}=${token}`;
}

function outbox(email: string) {
  return db().selectFrom("notifications").select(["kind", "subject", "body"]).where("to_email", "=", email.toLowerCase()).orderBy("created_at").orderBy("id").execute();
}

/** The token of the newest confirmation link in the outbox for this address. */
async function confirmationToken(email: string): Promise<string> {
  const links = (await outbox(email)).filter((m) => m.kind === "email_confirmation");
  const token = /\/confirm-email\/([a-z2-7]{32})/.exec(links.at(-1)?.body ?? "")?.[1];
  expect(token, `a confirmation link for ${email} in the outbox`).toBeDefined();
  return token!;
}

async function isConfirmed(email: string) {
  const row = await db().selectFrom("users").select("email_confirmed_at").where("email", "=", email.toLowerCase()).executeTakeFirstOrThrow();
  return row.email_confirmed_at !== null;
}

/** The page as a person reads it: nonces (different on every response) and the typed address taken out. */
function pageText(html: string, email: string) {
  return html.replace(/ nonce="[^"]*"/g, "").split(email.toLowerCase()).join("EMAIL").split(email).join("EMAIL");
}

describe("signing up answers the same whether or not the address has an account", () => {
  const existing: [string, () => Promise<string>][] = [
    ["a confirmed account", async () => (await createUser({ email: freshEmail("confirmed") })).email],
    ["a confirmed account, typed in capitals", async () => (await createUser({ email: freshEmail("capitals") })).email.toUpperCase()],
    ["an account that never confirmed its address", async () => (await createUser({ email: freshEmail("unconfirmed"), confirmed: false })).email],
  ];

  it.each(existing)("%s and a new address: the same page, no session, one message each in the outbox", async (_what, make) => {
    const taken = await make();
    const fresh = freshEmail("new");
    const before = { taken: (await outbox(taken)).length, fresh: (await outbox(fresh)).length };

    const a = await signUp(taken);
    const b = await signUp(fresh);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.setCookie).toBeNull();
    expect(b.setCookie).toBeNull();
    expect(b.text).toContain("Check your email");
    expect(pageText(a.text, taken)).toBe(pageText(b.text, fresh));
    expect(a.text).not.toMatch(/already exists|already has an account/i);

    expect((await outbox(taken)).length).toBe(before.taken + 1);
    expect((await outbox(fresh)).length).toBe(before.fresh + 1);
    expect((await outbox(fresh)).at(-1)!.kind).toBe("email_confirmation");
  });

  it("tells a confirmed account's owner that someone tried, and changes nothing about the account", async () => {
    const user = await createUser({ email: freshEmail("owner") });
    await signUp(user.email, { name: "Someone Else", password: "another long phrase entirely" });
    const [notice] = await outbox(user.email);
    expect(notice).toMatchObject({ kind: "sign_up_attempt", subject: "Someone tried to create an account with your email address" });
    // Built on APP_URL, never on the address the request came to (issue 12.15).
    expect(notice!.body).toContain(appUrl("/sign-in"));
    expect(notice!.body).not.toMatch(/confirm-email/);
    const row = await db().selectFrom("users").select(["name", "password_hash"]).where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.name).toBe(user.name);
    expect(await verifyPassword(row.password_hash, PASSWORD)).toBe(true);
  });
});

describe("the confirmation link", () => {
  it("confirms the address once: following it shows a button, pressing it confirms, a second press is refused", async () => {
    const email = freshEmail("once");
    await signUp(email);
    const token = await confirmationToken(email);
    expect(await isConfirmed(email)).toBe(false);
    // Only the hash is stored.
    expect(await db().selectFrom("email_tokens").select("id").where("token_hash", "=", token).executeTakeFirst()).toBeUndefined();
    expect(await db().selectFrom("email_tokens").select("id").where("token_hash", "=", sessionIdFromToken(token)).executeTakeFirst()).toBeDefined();

    const page = await get(`/confirm-email/${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Confirm your email address");
    expect(await isConfirmed(email)).toBe(false); // a mail scanner opening the link confirms nothing

    const first = await post(`/confirm-email/${token}`, {});
    expect(first.status).toBe(302);
    expect(first.location).toBe("/sign-in?notice=email-confirmed");
    expect(await isConfirmed(email)).toBe(true);

    const second = await post(`/confirm-email/${token}`, {});
    expect(second.status).toBe(400);
    expect(second.text).toContain("This link has already been used");
    expect((await get(`/confirm-email/${token}`)).text).toContain("This link has already been used");
  });

  it.each([
    ["expired", async (t: string) => { await db().updateTable("email_tokens").set({ expires_at: new Date(Date.now() - 1000) }).where("token_hash", "=", sessionIdFromToken(t)).execute(); return t; }, 400, /has expired/],
    ["altered", async (t: string) => `${t.slice(0, -1)}${t.endsWith("a") ? "b" : "a"}`, 404, /not valid/],
    ["not a token at all", async () => "..%2Fsign-in", 404, /not valid/],
  ] as const)("refuses a link that is %s and confirms nothing", async (_what, spoil, status, message) => {
    const email = freshEmail("spoilt");
    await signUp(email);
    const token = await spoil(await confirmationToken(email));
    const res = await post(`/confirm-email/${token}`, {});
    expect(res.status).toBe(status);
    expect(res.text).toMatch(message);
    expect(await isConfirmed(email)).toBe(false);
  });

  it("brings a judge who signed up from an invitation back to it after signing in", async () => {
    const email = freshEmail("judge");
    await post("/sign-up", { name: "Jo Judge", email, password: "a walk along the canal at dawn", redirectTo: "/judge/invitations/abc" });
    const body = (await outbox(email)).at(-1)!.body;
    expect(body).toContain("?redirectTo=%2Fjudge%2Finvitations%2Fabc");
    const res = await post(`/confirm-email/${await confirmationToken(email)}?redirectTo=%2Fjudge%2Finvitations%2Fabc`, {});
    expect(res.location).toBe("/sign-in?notice=email-confirmed&redirectTo=%2Fjudge%2Finvitations%2Fabc");
  });

  it("lets whoever holds the inbox claim an address someone else signed up first, and ends the other's sessions", async () => {
    const email = freshEmail("claimed");
    await signUp(email, { name: "Squatter", password: "the squatter's own phrase" });
    const squatter = await signIn(email, "the squatter's own phrase");
    const squattersLink = await confirmationToken(email);
    // A minute later (links to one address are sent at most once a minute).
    await sql`UPDATE email_tokens SET created_at = created_at - interval '2 minutes' WHERE email = ${email}`.execute(db());

    await signUp(email, { name: "Rightful Owner", password: "the owner's chosen phrase" });
    const ownersLink = await confirmationToken(email);
    expect(ownersLink).not.toBe(squattersLink);
    expect((await post(`/confirm-email/${ownersLink}`, {})).status).toBe(302);

    const row = await db().selectFrom("users").select(["name", "password_hash", "email_confirmed_at"]).where("email", "=", email).executeTakeFirstOrThrow();
    expect(row.name).toBe("Rightful Owner");
    expect(await verifyPassword(row.password_hash, "the owner's chosen phrase")).toBe(true);
    expect((await get("/account", squatter)).status).toBe(302); // signed out
    // Confirming spent every other link of the account.
    expect((await post(`/confirm-email/${squattersLink}`, {})).status).toBe(400);
  });
});

describe("an account that has not confirmed its address", () => {
  async function unconfirmedVisitor() {
    const email = freshEmail("waiting");
    await signUp(email);
    return { email, cookie: await signIn(email) };
  }

  it("signs in, is told to confirm, and can ask for the link again", async () => {
    const { email, cookie } = await unconfirmedVisitor();
    const home = await get("/", cookie);
    expect(home.status).toBe(200);
    expect(home.text).toContain("Confirm your email address");
    const page = await get("/account/confirm-email", cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain(email);
    expect(page.text).toContain("Send the link again");
  });

  it("cannot create or join an organisation, act in one, judge, or post anything, until it confirms", async () => {
    const { email, cookie } = await unconfirmedVisitor();
    const code = (await createOrg("startup")).join_code;
    const owner = await createMember("public_body", { verified: true });
    const open = await createChallenge(owner.orgId);
    const invitation = generateSessionToken();
    await db().insertInto("judge_invitations").values({
      challenge_id: open.id, email, invited_by: owner.user.id, token_hash: sessionIdFromToken(invitation), expires_at: new Date(Date.now() + 86_400_000),
    }).execute();

    const attempts: [string, Record<string, string>][] = [
      ["/organisations/new", { name: "Waiting Room Ltd", kind: "startup", description: "" }],
      ["/organisations/join", { code }],
      [`/judge/invitations/${invitation}`, {}],
    ];
    for (const [path, fields] of attempts) {
      const page = await get(path, cookie);
      if (!path.startsWith("/judge/")) {
        expect(page.status, `GET ${path}`).toBe(302);
        expect(page.location, `GET ${path}`).toBe(`/account/confirm-email?redirectTo=${encodeURIComponent(path)}`);
      }
      const res = await post(path, fields, cookie);
      expect(res.status, `POST ${path}`).toBe(302);
      expect(res.location, `POST ${path}`).toMatch(/^\/account\/confirm-email\?redirectTo=/);
    }
    const user = await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    expect(await db().selectFrom("organisations").select("id").where("name", "=", "Waiting Room Ltd").execute()).toEqual([]);
    expect(await db().selectFrom("memberships").select("org_id").where("user_id", "=", user.id).execute()).toEqual([]);
    expect(await db().selectFrom("judges").select("id").where("user_id", "=", user.id).execute()).toEqual([]);

    // Once confirmed, the same request works.
    const token = await confirmationToken(email);
    await post(`/confirm-email/${token}`, {});
    const created = await post("/organisations/new", attempts[0]![1], cookie);
    expect(created.status).toBe(302);
    expect(created.location).toMatch(/^\/organisations\/[0-9a-f-]+\?notice=org-created$/);
  });

  it("cannot act for an organisation it already belongs to: no proposal, offer or publication", async () => {
    const owner = await createMember("public_body", { verified: true });
    const open = await createChallenge(owner.orgId);
    const draft = await createChallenge(owner.orgId, { status: "draft" });
    const waiting = async (kind: "startup" | "corporate" | "public_body", orgId?: string) => {
      const user = await createUser({ confirmed: false });
      const org = orgId ?? (await createOrg(kind, { verified: true })).id;
      await addMember(user.id, org, "owner");
      return sessionCookieFor(user.id, org);
    };
    const startup = await waiting("startup");
    const corporate = await waiting("corporate");
    const body = await waiting("public_body", owner.orgId);

    const attempts: [string, string, Record<string, string>][] = [
      [startup, `/challenges/${open.id}/apply`, {}],
      [corporate, `/challenges/${open.id}/sponsor`, { fundingGbp: "1000", capacity: "1", trlMin: "1", trlMax: "9" }],
      [body, `/my/challenges/${draft.id}`, { intent: "publish", confirm: "yes" }],
      [body, "/my/challenges/new", { title: "Anything" }],
    ];
    for (const [cookie, path, fields] of attempts) {
      const res = await post(path, fields, cookie);
      expect(res.status, `POST ${path}`).toBe(302);
      expect(res.location, `POST ${path}`).toMatch(/^\/account\/confirm-email\?redirectTo=/);
    }
    expect(await db().selectFrom("proposals").select("id").where("challenge_id", "=", open.id).execute()).toEqual([]);
    expect(await db().selectFrom("sponsorships").select("id").where("challenge_id", "=", open.id).execute()).toEqual([]);
    expect((await db().selectFrom("challenges").select("status").where("id", "=", draft.id).executeTakeFirstOrThrow()).status).toBe("draft");
  });

  it("can delete itself, and its links (which hold its address and any name it typed) go with it", async () => {
    const { email, cookie } = await unconfirmedVisitor();
    const user = await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    expect(await db().selectFrom("email_tokens").select("id").where("user_id", "=", user.id).execute()).toHaveLength(1);
    const res = await post("/account/delete", { password: "a walk along the canal at dawn", confirm: "yes" }, cookie);
    expect(res.status).toBe(302);
    expect(await db().selectFrom("email_tokens").select("id").where("user_id", "=", user.id).execute()).toEqual([]);
  });

  it("asks for the link again at most once a minute and five times a day (429 with Retry-After)", async () => {
    const { email, cookie } = await unconfirmedVisitor();
    const count = async () => (await outbox(email)).length;
    expect(await count()).toBe(1);
    const tooSoon = await post("/account/confirm-email", { intent: "resend" }, cookie);
    expect(tooSoon.status).toBe(429);
    expect(Number(tooSoon.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(tooSoon.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(await count()).toBe(1);

    const user = await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    // As if the links so far were sent two minutes ago.
    const age = () => sql`UPDATE email_tokens SET created_at = created_at - interval '2 minutes' WHERE user_id = ${user.id}`.execute(db());
    for (let i = 1; i < CONFIRMATION_LIMITS.perDay; i++) {
      await age();
      const again = await post("/account/confirm-email", { intent: "resend" }, cookie);
      expect(again.status).toBe(302);
      expect(again.location).toBe("/account/confirm-email?notice=confirmation-sent");
      expect(await count()).toBe(i + 1);
    }
    await age();
    const daily = await post("/account/confirm-email", { intent: "resend" }, cookie);
    expect(daily.status).toBe(429);
    expect(Number(daily.headers.get("retry-after"))).toBeGreaterThan(60);
    expect(await count()).toBe(CONFIRMATION_LIMITS.perDay);
    // Signing up again is held to the same limit (and still answers the same page).
    const resignUp = await signUp(email);
    expect(resignUp.status).toBe(200);
    expect(await count()).toBe(CONFIRMATION_LIMITS.perDay);
  });
});
