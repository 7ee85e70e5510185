// The CSRF Origin check compares the whole origin — scheme, host and port — with the request's own, over
// HTTP against the production build: served directly (plain http; X-Forwarded-Proto is the client's and is
// ignored) and behind a trusted proxy (TRUST_PROXY=true: the scheme is the one the proxy says).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { resetEnvCache } from "../../app/server/env.server";
import { startAppServer } from "../support/server";

type App = Awaited<ReturnType<typeof startAppServer>>;
let direct: App;
let proxied: App;
const trustProxyBefore = process.env.TRUST_PROXY;

async function startWith(trustProxy: "true" | "false") {
  process.env.TRUST_PROXY = trustProxy;
  resetEnvCache();
  return startAppServer();
}
beforeAll(async () => {
  direct = await startWith("false");
  proxied = await startWith("true");
});
afterAll(async () => {
  // Each refusal is written to the audit trail after its answer is sent; let those writes land before the
  // database connections close (one that starts while they close holds the pool open).
  for (let i = 0; i < 100 && (await refusalsRecorded()) < refused; i++) await new Promise((r) => setTimeout(r, 50));
  await Promise.all([direct?.close(), proxied?.close()]);
  if (trustProxyBefore === undefined) delete process.env.TRUST_PROXY;
  else process.env.TRUST_PROXY = trustProxyBefore;
  resetEnvCache();
});

let n = 0;
let refused = 0;
const refusalsRecorded = async () =>
  Number((await db().selectFrom("audit_events").select((eb) => eb.fn.countAll<string>().as("n")).where("action", "=", "access.refused").executeTakeFirstOrThrow()).n);
/** A sign-in POST with this Origin: 403 when refused, 400 (a wrong password) when it gets through. */
async function signInFrom(app: App, origin: string | null, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}/sign-in`, {
    method: "POST",
    body: `email=nobody.${n++}%40example.org&password=wrong-password`, // a new account each time: never throttled
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(origin === null ? {} : { Origin: origin }), ...headers },
    redirect: "manual",
  });
  await res.arrayBuffer();
  if (res.status === 403) refused++;
  return res.status;
}

const parts = (app: App) => new URL(app.url);

describe("the Origin must be this site's scheme, host and port", () => {
  it("served directly over http: only http://host:port itself", async () => {
    const { host, hostname, port } = parts(direct);
    expect(await signInFrom(direct, `http://${host}`)).toBe(400);
    expect(await signInFrom(direct, `HTTP://${host.toUpperCase()}`)).toBe(400); // the same origin, written otherwise
    for (const origin of [
      `https://${host}`, // another scheme, same host and port
      `http://${hostname}:${Number(port) + 1}`, // another port
      `http://${hostname}`, // the default port
      `http://localhost:${port}`, // another name for the machine
      `ws://${host}`, "null", "", `http://${host}.evil.example`,
    ]) {
      expect(await signInFrom(direct, origin), origin).toBe(403);
    }
    expect(await signInFrom(direct, null)).toBe(403);
  });

  it("served directly, a client's X-Forwarded-Proto is not believed", async () => {
    const { host } = parts(direct);
    expect(await signInFrom(direct, `https://${host}`, { "X-Forwarded-Proto": "https" })).toBe(403);
    expect(await signInFrom(direct, `http://${host}`, { "X-Forwarded-Proto": "https" })).toBe(400);
  });

  it("behind a trusted proxy, the scheme is the proxy's: https from the browser, http refused", async () => {
    const { host } = parts(proxied);
    expect(await signInFrom(proxied, `https://${host}`, { "X-Forwarded-Proto": "https" })).toBe(400);
    expect(await signInFrom(proxied, `http://${host}`, { "X-Forwarded-Proto": "https" })).toBe(403);
    expect(await signInFrom(proxied, `https://${host}`, { "X-Forwarded-Proto": "http" })).toBe(403);
    expect(await signInFrom(proxied, `https://${host}`)).toBe(403); // no header: the socket's own scheme, http
  });
});
