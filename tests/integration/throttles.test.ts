// Throttles that hold when the guesses come all at once, through the production build over HTTP: of many
// wrong passwords or codes sent in parallel, at most the limit are ever checked (the rest answer 429
// before any check), on sign-in, the second-factor step (codes and recovery codes), the account page's
// code check, password change and account deletion. The client address comes from X-Forwarded-For
// (TRUST_PROXY=true), so each test guesses from an address of its own.
import { describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { SIGN_IN_LIMITS } from "../../app/server/sign-in-throttle.server";
import { createUser, nextTotpCode, PASSWORD, sessionCookieFor } from "../support/factories";
import { useAppServerBehindProxy } from "../support/server";

const { client } = useAppServerBehindProxy();

let nextAddress = 1;
/** A client address no other test uses. */
const address = () => `198.51.100.${nextAddress++}`;
const from = (ip: string) => ({ "X-Forwarded-For": ip });

/** Statuses of the answers, counted: { 400: 5, 429: 95 }. */
async function statuses(responses: Promise<Response>[]): Promise<Record<number, number>> {
  const counts: Record<number, number> = {};
  for (const res of await Promise.all(responses)) {
    await res.arrayBuffer();
    counts[res.status] = (counts[res.status] ?? 0) + 1;
  }
  return counts;
}
const checked = (counts: Record<number, number>) => Object.entries(counts).filter(([s]) => s !== "429").reduce((n, [, c]) => n + c, 0);

async function events(userId: string, action: string) {
  const rows = await db().selectFrom("audit_events").select("id").where("subject_id", "=", userId).where("action", "=", action).execute();
  return rows.length;
}

// Hundreds of requests at once, each through argon2 or the database: more than the default 5 s on a busy machine.
describe("parallel guesses are counted before they are checked", { timeout: 60_000 }, () => {
  it("100 wrong passwords at once: at most the limit are checked, the rest 429", async () => {
    const user = await createUser({ twoFactor: false });
    const ip = address();
    const counts = await statuses(Array.from({ length: 100 }, (_, i) =>
      client.post("/sign-in", { email: user.email, password: `wrong guess ${i}` }, undefined, from(ip))));
    console.log("sign-in, 100 parallel wrong passwords:", counts);
    expect(checked(counts)).toBeLessThanOrEqual(SIGN_IN_LIMITS.perAccountAndIp.points);
    expect(counts[429]).toBeGreaterThanOrEqual(100 - SIGN_IN_LIMITS.perAccountAndIp.points);
    expect(await events(user.id, "account.sign_in_failed")).toBeLessThanOrEqual(SIGN_IN_LIMITS.perAccountAndIp.points);
    // The right password from that address is refused too until the window ends.
    expect((await client.post("/sign-in", { email: user.email, password: PASSWORD }, undefined, from(ip))).status).toBe(429);
  });

  it("300 wrong second-factor codes at once (six digits and recovery codes): at most the limit are checked", async () => {
    const user = await createUser();
    const pending = await sessionCookieFor(user.id, null, { twoFactorVerified: false });
    const right = await nextTotpCode(user.id);
    const codes = Array.from({ length: 300 }, (_, i) => i % 3 === 2
      ? `abcd-efgh-ijkl-${"mnop".slice(0, 4 - String(i).length)}${String(i).replace(/\d/g, (d) => "abcdefghij"[Number(d)]!)}`
      : String(i * 3331 % 1_000_000).padStart(6, "0")).filter((c) => c !== right);
    const counts = await statuses(codes.map((code) => client.post("/sign-in/two-factor", { code }, pending, from(address()))));
    console.log(`second factor, ${codes.length} parallel wrong codes:`, counts);
    expect(checked(counts)).toBeLessThanOrEqual(SIGN_IN_LIMITS.secondFactor.points);
    expect(await events(user.id, "account.two_factor_failed")).toBeLessThanOrEqual(SIGN_IN_LIMITS.secondFactor.points);
    expect((await client.post("/sign-in/two-factor", { code: right }, pending, from(address()))).status).toBe(429);
  });

  it("100 wrong codes at once on the account page: at most the limit are checked", async () => {
    const user = await createUser();
    const cookie = await sessionCookieFor(user.id, null);
    const right = await nextTotpCode(user.id);
    const codes = Array.from({ length: 100 }, (_, i) => String(i * 7919 % 1_000_000).padStart(6, "0")).filter((c) => c !== right);
    const counts = await statuses(codes.map((code) => client.post("/account/two-factor", { intent: "regenerate", code }, cookie, from(address()))));
    console.log("account page, 100 parallel wrong codes:", counts);
    expect(checked(counts)).toBeLessThanOrEqual(SIGN_IN_LIMITS.secondFactor.points);
  });

  it("100 wrong current passwords at once on password change: at most the limit are checked, and the password is unchanged", async () => {
    const user = await createUser({ twoFactor: false });
    const cookie = await sessionCookieFor(user.id, null);
    const counts = await statuses(Array.from({ length: 100 }, (_, i) =>
      client.post("/account/password", { currentPassword: `wrong guess ${i}`, newPassword: "a brand new phrase" }, cookie, from(address()))));
    console.log("password change, 100 parallel wrong current passwords:", counts);
    expect(checked(counts)).toBeLessThanOrEqual(SIGN_IN_LIMITS.currentPassword.points);
    // Past the limit even the right one waits; the account's password is what it was.
    expect((await client.post("/account/password", { currentPassword: PASSWORD, newPassword: "a brand new phrase" }, cookie)).status).toBe(429);
    expect((await client.post("/sign-in", { email: user.email, password: PASSWORD }, undefined, from(address()))).status).toBe(302);
  });

  it("100 wrong passwords at once on account deletion: at most the limit are checked, and the account is kept", async () => {
    const user = await createUser({ twoFactor: false });
    const cookie = await sessionCookieFor(user.id, null);
    const counts = await statuses(Array.from({ length: 100 }, (_, i) =>
      client.post("/account/delete", { password: `wrong guess ${i}`, confirm: "yes" }, cookie, from(address()))));
    console.log("account deletion, 100 parallel wrong passwords:", counts);
    expect(checked(counts)).toBeLessThanOrEqual(SIGN_IN_LIMITS.currentPassword.points);
    expect((await client.post("/account/delete", { password: PASSWORD, confirm: "yes" }, cookie)).status).toBe(429);
    expect((await db().selectFrom("users").select("email").where("id", "=", user.id).executeTakeFirstOrThrow()).email).toBe(user.email);
  });

  it("password change and deletion share one count: guesses on one leave none for the other", async () => {
    const user = await createUser({ twoFactor: false });
    const cookie = await sessionCookieFor(user.id, null);
    for (let i = 0; i < SIGN_IN_LIMITS.currentPassword.points; i++) {
      expect((await client.post("/account/password", { currentPassword: `wrong ${i}`, newPassword: "a brand new phrase" }, cookie)).status).toBe(400);
    }
    expect((await client.post("/account/delete", { password: "another guess", confirm: "yes" }, cookie)).status).toBe(429);
  });

  it("a right answer within the limit still works, and clears the count", async () => {
    const user = await createUser({ twoFactor: false });
    const cookie = await sessionCookieFor(user.id, null);
    for (let i = 0; i < SIGN_IN_LIMITS.currentPassword.points - 1; i++) {
      expect((await client.post("/account/password", { currentPassword: `wrong ${i}`, newPassword: "a brand new phrase" }, cookie)).status).toBe(400);
    }
    const changed = await client.post("/account/password", { currentPassword: PASSWORD, newPassword: "a brand new phrase" }, cookie);
    expect(changed.status).toBe(302);
    const fresh = changed.headers.get("set-cookie")!.split(";")[0]!;
    expect((await client.post("/account/password", { currentPassword: "wrong again", newPassword: "another new phrase" }, fresh)).status).toBe(400);
  });
});

describe("guessing from one address cannot lock the owner out", { timeout: 60_000 }, () => {
  const signIn = (email: string, password: string, ip: string) => client.post("/sign-in", { email, password, redirectTo: "/account" }, undefined, from(ip));

  it("wrong guesses from address A throttle A, and do not stop the owner on address B", async () => {
    const user = await createUser({ twoFactor: false });
    const [a, b] = [address(), address()];
    const counts = await statuses(Array.from({ length: 20 }, (_, i) => signIn(user.email, `guess ${i}`, a)));
    expect(counts).toEqual({ 400: SIGN_IN_LIMITS.perAccountAndIp.points, 429: 20 - SIGN_IN_LIMITS.perAccountAndIp.points });
    // The guesser is held back, even with the right password…
    expect((await signIn(user.email, PASSWORD, a)).status).toBe(429);
    // …and the owner, elsewhere, signs in as usual, with the right password and after a typo of their own.
    expect((await signIn(user.email, "a typo", b)).status).toBe(400);
    const owner = await signIn(user.email, PASSWORD, b);
    expect(owner.status).toBe(302);
    expect(owner.headers.get("location")).toBe("/account");
  });

  it("a right password from an address clears that address's count for the account", async () => {
    const user = await createUser({ twoFactor: false });
    const a = address();
    for (let i = 0; i < SIGN_IN_LIMITS.perAccountAndIp.points - 1; i++) expect((await signIn(user.email, `typo ${i}`, a)).status).toBe(400);
    expect((await signIn(user.email, PASSWORD, a)).status).toBe(302);
    for (let i = 0; i < SIGN_IN_LIMITS.perAccountAndIp.points; i++) expect((await signIn(user.email, `typo again ${i}`, a)).status).toBe(400);
    expect((await signIn(user.email, `one more`, a)).status).toBe(429);
  });

  it("an address guessing across many accounts is held to its own limit", async () => {
    const a = address();
    const users = await Promise.all(Array.from({ length: 60 }, () => createUser({ twoFactor: false })));
    const counts = await statuses(users.map((u) => signIn(u.email, "Summer2026!", a)));
    expect(checked(counts)).toBeLessThanOrEqual(SIGN_IN_LIMITS.perIp.points);
    // Another address, and the accounts' owners, are not affected.
    expect((await signIn(users[0]!.email, PASSWORD, address())).status).toBe(302);
  });

  it("guesses spread over many addresses stop at the account's daily limit; the owner's own address still signs in", async () => {
    const user = await createUser({ twoFactor: false });
    const home = address();
    expect((await signIn(user.email, PASSWORD, home)).status).toBe(302); // an address the owner has signed in from
    const perAddress = SIGN_IN_LIMITS.perAccountAndIp.points;
    const addresses = Array.from({ length: Math.ceil(1.5 * SIGN_IN_LIMITS.perAccount.points / perAddress) }, address);
    const counts = await statuses(addresses.flatMap((ip) => Array.from({ length: perAddress }, (_, i) => signIn(user.email, `botnet guess ${i}`, ip))));
    console.log(`${addresses.length} addresses × ${perAddress} guesses at once:`, counts);
    expect(checked(counts)).toBeLessThanOrEqual(SIGN_IN_LIMITS.perAccount.points);
    expect(checked(counts)).toBeGreaterThan(SIGN_IN_LIMITS.perAccountAndIp.points); // not one lock for everyone
    // A new address gets nowhere today; the owner, from the address they signed in from before, does.
    expect((await signIn(user.email, "yet another guess", address())).status).toBe(429);
    expect((await signIn(user.email, PASSWORD, home)).status).toBe(302);
  });

  it("behind the proxy, the address is the one the proxy saw, not one the client wrote into X-Forwarded-For", async () => {
    const user = await createUser({ twoFactor: false });
    const [owner, attacker] = [address(), address()];
    // The attacker writes the owner's address first; the proxy appends the attacker's real one.
    for (let i = 0; i < SIGN_IN_LIMITS.perAccountAndIp.points + 2; i++) {
      await client.post("/sign-in", { email: user.email, password: `guess ${i}` }, undefined, { "X-Forwarded-For": `${owner}, ${attacker}` });
    }
    expect((await signIn(user.email, PASSWORD, owner)).status).toBe(302);
    expect((await signIn(user.email, PASSWORD, attacker)).status).toBe(429);
  });
});
