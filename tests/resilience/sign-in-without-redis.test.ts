// Signing in while Redis is away (stopped, or frozen with its connections open): every answer comes
// within a second, never a server error, and failed attempts are still throttled (counted in this
// process's memory until Redis is back). The app runs in this process against a private Redis.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redis as appRedis } from "../../app/server/connections.server";
import { SIGN_IN_LIMITS } from "../../app/server/sign-in-throttle.server";
import { createUser, nextTotpCode, PASSWORD } from "../support/factories";
import { startAppServer } from "../support/server";
import { killAll, waitFor } from "../support/processes";
import { usePrivateRedis } from "./scenario";

// Well under the 10–20 s a sign-in took when its throttle waited on an absent Redis, with room for a busy machine.
const WITHIN_MS = 1500;

let redis: Awaited<ReturnType<typeof usePrivateRedis>>;
let app: Awaited<ReturnType<typeof startAppServer>>;

beforeAll(async () => {
  redis = await usePrivateRedis();
  app = await startAppServer();
});
afterAll(async () => {
  redis?.resume();
  await killAll();
  await app?.close();
  await redis?.release();
});

/** A POST and how long it took to answer; one that takes over 5 s is given up (status 0), so a failing run ends soon. */
async function post(path: string, form: Record<string, string>, cookie?: string) {
  const started = performance.now();
  try {
    const res = await fetch(`${app.url}${path}`, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(5_000),
      headers: { Origin: app.url, "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
      body: new URLSearchParams(form),
    });
    await res.arrayBuffer();
    return { status: res.status, location: res.headers.get("location"), cookie: res.headers.get("set-cookie")?.split(";")[0], ms: performance.now() - started };
  } catch (error) {
    if (!(error instanceof Error && error.name === "TimeoutError")) throw error;
    return { status: 0, location: null, cookie: undefined, ms: performance.now() - started };
  }
}

/** Every sign-in path, each answered quickly: right and wrong passwords, the second factor, and the throttle. */
async function signInsAnswerQuickly(label: string) {
  const plain = await createUser({ twoFactor: false });
  const withCode = await createUser();
  const guessed = await createUser({ twoFactor: false });
  const send = async (what: string, path: string, form: Record<string, string>, cookie?: string) => {
    const a = await post(path, form, cookie);
    if (process.env.RESILIENCE_DEBUG) console.log(label, what, a.status, Math.round(a.ms), "ms"); // RESILIENCE_DEBUG=1 prints every answer
    expect(a.ms, `${label}: ${what}`).toBeLessThan(WITHIN_MS);
    expect(a.status, `${label}: ${what}`).toBeLessThan(500);
    return a;
  };

  expect((await send("right password", "/sign-in", { email: plain.email, password: PASSWORD, redirectTo: "/" })).status).toBe(302);
  expect((await send("wrong password", "/sign-in", { email: plain.email, password: "not the password" })).status).toBe(400);
  const pending = await send("password step", "/sign-in", { email: withCode.email, password: PASSWORD, redirectTo: "/account" });
  expect(pending.location).toMatch(/^\/sign-in\/two-factor/);
  expect((await send("wrong code", "/sign-in/two-factor", { code: "abcd-efgh-ijkl-mnop", redirectTo: "/account" }, pending.cookie)).status).toBe(400);
  expect((await send("right code", "/sign-in/two-factor", { code: await nextTotpCode(withCode.id), redirectTo: "/account" }, pending.cookie))).toMatchObject({ status: 302, location: "/account" });
  // Still throttled: past the limit even the right password is refused, from memory.
  for (let i = 0; i < SIGN_IN_LIMITS.perAccountAndIp.points; i++) {
    expect((await send(`guess ${i}`, "/sign-in", { email: guessed.email, password: `guess ${i}` })).status).toBe(400);
  }
  expect((await send("after the limit", "/sign-in", { email: guessed.email, password: PASSWORD })).status).toBe(429);
}

/** The app holds a working connection to Redis and counts failed sign-ins there, as in production before an outage. */
async function countingInRedis() {
  // The built app shares this process's connections (they live on globalThis).
  await waitFor("the app's Redis connection", async () => appRedis().status === "ready", 15_000);
  const email = `nobody.${Date.now()}@example.org`;
  expect((await post("/sign-in", { email, password: "x" })).status).toBe(400);
  expect(await appRedis().get(`${process.env.REDIS_PREFIX}:signin:acct:${email}`)).toBe("1");
}

describe("signing in while Redis is away", () => {
  it("answers within a second, throttled, with Redis stopped", async () => {
    await countingInRedis();
    await redis.stop();
    // Long enough for the client to be between reconnection attempts, backing off.
    await new Promise((r) => setTimeout(r, 3000));
    await signInsAnswerQuickly("stopped");
    await redis.start();
  });

  it("answers within a second, throttled, with Redis frozen (connections open, no answers)", async () => {
    await countingInRedis();
    redis.pause();
    try {
      await signInsAnswerQuickly("frozen");
    } finally {
      redis.resume();
    }
  });
  it("a guesser gets no fresh allowance when Redis stops answering in time: the count made before goes on", async () => {
    await countingInRedis();
    const user = await createUser({ twoFactor: false });
    for (let i = 0; i < SIGN_IN_LIMITS.perAccountAndIp.points; i++) {
      expect((await post("/sign-in", { email: user.email, password: `guess ${i}` })).status).toBe(400);
    }
    // Replies that do not come within the command timeout, as when Redis is frozen or this process is too
    // busy to read them in time (a flood of guesses can do that).
    redis.pause();
    try {
      expect((await post("/sign-in", { email: user.email, password: "one more guess" })).status).toBe(429);
      expect((await post("/sign-in", { email: user.email, password: PASSWORD })).status).toBe(429);
    } finally {
      redis.resume();
    }
  });
});
