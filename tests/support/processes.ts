// Real processes for resilience tests: a private redis-server per test file (never the shared one) that a
// test can stop and start again on the same port, job workers run as child processes
// (`node --import tsx jobs/worker.ts`) that a test can kill -9 or stop with SIGTERM, web processes run
// alone (`node --import tsx server.ts`, as each machine behind a load balancer runs one), and the whole system
// as `npm start` runs it (scripts/start.ts: a supervisor and the processes it restarts).
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
type Kind = "redis" | "worker" | "web" | "system";
const live = new Map<ChildProcess, Kind>();
/** Process groups of systems started here: everything `npm start` ran, supervisor and its processes included. */
const groups = new Set<number>();

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("error", () => done(false));
    socket.connect(port, "127.0.0.1", () => socket.write("PING\r\n"));
    socket.once("data", (d) => done(d.toString().startsWith("+PONG")));
  });
}

export interface Child {
  proc: ChildProcess;
  pid: number;
  /** Everything it printed, stdout and stderr interleaved. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: Date }>;
  kill(signal: NodeJS.Signals): void;
}

function track(proc: ChildProcess, kind: Kind): Child {
  let out = "";
  proc.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: Date }>((resolve) => {
    proc.once("exit", (code, signal) => {
      live.delete(proc);
      resolve({ code, signal, at: new Date() });
    });
    // Could not start at all (e.g. no redis-server on the PATH).
    proc.once("error", (error) => {
      out += `${error.message}\n`;
      live.delete(proc);
      resolve({ code: null, signal: null, at: new Date() });
    });
  });
  const child: Child = {
    proc,
    pid: proc.pid!,
    output: () => out,
    exited,
    kill: (signal) => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    },
  };
  live.set(proc, kind);
  return child;
}

/** An in-memory redis-server (no RDB, no AOF) on this port; `stop()` loses everything in it, as a crash would. */
export async function startRedis(port: number) {
  const child = track(spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] }), "redis");
  await Promise.race([
    waitFor(`redis-server on ${port}`, () => ping(port), 10_000, 50),
    child.exited.then(() => {
      throw new Error(`redis-server did not start (the resilience tests need it on the PATH):\n${child.output()}`);
    }),
  ]);
  return {
    url: `redis://127.0.0.1:${port}`,
    child,
    async stop() {
      child.kill("SIGKILL");
      await child.exited;
    },
  };
}

/**
 * A script of ours as a child process (`node --import tsx <script>`, in the repository), resolved once
 * `started` says so; it fails with the child's output if the child exits first.
 */
async function startScript(script: string, kind: "worker" | "web", env: Record<string, string>, what: string, started: (child: Child) => Promise<boolean>, timeoutMs: number) {
  const child = track(spawn(process.execPath, ["--import", "tsx", script], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  }), kind);
  await Promise.race([
    waitFor(what, () => started(child), timeoutMs, 100),
    child.exited.then(({ code }) => {
      throw new Error(`${script} exited (${code}) before ${what}:\n${child.output()}`);
    }),
  ]);
  return child;
}

/** The job worker as its own process. Resolves once it has registered its schedules and logged "worker started". */
export function startWorkerProcess(env: Record<string, string>) {
  return startScript("jobs/worker.ts", "worker", env, "the worker to start", async (child) => child.output().includes("worker started"), 60_000);
}

/**
 * One web process (`server.ts`, the built app: run `npm run build` first) on env.PORT, as one machine behind
 * a load balancer runs it, not under the cluster primary. Resolves once it answers /readyz (database, Redis
 * and the upload directory all there).
 */
export function startWebProcess(env: Record<string, string>) {
  return startScript("server.ts", "web", env, `the web process on ${env.PORT} to be ready`, () => ready(`http://127.0.0.1:${env.PORT}`), 90_000);
}

/** The worker's log lines (pino JSON) that say a job of this id completed. */
export function completions(worker: Child, jobId: string): number {
  return worker.output().split("\n").filter((l) => l.includes("\"job completed\"") && l.includes(`"id":"${jobId}"`)).length;
}

/**
 * `npm start` itself (without its build step: the tests build first), with this environment, in a process
 * group of its own so that cleaning up can end everything it started. Resolves once the site answers /healthz.
 */
export async function startSystem(env: Record<string, string>) {
  const child = track(spawn("npm", ["start", "--silent"], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "info", START_SKIP_BUILD: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  }), "system");
  groups.add(child.pid);
  await Promise.race([
    waitFor("the system's web process to answer", () => healthy(`http://127.0.0.1:${env.PORT}`), 90_000, 200),
    child.exited.then(({ code }) => {
      throw new Error(`npm start exited (${code}) before answering:\n${child.output()}`);
    }),
  ]);
  return child;
}

/** True while a process of this pid exists (one that has exited and been reaped does not). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pids whose parent is this pid, read from Linux's /proc (as `pgrep -P` does). */
export function childrenOf(pid: number): number[] {
  return readdirSync("/proc").filter((d) => /^\d+$/.test(d)).flatMap((d) => {
    try {
      // "pid (command) state ppid …": the command may hold spaces and parentheses, so read after the last ")".
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid ? [Number(d)] : [];
    } catch {
      return []; // exited while being read
    }
  });
}

/** The process's command line, its arguments joined by spaces ("" once it has exited). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
  } catch {
    return "";
  }
}

/**
 * The client-side ports of the TCP connections to this local port that this process holds open, from
 * /proc/<pid>/fd and /proc/net/tcp: which process a connection was handed to, seen from outside it.
 */
export function connectionsHeldBy(pid: number, port: number): number[] {
  let inodes: Set<string>;
  try {
    inodes = new Set(readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        return [/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? []].flat();
      } catch {
        return [];
      }
    }));
  } catch {
    return [];
  }
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …; state 01 is ESTABLISHED.
  // A server listening on no particular address takes IPv4 connections on an IPv6 socket: tcp6 lists them.
  const table = ["/proc/net/tcp", "/proc/net/tcp6"].map((f) => readFileSync(f, "utf8").split("\n").slice(1)).flat();
  return table.flatMap((line) => {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || !f[1]!.endsWith(`:${hexPort}`) || f[3] !== "01" || !inodes.has(f[9]!)) return [];
    return [parseInt(f[2]!.split(":")[1]!, 16)];
  });
}

/** The web processes of a web cluster's primary running now: its children that run server.ts (tsx's esbuild is one too). */
export function webProcessesOf(primary: number): number[] {
  return childrenOf(primary).filter((pid) => commandLine(pid).endsWith("server.ts")).sort((a, b) => a - b);
}

/** A connection of its own that has had /healthz answered 200 on it and stays open (keep-alive). */
async function answeredConnection(port: number): Promise<Socket> {
  const socket = new Socket();
  await new Promise<void>((resolve, reject) => {
    let answer = "";
    socket.once("error", reject);
    socket.on("data", (chunk: Buffer) => {
      answer += chunk.toString();
      if (!answer.includes("\r\n\r\n")) return;
      if (answer.startsWith("HTTP/1.1 200 ")) resolve();
      else reject(new Error(`/healthz answered ${answer.split("\r\n")[0]}`));
    });
    socket.connect(port, "127.0.0.1", () => socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`));
  });
  return socket;
}

/**
 * Opens `connections` connections to the port one after another (a cluster's primary hands them out in
 * turn), has /healthz answered 200 on each and, while they are still open, says which of these processes
 * holds each: how many each answered, and how many none of them holds. Seen from outside, through /proc.
 */
export async function answeredBy(port: number, pids: number[], connections = 6): Promise<{ byPid: Map<number, number>; elsewhere: number }> {
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < connections; i++) sockets.push(await answeredConnection(port));
    const held = new Map(pids.map((pid) => [pid, new Set(connectionsHeldBy(pid, port))]));
    const byPid = new Map(pids.map((pid) => [pid, sockets.filter((s) => held.get(pid)!.has(s.localPort!)).length]));
    return { byPid, elsewhere: sockets.filter((s) => !pids.some((pid) => held.get(pid)!.has(s.localPort!))).length };
  } finally {
    for (const s of sockets) s.destroy();
  }
}

/** True when the site answers /healthz with 200. */
export const healthy = (url: string) => answersOk(`${url}/healthz`);

/** True when the site answers /readyz with 200 (what a load balancer's health check asks). */
export const ready = (url: string) => answersOk(`${url}/readyz`);

async function answersOk(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** What the supervisor logged (pino JSON lines of process "supervisor"): each start, exit and restart. */
export function supervisorLog(system: Child): { msg: string; child: string; pid: number; code?: number | null; signal?: string | null; delayMs?: number }[] {
  return system.output().split("\n").filter((l) => l.startsWith("{") && l.includes("\"process\":\"supervisor\""))
    .map((l) => JSON.parse(l) as ReturnType<typeof supervisorLog>[number]);
}

/** Every pid the supervisor started, by name, oldest first. */
export function supervisedPids(system: Child): Record<string, number[]> {
  const pids: Record<string, number[]> = {};
  for (const l of supervisorLog(system)) if (/ started \(pid \d+\)$/.test(l.msg)) (pids[l.child] ??= []).push(l.pid);
  return pids;
}

/** Kills the processes this file started that are still running: workers only, or every one (redis and systems too). */
export async function killAll(which: "workers" | "all" = "all") {
  const doomed = [...live].filter(([, kind]) => which === "all" || kind === "worker").map(([p]) => p);
  const waiting = doomed.map((p) => new Promise((r) => (p.exitCode !== null || p.signalCode !== null ? r(null) : p.once("exit", r))));
  for (const p of doomed) p.kill("SIGKILL");
  if (which === "all") {
    for (const pgid of groups) {
      try {
        process.kill(-pgid, "SIGKILL");
      } catch {
        // the whole group has exited
      }
    }
    groups.clear();
  }
  await Promise.all(waiting);
}
