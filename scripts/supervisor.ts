// Keeps the system's processes running for `npm start`: a process that exits is started again after a
// back-off that grows while it keeps failing soon after starting, and the others go on serving meanwhile.
// stop() ends them all and restarts nothing more. The processes are data (ProcessSpec); "web" is the web
// cluster's primary (scripts/web-cluster.ts), which replaces its own web processes.
import { spawn, type ChildProcess } from "node:child_process";
import { pino } from "pino";

export interface ProcessSpec {
  /** Names the process in the logs: "web", "worker". */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

export interface Backoff {
  /** Wait before the first restart. */
  initialMs: number;
  /** Never wait longer than this, however often it fails. */
  maxMs: number;
  /** A process that stayed up this long before exiting is restarted as if it had never failed. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 500, maxMs: 30_000, resetAfterMs: 60_000 };

/**
 * After a process has exited: how many times in a row it has now failed (exited before staying up
 * resetAfterMs), and how long to wait before starting it again — initialMs, doubled for each failure
 * before this one, at most maxMs.
 */
export function nextRestart(failuresBefore: number, uptimeMs: number, backoff: Backoff = DEFAULT_BACKOFF): { failures: number; delayMs: number } {
  const failures = uptimeMs >= backoff.resetAfterMs ? 1 : failuresBefore + 1;
  return { failures, delayMs: Math.min(backoff.maxMs, backoff.initialMs * 2 ** (failures - 1)) };
}

type Log = (fields: Record<string, unknown>, message: string) => void;
export interface SupervisorLogger {
  info: Log;
  warn: Log;
}

export interface Supervisor {
  /** The pid of each process running now, by name (one waiting to be restarted is absent). */
  pids(): Record<string, number>;
  /**
   * SIGTERM to every process, SIGKILL to any still running after graceMs; nothing is restarted from the
   * moment it is called. Resolves once every process has exited.
   */
  stop(graceMs?: number): Promise<void>;
}

interface Slot {
  spec: ProcessSpec;
  child?: ChildProcess;
  startedAt: number;
  failures: number;
  restart?: NodeJS.Timeout;
}

export function supervise(
  specs: ProcessSpec[],
  opts: { backoff?: Backoff; logger?: SupervisorLogger } = {},
): Supervisor {
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const log = opts.logger ?? pino({ level: process.env.LOG_LEVEL ?? "info", base: { process: "supervisor" } });
  const slots: Slot[] = specs.map((spec) => ({ spec, startedAt: 0, failures: 0 }));
  let stopping: Promise<void> | undefined;

  function start(slot: Slot) {
    slot.restart = undefined;
    slot.startedAt = Date.now();
    const { name, command, args, env } = slot.spec;
    const child = spawn(command, args, { stdio: "inherit", env: env ?? process.env });
    slot.child = child;
    let ended = false;
    const onEnd = (code: number | null, signal: NodeJS.Signals | null, error?: Error) => {
      if (ended) return;
      ended = true;
      slot.child = undefined;
      const uptimeMs = Date.now() - slot.startedAt;
      const how = error ? `could not start (${error.message})` : `exited (${signal ?? `code ${code}`})`;
      if (stopping) {
        log.info({ child: name, pid: child.pid, code, signal }, `${name} ${how}`);
        return;
      }
      const { failures, delayMs } = nextRestart(slot.failures, uptimeMs, backoff);
      slot.failures = failures;
      log.warn(
        { child: name, pid: child.pid, code, signal, uptimeMs, failures, delayMs },
        `${name} ${how} after ${(uptimeMs / 1000).toFixed(1)} s; restarting it in ${delayMs / 1000} s`,
      );
      slot.restart = setTimeout(() => start(slot), delayMs);
    };
    child.once("exit", (code, signal) => onEnd(code, signal));
    // Could not be spawned at all; otherwise "exit" follows and is the one that counts.
    child.once("error", (error) => {
      if (child.pid === undefined) onEnd(null, null, error);
    });
    if (child.pid !== undefined) log.info({ child: name, pid: child.pid }, `${name} started (pid ${child.pid})`);
  }

  for (const slot of slots) start(slot);

  return {
    pids() {
      return Object.fromEntries(slots.flatMap((s) => (s.child?.pid !== undefined ? [[s.spec.name, s.child.pid]] : [])));
    },
    stop(graceMs = 15_000) {
      stopping ??= (async () => {
        for (const slot of slots) clearTimeout(slot.restart);
        const running = slots.flatMap((s) => (s.child ? [{ name: s.spec.name, child: s.child }] : []));
        const exits = running.map(({ child }) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once("exit", resolve))));
        for (const { child } of running) child.kill("SIGTERM");
        const deadline = setTimeout(() => {
          for (const { name, child } of running) {
            if (child.exitCode !== null || child.signalCode !== null) continue;
            log.warn({ child: name, pid: child.pid }, `${name} still running ${graceMs / 1000} s after SIGTERM: SIGKILL`);
            child.kill("SIGKILL");
          }
        }, graceMs);
        await Promise.all(exits);
        clearTimeout(deadline);
      })();
      return stopping;
    },
  };
}
