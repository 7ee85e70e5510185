// A form sent after its session ended (signed out elsewhere, expired, revoked) is not lost: the user signs in
// again and is back on the form with what they typed and a message; nothing was saved meanwhile. Over HTTP,
// against the production build, through the real sign-in form.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNSAVED_MESSAGE } from "../../app/components/form-errors";
import { db, redis } from "../../app/server/connections.server";
import { KEEP_LIMIT, keepUnsavedForm } from "../../app/server/unsaved-forms.server";
import { addMember, createChallenge, createMember, createOrg, createProposal, createUser, PASSWORD, sessionCookieFor } from "../support/factories";
import { startAppServer } from "../support/server";

let app: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(async () => {
  await app?.close();
});

function cookieOf(res: Response, name: string): string | undefined {
  const set = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  return set?.split(";")[0];
}

async function scenario() {
  // A start-up member without a second factor, so signing in is the password alone.
  const user = await createUser({ twoFactor: false });
  const org = await createOrg("startup");
  await addMember(user.id, org.id, "owner");
  const startup = { user, orgId: org.id, cookie: await sessionCookieFor(user.id, org.id) };
  const owner = await createMember("public_body");
  const challenge = await createChallenge(owner.orgId);
  const proposal = await createProposal(challenge.id, startup.orgId, { title: "The title as saved" });
  return { startup, proposal };
}

const typed = new URLSearchParams({
  title: "A better title typed while signed out",
  summary: "A summary the user does not want to type twice",
  currentPassword: "never-kept",
  intent: "save",
});

async function postSignedOut(path: string, cookie: string) {
  return fetch(`${app.url}${path}`, {
    method: "POST", body: typed, redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url, Cookie: cookie },
  });
}

async function signIn(email: string, redirectTo: string, extraCookie?: string) {
  const res = await fetch(`${app.url}/sign-in`, {
    method: "POST", redirect: "manual",
    body: new URLSearchParams({ email, password: PASSWORD, redirectTo }),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url, ...(extraCookie ? { Cookie: extraCookie } : {}) },
  });
  expect(res.status).toBe(302);
  return { location: res.headers.get("location"), session: cookieOf(res, "civic_session")! };
}

describe("a form sent after the session ended", () => {
  for (const [how, end] of [
    ["signed out in another tab (session deleted)", (userId: string) => db().deleteFrom("sessions").where("user_id", "=", userId).execute()],
    ["expired", (userId: string) => db().updateTable("sessions").set({ expires_at: new Date(Date.now() - 1000) }).where("user_id", "=", userId).execute()],
  ] as const) {
    it(`${how}: is kept, nothing is saved, and it comes back once after signing in`, async () => {
      const { startup, proposal } = await scenario();
      const path = `/my/proposals/${proposal.id}`;
      await end(startup.user.id);

      const res = await postSignedOut(path, startup.cookie);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe(`/sign-in?redirectTo=${encodeURIComponent(path)}&unsaved=1`);
      const unsaved = cookieOf(res, "civic_unsaved");
      expect(unsaved).toBeDefined();
      const saved = await db().selectFrom("proposals").select("title").where("id", "=", proposal.id).executeTakeFirstOrThrow();
      expect(saved.title).toBe("The title as saved");

      const signInPage = await (await fetch(`${app.url}${res.headers.get("location")}`)).text();
      expect(signInPage).toContain("You were signed out, so what you sent has not been saved");

      const { location, session } = await signIn(startup.user.email, path, unsaved);
      expect(location).toBe(path);
      const page = await (await fetch(`${app.url}${path}`, { headers: { Cookie: `${session}; ${unsaved}` } })).text();
      expect(page).toContain(UNSAVED_MESSAGE);
      expect(page).toContain("A better title typed while signed out");
      expect(page).toContain("A summary the user does not want to type twice");
      expect(page).not.toContain("never-kept");
      // Still nothing saved until the user sends the form again.
      expect((await db().selectFrom("proposals").select("title").where("id", "=", proposal.id).executeTakeFirstOrThrow()).title).toBe("The title as saved");

      // Shown once: the next visit is the page as saved.
      const again = await (await fetch(`${app.url}${path}`, { headers: { Cookie: `${session}; ${unsaved}` } })).text();
      expect(again).not.toContain(UNSAVED_MESSAGE);
      expect(again).toContain("The title as saved");
    });
  }

  it("comes back only in the browser that sent it, and never holds passwords", async () => {
    const { startup, proposal } = await scenario();
    const path = `/my/proposals/${proposal.id}`;
    await db().deleteFrom("sessions").where("user_id", "=", startup.user.id).execute();
    const res = await postSignedOut(path, startup.cookie);
    expect(cookieOf(res, "civic_unsaved")).toBeDefined();
    const rows = await db().selectFrom("unsaved_forms").select(["path", "form_values"]).execute();
    const row = rows.find((r) => r.path === path)!;
    expect(Object.keys(row.form_values).sort()).toEqual(["summary", "title"]);

    const { session } = await signIn(startup.user.email, path);
    const page = await (await fetch(`${app.url}${path}`, { headers: { Cookie: session } })).text();
    expect(page).not.toContain(UNSAVED_MESSAGE);
    expect(page).not.toContain("A better title typed while signed out");
  });
});

describe("keeping forms for visitors", () => {
  it(`keeps at most ${KEEP_LIMIT.points} an hour from one address, counted across web processes`, async () => {
    const { startup, proposal } = await scenario();
    const path = `/my/proposals/${proposal.id}`;
    await db().deleteFrom("sessions").where("user_id", "=", startup.user.id).execute();
    // The tests above kept forms from this address too: start its hour afresh.
    const counted = await redis().keys(`${process.env.REDIS_PREFIX}:unsaved:*`);
    if (counted.length) await redis().del(...counted);
    // This file's own copy of the module stands for a second web process beside the build's: they share Redis only.
    const form = () => new Request(`${app.url}${path}`, { method: "POST", body: typed, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    for (let i = 0; i < KEEP_LIMIT.points; i++) expect(await keepUnsavedForm(form(), "127.0.0.1")).toMatch(/^civic_unsaved=/);
    const res = await postSignedOut(path, startup.cookie);
    expect(res.headers.get("location")).toBe(`/sign-in?redirectTo=${encodeURIComponent(path)}`);
    expect(cookieOf(res, "civic_unsaved")).toBeUndefined();
  });
});
