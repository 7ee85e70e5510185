// `npm start` with WEB_CONCURRENCY=2: two web processes, children of the web cluster's primary, answer on
// the site's one port (each holds some of its connections, seen from outside through /proc); one killed
// with SIGKILL leaves the other answering while a new one replaces it; SIGTERM to `npm start` lets a
// request already under way finish, then ends every process with exit 0.
import { request } from "node:http";
import type { Socket } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import {
  answeredBy, connectionsHeldBy, freePort, healthy, isRunning, killAll, startSystem, supervisedPids, supervisorLog, waitFor, webProcessesOf, type Child,
} from "../support/processes";
import { systemEnv, usePrivateRedis } from "./scenario";

let redis: Awaited<ReturnType<typeof usePrivateRedis>>;
let system: Child;
let port: number;
let url: string;

beforeAll(async () => {
  redis = await usePrivateRedis();
  port = await freePort();
  url = `http://127.0.0.1:${port}`;
  system = await startSystem(systemEnv(port, redis.url, { WEB_CONCURRENCY: "2" }));
});
afterAll(async () => {
  await killAll();
  await redis?.release();
});

const primary = () => supervisedPids(system).web!.at(-1)!;
const webProcesses = () => webProcessesOf(primary());
const twoWebProcesses = () => waitFor("two web processes", async () => webProcesses().length === 2 && webProcesses(), 60_000, 100);
/** What the primary logged (pino JSON lines of process "web-primary"). */
const primaryLog = () => system.output().split("\n").filter((l) => l.startsWith("{") && l.includes("\"process\":\"web-primary\""))
  .map((l) => JSON.parse(l) as { msg: string; web: number; pid: number; replaces?: number; code?: number | null; signal?: string | null });

/** Each of these web processes answers some of six new connections, and nothing else holds any. */
async function everyWebProcessAnswers(pids: number[]) {
  const { byPid, elsewhere } = await answeredBy(port, pids);
  for (const pid of pids) expect(byPid.get(pid), `connections answered by pid ${pid}`).toBeGreaterThan(0);
  expect(elsewhere).toBe(0);
}

it("runs two web processes on one port, replaces one that is killed while the other answers, and drains on SIGTERM", async () => {
  const [first, second] = await twoWebProcesses();
  await waitFor("both to listen", async () => system.output().split("\n").filter((l) => l.includes("\"msg\":\"web listening")).length === 2, 60_000);
  await everyWebProcessAnswers([first!, second!]);
  expect(primaryLog().filter((l) => / of 2 started \(pid \d+\)$/.test(l.msg)).map((l) => l.pid).sort()).toEqual([first, second]);

  // --- One web process dies: the other answers every request until its replacement is up -----------------
  process.kill(second!, "SIGKILL");
  // A connection the primary hands over in the moment before it learns of the death is lost with the dead
  // process (Node's cluster gives it no second chance); from then on the other one takes every connection.
  await waitFor("the primary to see the web process die", async () => primaryLog().some((l) => l.pid === second && l.signal === "SIGKILL"), 10_000, 10);
  const answers: boolean[] = [];
  const replaced = () => primaryLog().some((l) => l.replaces === second);
  while (!replaced()) answers.push(await healthy(url));
  const [, replacement] = await twoWebProcesses().then((pids) => [pids.find((p) => p === first), pids.find((p) => p !== first)]);
  if (process.env.RESILIENCE_DEBUG) console.log(`${answers.filter(Boolean).length} of ${answers.length} requests answered while pid ${second} was being replaced`);
  expect(answers.length).toBeGreaterThan(0);
  expect(answers.every(Boolean), `${answers.filter((a) => !a).length} of ${answers.length} requests failed`).toBe(true);
  expect(isRunning(first!)).toBe(true);
  expect(replacement).not.toBe(second);
  expect(primaryLog().find((l) => l.pid === second && l.signal === "SIGKILL")!.msg).toMatch(/^web process \d \(pid \d+\) exited \(SIGKILL\) after [\d.]+ s; replacing it in 0.5 s$/);
  expect(primaryLog().find((l) => l.replaces === second)).toMatchObject({ pid: replacement, msg: `web process 2 started (pid ${replacement}), replacing pid ${second}` });
  await waitFor("the replacement to listen", async () => system.output().split("\n").filter((l) => l.includes("\"msg\":\"web listening")).length === 3, 60_000);
  await everyWebProcessAnswers([first!, replacement!]);
  // The web tier is the primary's business: the supervisor saw nothing die.
  expect(supervisedPids(system).web).toHaveLength(1);

  // --- Stopping, with a request under way ---------------------------------------------------------------
  // A feedback form whose body is still arriving when the signal comes: it must be answered, and saved.
  const body = new URLSearchParams({ rating: "satisfied", improvement: "Sent while the site was stopping." }).toString();
  const slow = request(`${url}/feedback`, {
    method: "POST",
    agent: false,
    headers: { Origin: url, "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) },
  });
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    slow.once("response", (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.once("end", () => resolve({ status: res.statusCode!, body: text }));
      res.once("error", reject);
    });
    slow.once("error", reject);
  });
  slow.write(body.slice(0, 10));
  const socket = await new Promise<Socket>((resolve) => slow.once("socket", (s: Socket) => s.once("connect", () => resolve(s))));
  const holder = await waitFor("a web process to hold the slow request", async () => [first!, replacement!].find((pid) => connectionsHeldBy(pid, port).includes(socket.localPort!)), 10_000, 20);
  const running = [primary(), first!, replacement!, supervisedPids(system).worker!.at(-1)!];
  system.kill("SIGTERM");
  await waitFor("the web processes to start closing", async () => system.output().split("\n").filter((l) => l.includes("SIGTERM: closing web server")).length === 2, 10_000, 20);
  expect(isRunning(holder)).toBe(true);
  slow.end(body.slice(10));
  expect(await answered).toMatchObject({ status: 302 });
  expect(await db().selectFrom("feedback").select("improvement").execute()).toEqual([{ improvement: "Sent while the site was stopping." }]);

  expect(await system.exited).toMatchObject({ code: 0, signal: null });
  for (const pid of running) expect(isRunning(pid), `pid ${pid}`).toBe(false);
  await waitFor("the process group to be empty", async () => !isRunning(-system.pid), 10_000, 100);
  expect(primaryLog().filter((l) => l.msg.includes("exited") && l.pid !== second).map((l) => [l.pid, l.code])).toEqual(
    expect.arrayContaining([[first, 0], [replacement, 0]]),
  );
  expect(supervisorLog(system).filter((l) => l.msg.includes("exited")).map((l) => [l.child, l.code]).sort()).toEqual([["web", 0], ["worker", 0]]);
  // Nothing was started again while stopping.
  expect(primaryLog().filter((l) => l.msg.includes(" started "))).toHaveLength(3);
});
