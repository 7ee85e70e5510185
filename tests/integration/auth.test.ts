// Accounts and sessions through the real sign-up, sign-in, sign-out and password routes.
import { describe, expect, it } from "vitest";
import * as passwordRoute from "../../app/routes/account.password";
import * as signIn from "../../app/routes/sign-in";
import * as signOut from "../../app/routes/sign-out";
import * as signUp from "../../app/routes/sign-up";
import { db } from "../../app/server/connections.server";
import { SIGN_IN_LIMITS } from "../../app/server/sign-in-throttle.server";
import { sessionIdFromToken } from "../../app/server/session.server";
import { createUser, PASSWORD } from "../support/factories";
import { call, getRequest, postRequest } from "../support/requests";

function tokenFrom(setCookie: string | null): string {
  const m = /civic_session=([^;]*)/.exec(setCookie ?? "");
  if (!m) throw new Error(`no session cookie in ${setCookie}`);
  return m[1]!;
}

async function signInAs(email: string, password: string, ip = "203.0.113.5") {
  const request = postRequest("/sign-in", { email, password, redirectTo: "/my/proposals" });
  return call((args) => signIn.action({ ...args, context: { cspNonce: "n", clientIp: ip } }), request);
}

describe("sign-up", () => {
  it("creates the account, unconfirmed, with an argon2id hash; signs nobody in; says to check the email", async () => {
    const res = await call(signUp.action, postRequest("/sign-up", { name: "Ada Lovelace", email: "Ada@Example.org", password: "a long pass phrase" }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ sentTo: "ada@example.org" });
    expect(res.headers.get("Set-Cookie")).toBeNull();
    const user = await db().selectFrom("users").selectAll().where("email", "=", "ada@example.org").executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(user.email_confirmed_at).toBeNull();
    expect(await db().selectFrom("sessions").select("id").where("user_id", "=", user.id).execute()).toEqual([]);
  });

  it("re-renders with the error summary and the input kept (except the password) when the password is refused", async () => {
    const res = await call(signUp.action, postRequest("/sign-up", { name: "Tess", email: "tess@example.org", password: "password123" }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errors: { fields: { password: expect.stringMatching(/too common/) }, values: { name: "Tess", email: "tess@example.org" } } });
    expect(res.text).not.toContain("password123");
  });
});

describe("sign-in and sign-out", () => {
  it("sets the cookie HttpOnly and SameSite=Lax, Secure except on local http", async () => {
    const user = await createUser({ twoFactor: false });
    const local = await signInAs(user.email, PASSWORD);
    const cookie = local.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const https = new Request("https://city.example/sign-in", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://city.example" },
      body: new URLSearchParams({ email: user.email, password: PASSWORD, redirectTo: "/" }),
    });
    expect((await call(signIn.action, https)).headers.get("Set-Cookie")).toMatch(/Secure/);
  });

  it("issues a new session at every sign-in and redirects only to our own paths", async () => {
    const user = await createUser({ twoFactor: false });
    const first = await signInAs(user.email, PASSWORD);
    const second = await signInAs(user.email, PASSWORD);
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe("/my/proposals");
    expect(tokenFrom(first.headers.get("Set-Cookie"))).not.toBe(tokenFrom(second.headers.get("Set-Cookie")));
    const evil = await call(signIn.action, postRequest("/sign-in", { email: user.email, password: PASSWORD, redirectTo: "//evil.example" }));
    expect(evil.headers.get("Location")).toBe("/");
  });

  it("gives the same message for a wrong password and an unknown email", async () => {
    const user = await createUser({ twoFactor: false });
    const wrong = await signInAs(user.email, "not the password");
    const unknown = await signInAs("nobody@example.org", "not the password");
    expect(wrong.status).toBe(400);
    expect((wrong.body as { errors: { fields: object } }).errors.fields).toEqual((unknown.body as { errors: { fields: object } }).errors.fields);
  });

  it("sign-out ends the session in the database and clears the cookie", async () => {
    const user = await createUser({ twoFactor: false });
    const token = tokenFrom((await signInAs(user.email, PASSWORD)).headers.get("Set-Cookie"));
    const res = await call(signOut.action, postRequest("/sign-out", {}, `civic_session=${token}`));
    expect(res.headers.get("Set-Cookie")).toMatch(/civic_session=;.*Max-Age=0/);
    expect(await db().selectFrom("sessions").select("id").where("id", "=", sessionIdFromToken(token)).executeTakeFirst()).toBeUndefined();
    // The old cookie no longer signs anyone in.
    const after = await call(passwordRoute.loader, getRequest("/account/password", `civic_session=${token}`));
    expect(after.status).toBe(302);
    expect(after.headers.get("Location")).toMatch(/^\/sign-in/);
  });

  it("a password change ends every session of that user and keeps this browser signed in with a new one", async () => {
    const user = await createUser({ twoFactor: false });
    const a = tokenFrom((await signInAs(user.email, PASSWORD)).headers.get("Set-Cookie"));
    const b = tokenFrom((await signInAs(user.email, PASSWORD)).headers.get("Set-Cookie"));
    const res = await call(passwordRoute.action, postRequest("/account/password", { currentPassword: PASSWORD, newPassword: "a brand new phrase" }, `civic_session=${a}`));
    expect(res.status).toBe(302);
    const fresh = tokenFrom(res.headers.get("Set-Cookie"));
    const ids = (await db().selectFrom("sessions").select("id").where("user_id", "=", user.id).execute()).map((r) => r.id);
    expect(ids).toEqual([sessionIdFromToken(fresh)]);
    expect(ids).not.toContain(sessionIdFromToken(b));
    expect((await signInAs(user.email, "a brand new phrase")).status).toBe(302);
  });
});

describe("sign-in throttling (stored in Redis)", () => {
  it("answers 429 with Retry-After once an account has too many failures from one address, even with the right password", async () => {
    const user = await createUser({ twoFactor: false });
    for (let i = 0; i < SIGN_IN_LIMITS.perAccountAndIp.points; i++) {
      expect((await signInAs(user.email, `wrong-${i}`, "198.51.100.9")).status).toBe(400);
    }
    const blocked = await signInAs(user.email, PASSWORD, "198.51.100.9");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(0);
    // The owner elsewhere is not locked out by them (tests/integration/throttles.test.ts has the rest).
    expect((await signInAs(user.email, PASSWORD, "198.51.100.200")).status).toBe(302);
  });

  it("answers 429 to an IP that fails across many accounts", async () => {
    const ip = "192.0.2.99";
    for (let i = 0; i < SIGN_IN_LIMITS.perIp.points; i++) {
      await signInAs(`guess${i}@example.org`, "wrong password", ip);
    }
    const user = await createUser({ twoFactor: false });
    expect((await signInAs(user.email, PASSWORD, ip)).status).toBe(429);
    expect((await signInAs(user.email, PASSWORD, "192.0.2.100")).status).toBe(302);
  });
});
