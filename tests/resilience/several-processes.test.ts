// Several processes, one system: two web processes started alone on two ports (as two machines behind a
// load balancer would run them, not under the cluster primary) and two job workers, all on this test file's
// database, one private Redis with one key prefix, and one upload directory (a shared volume standing in
// for object storage). A session made on one is signed in on the other; sign-in guesses split across both
// are limited in total; every job (assignment, scoring, pairing, the roll-up, e-mail delivery, the
// schedules) runs once, with its effects written once and each e-mail received once by a real SMTP server;
// a file uploaded through one is downloaded through the other; and with one killed (SIGKILL) mid-stream, a
// small round-robin balancer that retries idempotent requests loses none. Decision 041.
import { randomBytes } from "node:crypto";
import { createServer as createHttpServer, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { createServer as createTcpServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { SIGN_IN_LIMITS } from "../../app/server/sign-in-throttle.server";
import { queue, QUEUES } from "../../jobs/queues";
import { createChallenge, createMember, createOrg, createProposal, createSponsorship, createUser, PASSWORD } from "../support/factories";
import { pdfBytes } from "../support/files";
import { waitForRun } from "../support/jobs";
import { freePort, killAll, ready, startWebProcess, startWorkerProcess, waitFor, type Child } from "../support/processes";
import { siteClient } from "../support/server";
import { seedJudgingChallenge, systemEnv, usePrivateRedis, workerEnv } from "./scenario";

let redis: Awaited<ReturnType<typeof usePrivateRedis>>;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let balancer: Awaited<ReturnType<typeof startBalancer>>;
const web: { a: Web; b: Web } = {} as never;
let workers: Child[];
type Web = { url: string; port: number; child: Child };

beforeAll(async () => {
  redis = await usePrivateRedis();
  smtp = await startSmtpSink();
  const [portA, portB] = [await freePort(), await freePort()];
  balancer = await startBalancer([portA, portB]);
  // What every process of one deployment shares: the database, Redis and its prefix, the upload volume,
  // the key that encrypts second factors, and the site's public address (the balancer's).
  const shared = {
    UPLOAD_DIR: process.env.UPLOAD_DIR!,
    TOTP_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    APP_URL: balancer.url,
  };
  const [a, b, ...started] = await Promise.all([
    startWebProcess(systemEnv(portA, redis.url, shared)),
    startWebProcess(systemEnv(portB, redis.url, shared)),
    // Both register their schedules at the same moment. Housekeeping completions are logged at debug.
    startWorkerProcess(workerEnv(redis.url, { ...shared, SMTP_URL: smtp.url, LOG_LEVEL: "debug" })),
    startWorkerProcess(workerEnv(redis.url, { ...shared, SMTP_URL: smtp.url, LOG_LEVEL: "debug" })),
  ]);
  web.a = { url: `http://127.0.0.1:${portA}`, port: portA, child: a };
  web.b = { url: `http://127.0.0.1:${portB}`, port: portB, child: b };
  workers = started;
});
afterAll(async () => {
  await balancer?.close();
  await killAll();
  await smtp?.close();
  await redis?.release();
});

/** The worker log lines (pino JSON) of completed jobs, from both workers: which job, its id, and which worker. */
function completed(name?: string) {
  return workers.flatMap((w, worker) => w.output().split("\n").filter((l) => l.includes("\"job completed\""))
    .map((l) => ({ ...(JSON.parse(l) as { job: string; id: string }), worker })))
    .filter((c) => name === undefined || c.job === name);
}
const completionsOf = (id: string) => completed().filter((c) => c.id === id).length;

async function signIn(site: Web, email: string, password: string) {
  const res = await siteClient(site).post("/sign-in", { email, password, redirectTo: "/account" });
  await res.arrayBuffer();
  return { status: res.status, cookie: res.headers.get("set-cookie")?.split(";")[0] };
}

describe("two web processes and two workers on one database and one Redis", () => {
  it("a session made on one web process is signed in on the other, and signing out on it ends it on both", async () => {
    const user = await createUser({ twoFactor: false });
    const { status, cookie } = await signIn(web.a, user.email, PASSWORD);
    expect(status).toBe(302);
    const onB = await siteClient(web.b).get("/account", cookie);
    expect(onB.status).toBe(200);
    expect(await onB.text()).toContain(user.email);
    // Not signed in without it: the page is not simply public.
    expect((await siteClient(web.b).get("/account")).status).toBe(302);

    const out = await siteClient(web.b).post("/sign-out", {}, cookie);
    expect(out.status).toBe(302);
    const onA = await siteClient(web.a).get("/account", cookie);
    expect(onA.status).toBe(302);
    expect(onA.headers.get("location")).toMatch(/^\/sign-in/);
  });

  it("wrong-password guesses to both are limited in total, not per process, one after another and all at once", async () => {
    const { points } = SIGN_IN_LIMITS.perAccountAndIp;
    // One after another, alternately to A and B: each process has seen only about half of them, so counted
    // per process the next guess would still be checked; counted together it is refused, on either process.
    const user = await createUser({ twoFactor: false });
    for (let i = 0; i < points; i++) expect((await signIn(i % 2 ? web.b : web.a, user.email, `guess ${i}`)).status).toBe(400);
    expect((await signIn(web.a, user.email, PASSWORD)).status).toBe(429);
    expect((await signIn(web.b, user.email, PASSWORD)).status).toBe(429);

    // All at once: twice the limit and two more, alternately to A and B. Counted per process, 2 × points
    // would be checked; counted together in Redis, `points`. An attempt whose reply from Redis comes later
    // than the web's command timeout (250 ms, a loaded machine) is decided by that process's own count alone
    // (rate-limits.server.ts; decision 041), so on a busy machine one may get through beyond the limit.
    const other = await createUser({ twoFactor: false });
    const guesses = await Promise.all(Array.from({ length: 2 * points + 2 }, (_, i) => signIn(i % 2 ? web.b : web.a, other.email, `guess ${i}`)));
    const statuses = guesses.map((g) => g.status);
    if (process.env.RESILIENCE_DEBUG) console.log("guesses at once:", statuses.join(","));
    expect(statuses.every((s) => s === 400 || s === 429), statuses.join(",")).toBe(true);
    expect(statuses.filter((s) => s === 400).length, statuses.join(",")).toBeGreaterThanOrEqual(points);
    expect(statuses.filter((s) => s === 400).length, statuses.join(",")).toBeLessThan(2 * points);
    expect((await signIn(web.a, other.email, PASSWORD)).status).toBe(429);
    expect((await signIn(web.b, other.email, PASSWORD)).status).toBe(429);
  });

  it("registers each schedule once, though both workers registered them at the same moment, and fires each once", async () => {
    const names = await Promise.all(Object.values(QUEUES).map(async (q) => (await queue(q).getJobSchedulers()).map((s) => s.key)));
    expect(names.flat().sort()).toEqual([
      "daily-digest", "deadline-reminders-daily", "deliver-notifications", "deliver-webhooks", "dispatch-runs", "expire-sessions-hourly",
      "programme-rollup-every-minute", "summarise-refusals-every-minute", "sweep-uploads-hourly",
    ]);
    // The every-5-seconds outbox dispatcher: a few firings, each run by one worker only, one per period.
    await waitFor("three firings of dispatch-runs", async () => completed("dispatch-runs").length >= 3, 60_000, 200);
    const firings = completed("dispatch-runs").map((c) => c.id);
    expect(new Set(firings).size).toBe(firings.length);
    const at = firings.map((id) => Number(/^repeat:dispatch-runs:(\d+)$/.exec(id)?.[1])).sort((x, y) => x - y);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(5_000);
  });

  it("runs assignment, scoring and pairing once each, though both web processes were asked at the same moment", async () => {
    const owner = await createMember("public_body");
    const s = await seedJudgingChallenge(owner.orgId, { proposals: 4, judges: 3, k: 2 });
    const page = (path: string) => `/my/challenges/${s.challengeId}/${path}`;
    /** The owner presses the button on both web processes at once (two tabs, two machines); one run follows. */
    const pressOnBoth = async (path: string, kind: string, fields: Record<string, string>) => {
      const answers = await Promise.all([web.a, web.b].map((w) => siteClient(w).post(page(path), fields, owner.cookie)));
      expect(answers.map((r) => r.status)).toEqual([302, 302]);
      const runs = await db().selectFrom("job_runs").select("id").where("kind", "=", kind).where("challenge_id", "=", s.challengeId).execute();
      expect(runs).toHaveLength(1);
      const run = await waitForRun(runs[0]!.id, 90_000);
      expect(run.status, run.message).toBe("completed");
      // Completed once, by one of the workers (BullMQ's job id is the run's id).
      await waitFor(`the worker's log of run ${run.id}`, async () => completionsOf(run.id) >= 1, 10_000);
      expect(completionsOf(run.id)).toBe(1);
      return run;
    };

    // Assignment: one set of reviews, each judge told once.
    const assign = await pressOnBoth("assignments", "assign-judges", { intent: "assign" });
    const reviews = await db().selectFrom("reviews").select(["id", "proposal_id", "judge_id", "run_id"]).where("challenge_id", "=", s.challengeId).execute();
    expect(reviews).toHaveLength(s.expectedReviews);
    expect(new Set(reviews.map((r) => `${r.proposal_id}|${r.judge_id}`)).size).toBe(s.expectedReviews);
    expect(reviews.every((r) => r.run_id === assign.id)).toBe(true);
    const told = await db().selectFrom("notifications").select("user_id").where("kind", "=", "assignment_ready").execute();
    expect(told.map((n) => n.user_id).sort()).toEqual([...new Set(reviews.map((r) => s.judges.find((j) => j.judgeId === r.judge_id)!.userId))].sort());

    // The judges submit their reviews, each through whichever web process.
    const criteria = await db().selectFrom("rubric_criteria").select("id").where("challenge_id", "=", s.challengeId).execute();
    for (const [i, r] of reviews.entries()) {
      const judge = s.judges.find((j) => j.judgeId === r.judge_id)!;
      const form: Record<string, string> = { intent: "submit", comment: "Reviewed" };
      for (const c of criteria) form[`scores.${c.id}.score`] = String(1 + (s.proposals.indexOf(r.proposal_id) % 5));
      const res = await siteClient(i % 2 ? web.b : web.a).post(`/judging/reviews/${r.id}`, form, judge.cookie);
      expect(res.status, await res.text()).toBe(302);
    }

    // Scoring: one score per proposal, written by the one run.
    const score = await pressOnBoth("results", "score-proposals", { intent: "score" });
    const scores = await db().selectFrom("proposal_scores").select(["proposal_id", "run_id"]).where("challenge_id", "=", s.challengeId).execute();
    expect(scores.map((r) => r.proposal_id).sort()).toEqual([...s.proposals].sort());
    expect(scores.every((r) => r.run_id === score.id)).toBe(true);

    // Shortlist two and release feedback (through A), accept two sponsors' offers (through B), then pair.
    const shortlist = s.proposals.slice(0, 2);
    const form = new URLSearchParams([["intent", "shortlist"], ...shortlist.map((id) => ["shortlist", id])]);
    const saved = await fetch(`${web.a.url}${page("results")}`, {
      method: "POST", body: form.toString(), redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: web.a.url, Cookie: owner.cookie },
    });
    expect(saved.status).toBe(302);
    expect((await siteClient(web.a).post(page("results"), { intent: "release", confirm: "yes" }, owner.cookie)).status).toBe(302);
    for (let i = 0; i < 2; i++) {
      const corp = await createOrg("corporate", { verified: true });
      const offer = await createSponsorship({ challenge_id: s.challengeId, org_id: corp.id, status: "offered", capacity: 1, funding_gbp: 25_000 });
      expect((await siteClient(web.b).post(page("sponsors"), { sponsorshipId: offer.id, decision: "accept" }, owner.cookie)).status).toBe(302);
    }
    const pair = await pressOnBoth("pairing", "pair-teams", { intent: "pair" });
    const pairs = await db().selectFrom("pairings").select(["proposal_id", "sponsorship_id", "run_id"]).where("challenge_id", "=", s.challengeId).execute();
    expect(pairs.map((p) => p.proposal_id).sort()).toEqual([...shortlist].sort());
    expect(new Set(pairs.map((p) => p.sponsorship_id)).size).toBe(2);
    expect(pairs.every((p) => p.run_id === pair.id)).toBe(true);
  });

  it("runs the roll-up asked for by two web processes at the same moment once, with both changes in it", async () => {
    const owner = await createMember("public_body");
    const challenge = (await createChallenge(owner.orgId)).id;
    const offers = [];
    for (let i = 0; i < 2; i++) {
      const corp = await createOrg("corporate", { verified: true });
      offers.push(await createSponsorship({ challenge_id: challenge, org_id: corp.id, status: "offered", capacity: 1, funding_gbp: 1_000_003 }));
    }
    // Asked for by earlier tests: wait until no roll-up is waiting to run, so the next one is this test's.
    const pending = async () => (await queue(QUEUES.dashboards).getJobs(["delayed", "waiting", "active", "prioritized"]))
      .filter((j) => j && !j.id?.startsWith("repeat:")).length;
    await waitFor("earlier roll-ups to have run", async () => (await pending()) === 0, 30_000, 200);
    const before = completed("programme-rollup").filter((c) => !c.id.startsWith("repeat:")).length;

    const decided = await Promise.all(offers.map((o, i) =>
      siteClient(i ? web.b : web.a).post(`/my/challenges/${challenge}/sponsors`, { sponsorshipId: o.id, decision: "accept" }, owner.cookie)));
    expect(decided.map((r) => r.status)).toEqual([302, 302]);
    const pledged = Number((await db().selectFrom("sponsorships").select((eb) => eb.fn.sum<string>("funding_gbp").as("gbp")).where("status", "=", "accepted").executeTakeFirstOrThrow()).gbp);
    const figures = async () => ((await db().selectFrom("dashboard_rollups").select("data").where("key", "=", "programme").executeTakeFirst())?.data as { funding?: { pledgedGbp: number } } | undefined)?.funding?.pledgedGbp;
    await waitFor("the figures to count both accepted offers", async () => (await figures()) === pledged, 30_000, 200);
    await waitFor("the roll-up's completion to be logged", async () => completed("programme-rollup").filter((c) => !c.id.startsWith("repeat:")).length > before, 10_000);
    // Nothing else waiting: the two requests were one job.
    expect(await pending()).toBe(0);
    expect(completed("programme-rollup").filter((c) => !c.id.startsWith("repeat:")).length - before).toBe(1);
  });

  it("a deadline-reminders schedule firing while both workers run reminds once, and every e-mail is delivered once", async () => {
    const startup = await createMember("startup");
    const owner = await createMember("public_body");
    const closing = await createChallenge(owner.orgId, { closesAt: new Date(Date.now() + 2 * 24 * 60 * 60 * 1000) });
    await createProposal(closing.id, startup.orgId, { status: "draft" });
    // The daily schedule, every 1.5 s for this test: the same scheduler both workers registered, firing often.
    const reminders = queue(QUEUES.notifications);
    await reminders.upsertJobScheduler("deadline-reminders-daily", { every: 1_500 }, { name: "deadline-reminders", data: {} });
    try {
      await waitFor("three firings of deadline-reminders", async () => completed("deadline-reminders").length >= 3, 60_000, 200);
    } finally {
      await reminders.upsertJobScheduler("deadline-reminders-daily", { pattern: "0 9 * * *", tz: "Europe/London" }, { name: "deadline-reminders", data: {} });
    }
    const firings = completed("deadline-reminders").map((c) => c.id);
    expect(new Set(firings).size).toBe(firings.length);
    const reminded = await db().selectFrom("notifications").select(["to_email", "status"]).where("kind", "=", "deadline_approaching").execute();
    expect(reminded.map((n) => n.to_email)).toEqual([startup.user.email]);

    // E-mail delivery (every 10 s, by either worker): every notice of this file's database, the
    // assignments', the feedback's and this reminder among them, is received by the SMTP server once.
    await waitFor("every notice to be delivered", async () => (await db().selectFrom("notifications").select("id").where("status", "=", "queued").execute()).length === 0, 60_000, 200);
    const sent = await db().selectFrom("notifications").select(["to_email", "status"]).execute();
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.every((n) => n.status === "sent"), JSON.stringify(sent.filter((n) => n.status !== "sent"))).toBe(true);
    const received = smtp.messages.map((m) => m.to.join(",")).sort();
    expect(received).toEqual(sent.map((n) => n.to_email).sort());
    expect(completed("deliver-notifications").length).toBeGreaterThan(0);
  });

  it("a file uploaded through one web process is downloaded through the other", async () => {
    const startup = await createMember("startup");
    const owner = await createMember("public_body");
    const challenge = await createChallenge(owner.orgId);
    const proposal = await createProposal(challenge.id, startup.orgId);
    const bytes = pdfBytes("Uploaded through A");
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(bytes)], { type: "application/pdf" }), "Plan.pdf");
    const up = await fetch(`${web.a.url}/my/proposals/${proposal.id}`, { method: "POST", body: form, headers: { Cookie: startup.cookie, Origin: web.a.url }, redirect: "manual" });
    expect(up.status, await up.text()).toBe(302);
    const row = await db().selectFrom("attachments").select("id").where("proposal_id", "=", proposal.id).executeTakeFirstOrThrow();

    const down = await siteClient(web.b).get(`/attachments/${row.id}`, startup.cookie);
    expect(down.status).toBe(200);
    expect(new Uint8Array(await down.arrayBuffer())).toEqual(bytes);
    // Still only for those who may read it.
    const stranger = await createMember("startup");
    expect((await siteClient(web.b).get(`/attachments/${row.id}`, stranger.cookie)).status).toBe(404);
  });

  it("with one web process killed (SIGKILL) mid-stream, a balancer retrying idempotent requests loses none", async () => {
    const answers: { status: number; backend: number }[] = [];
    const failures: string[] = [];
    let stop = false;
    let killedAt = -1;
    const client = async () => {
      while (!stop) {
        try {
          const res = await fetch(`${balancer.url}/challenges`, { signal: AbortSignal.timeout(20_000) });
          await res.arrayBuffer();
          answers.push({ status: res.status, backend: Number(res.headers.get("x-backend")) });
        } catch (error) {
          failures.push(String(error));
        }
      }
    };
    const clients = Array.from({ length: 4 }, client);
    await waitFor("A to answer some of the stream", async () => answers.filter((a) => a.backend === web.a.port).length >= 5, 60_000, 20);
    killedAt = answers.length;
    web.a.child.kill("SIGKILL");
    expect((await web.a.child.exited).signal).toBe("SIGKILL");
    await waitFor("B to answer the stream on its own", async () => answers.slice(killedAt).filter((a) => a.backend === web.b.port).length >= 20, 90_000, 20);
    stop = true;
    await Promise.all(clients);

    expect(failures).toEqual([]);
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    // Requests under way on A, or sent to it before the balancer's health check saw it gone, were retried on B.
    expect(balancer.retried()).toBeGreaterThan(0);
    expect(await ready(web.b.url)).toBe(true);
  });
});

/**
 * A tiny load balancer standing in for a real one: each request goes to the next backend in turn (those its
 * health check, /readyz every 250 ms, last saw ready, first); a GET or HEAD whose backend refuses the
 * connection, resets it or dies before the whole answer arrived is retried on the next one (the answer is
 * buffered, so nothing half-sent reaches the client); a request that cannot be repeated safely is answered
 * 502 instead. Each answer says which backend gave it (X-Backend: its port).
 */
async function startBalancer(ports: number[]) {
  const down = new Set<number>();
  let turn = 0;
  let retried = 0;
  const checks = setInterval(() => {
    for (const port of ports) void ready(`http://127.0.0.1:${port}`).then((ok) => (ok ? down.delete(port) : down.add(port)));
  }, 250);
  type Answer = { status: number; headers: IncomingHttpHeaders; body: Buffer };
  const forward = (port: number, req: import("node:http").IncomingMessage, body: Buffer) => new Promise<Answer>((resolve, reject) => {
    const upstream = httpRequest({ host: "127.0.0.1", port, method: req.method, path: req.url, headers: req.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.once("end", () => (res.complete ? resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }) : reject(new Error("answer cut short"))));
      res.once("error", reject);
      res.once("aborted", () => reject(new Error("answer aborted")));
    });
    upstream.once("error", reject);
    upstream.end(body);
  });
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.once("end", async () => {
      const start = turn++;
      const order = ports.map((_, i) => ports[(start + i) % ports.length]!).sort((x, y) => Number(down.has(x)) - Number(down.has(y)));
      const repeatable = req.method === "GET" || req.method === "HEAD";
      for (const [i, port] of order.entries()) {
        try {
          const answer = await forward(port, req, Buffer.concat(chunks));
          const { connection: _c, "keep-alive": _k, "transfer-encoding": _t, ...headers } = answer.headers;
          res.writeHead(answer.status, { ...headers, "content-length": answer.body.length, "x-backend": String(port) });
          res.end(answer.body);
          return;
        } catch {
          down.add(port);
          if (!repeatable || i === order.length - 1) break;
          retried++;
        }
      }
      res.writeHead(502, { "content-type": "text/plain" }).end("Bad gateway");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    retried: () => retried,
    async close() {
      clearInterval(checks);
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/**
 * A real SMTP server, as small as the protocol allows (no TLS, no authentication): it accepts every message
 * and keeps its envelope, so a test sees exactly what was delivered, and how often.
 */
async function startSmtpSink() {
  const messages: { from: string; to: string[]; data: string }[] = [];
  const server = createTcpServer((socket) => {
    socket.setEncoding("utf8");
    socket.on("error", () => {});
    const reply = (line: string) => socket.write(`${line}\r\n`);
    let buffered = "";
    let inData = false;
    let current = { from: "", to: [] as string[], data: "" };
    reply("220 sink.test ESMTP");
    socket.on("data", (chunk: string) => {
      buffered += chunk;
      for (let end = buffered.indexOf("\r\n"); end >= 0; end = buffered.indexOf("\r\n")) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            messages.push(current);
            current = { from: "", to: [], data: "" };
            reply("250 OK: queued");
          } else current.data += `${line.startsWith(".") ? line.slice(1) : line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        const address = /<([^>]*)>/.exec(line)?.[1] ?? "";
        if (verb === "EHLO") reply("250-sink.test\r\n250 8BITMIME");
        else if (verb === "MAIL") {
          current.from = address;
          reply("250 OK");
        } else if (verb === "RCPT") {
          current.to.push(address);
          reply("250 OK");
        } else if (verb === "DATA") {
          inData = true;
          reply("354 End data with <CR><LF>.<CR><LF>");
        } else if (verb === "RSET") {
          current = { from: "", to: [], data: "" };
          reply("250 OK");
        } else if (verb === "QUIT") {
          reply("221 Bye");
          socket.end();
        }
        else reply("250 OK");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise((r) => server.close(r)) };
}
