// `npm start` keeps the system up: its web tier killed with SIGKILL (the web cluster's primary, whose web
// processes then exit with it; one web process dying alone is web-cluster.test.ts) is started again and the site
// answers within seconds while the worker runs on untouched; the worker killed likewise comes back while
// the site keeps answering. SIGTERM to `npm start` stops every process, restarts none, and exits 0.
// `npm start` runs as its own process group on a free port, with this file's database and a private Redis.
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePort, healthy, isRunning, killAll, startSystem, supervisedPids, supervisorLog, waitFor, type Child } from "../support/processes";
import { systemEnv, usePrivateRedis } from "./scenario";

let redis: Awaited<ReturnType<typeof usePrivateRedis>>;
let system: Child;
let url: string;

beforeAll(async () => {
  redis = await usePrivateRedis();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  // One web process: this test is about the supervisor restarting the tier; two of them starting at once
  // on a loaded two-core machine take longer to answer than the bound below (web-cluster.test.ts has two).
  system = await startSystem(systemEnv(port, redis.url, { WEB_CONCURRENCY: "1" }));
});
afterAll(async () => {
  await killAll();
  await redis?.release();
});

const current = (name: string) => supervisedPids(system)[name]?.at(-1);
const workerStarts = () => system.output().split("\n").filter((l) => l.includes("\"msg\":\"worker started\"")).length;

it("restarts a killed web process or worker, leaves the other running, and stops cleanly on SIGTERM", async () => {
  await waitFor("the worker to start", async () => workerStarts() === 1, 60_000);
  const web = current("web")!;
  const worker = current("worker")!;

  // --- The web process dies ---------------------------------------------------------------------------
  process.kill(web, "SIGKILL");
  const killedAt = Date.now();
  await waitFor("a new web process", async () => current("web") !== web, 10_000, 50);
  await waitFor("the site to answer again", () => healthy(url), 20_000, 100);
  const downMs = Date.now() - killedAt;
  if (process.env.RESILIENCE_DEBUG) console.log(`site answered again ${downMs} ms after the web process was killed`);
  expect(downMs).toBeLessThan(10_000);
  expect(supervisorLog(system).find((l) => l.child === "web" && l.delayMs !== undefined)).toMatchObject({ pid: web, code: null, signal: "SIGKILL", delayMs: 500 });
  expect(isRunning(worker)).toBe(true);
  expect(current("worker")).toBe(worker);

  // --- The worker dies --------------------------------------------------------------------------------
  const newWeb = current("web")!;
  process.kill(worker, "SIGKILL");
  await waitFor("the worker to start again", async () => workerStarts() === 2, 60_000);
  expect(current("worker")).not.toBe(worker);
  expect(supervisorLog(system).find((l) => l.child === "worker" && l.delayMs !== undefined)).toMatchObject({ pid: worker, signal: "SIGKILL", delayMs: 500 });
  expect(await healthy(url)).toBe(true);
  expect(current("web")).toBe(newWeb);

  // --- Stopping ---------------------------------------------------------------------------------------
  const running = [current("web")!, current("worker")!];
  system.kill("SIGTERM");
  const exit = await system.exited;
  expect(exit).toMatchObject({ code: 0, signal: null });
  for (const pid of running) expect(isRunning(pid), `pid ${pid}`).toBe(false);
  // Nothing npm start ran is left in its process group (npm, the shell, tsx, the supervisor, their processes).
  // tsx's esbuild service ends when its parent's pipe closes, a moment after the parent: on a loaded machine
  // that moment can be long, so allow it a few seconds to go.
  await waitFor("the process group to be empty", async () => !isRunning(-system.pid), 10_000, 100);
  // Both exited on SIGTERM as asked, and neither was started again.
  expect(Object.values(supervisedPids(system)).flat()).toHaveLength(4);
  expect(supervisorLog(system).filter((l) => l.msg.includes("exited") && l.delayMs === undefined).map((l) => [l.child, l.code])).toEqual(
    expect.arrayContaining([["web", 0], ["worker", 0]]),
  );
  expect(await healthy(url)).toBe(false);
});
