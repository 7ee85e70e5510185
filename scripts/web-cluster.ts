// The web tier: WEB_CONCURRENCY web processes (server.ts) answering on one PORT, through node:cluster
// (Node 20 has no reusePort). This primary holds the port and hands each new connection to its web
// processes in turn; it never loads the app itself. One that dies is replaced after the supervisor's
// back-off while the others go on serving; SIGTERM or SIGINT asks each to close (server.ts finishes the
// requests under way), replaces none, and exits 0 once all have. `npm start` supervises this process as
// "web" (decision 020).
import cluster, { type Worker } from "node:cluster";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { webConcurrency } from "../app/server/web-concurrency.server";
import { DEFAULT_BACKOFF, nextRestart, type Backoff } from "./supervisor";

interface Slot {
  /** 1…count: which of the web processes, the same across its replacements. */
  n: number;
  worker?: Worker;
  startedAt: number;
  failures: number;
  restart?: NodeJS.Timeout;
  /** The pid of the process this slot's next start replaces. */
  replaces?: number;
}

export interface WebCluster {
  /** SIGTERM to each web process; none is replaced from now on. Resolves once all have exited. */
  stop(): Promise<void>;
}

export function runWebCluster(count: number, backoff: Backoff = DEFAULT_BACKOFF): WebCluster {
  const log = pino({ level: process.env.LOG_LEVEL ?? "info", base: { process: "web-primary" } });
  // Each web process runs server.ts with this process's own node options (`--import tsx`).
  cluster.setupPrimary({ exec: fileURLToPath(new URL("../server.ts", import.meta.url)) });
  const slots: Slot[] = Array.from({ length: count }, (_, i) => ({ n: i + 1, startedAt: 0, failures: 0 }));
  let stopping: Promise<void> | undefined;

  function start(slot: Slot) {
    slot.restart = undefined;
    slot.startedAt = Date.now();
    const worker = cluster.fork();
    slot.worker = worker;
    const pid = worker.process.pid;
    const replaces = slot.replaces;
    slot.replaces = undefined;
    log.info({ web: slot.n, pid, replaces }, replaces
      ? `web process ${slot.n} started (pid ${pid}), replacing pid ${replaces}`
      : `web process ${slot.n} of ${count} started (pid ${pid})`);
    worker.once("exit", (code, signal) => {
      slot.worker = undefined;
      const uptimeMs = Date.now() - slot.startedAt;
      const how = `exited (${signal ?? `code ${code}`})`;
      if (stopping) {
        log.info({ web: slot.n, pid, code, signal }, `web process ${slot.n} (pid ${pid}) ${how}`);
        return;
      }
      const { failures, delayMs } = nextRestart(slot.failures, uptimeMs, backoff);
      slot.failures = failures;
      slot.replaces = pid;
      log.warn(
        { web: slot.n, pid, code, signal, uptimeMs, failures, delayMs },
        `web process ${slot.n} (pid ${pid}) ${how} after ${(uptimeMs / 1000).toFixed(1)} s; replacing it in ${delayMs / 1000} s`,
      );
      slot.restart = setTimeout(() => start(slot), delayMs);
    });
  }

  for (const slot of slots) start(slot);

  return {
    stop() {
      stopping ??= (async () => {
        for (const slot of slots) clearTimeout(slot.restart);
        const running = slots.flatMap((s) => (s.worker ? [s.worker] : []));
        const exits = running.map((w) => new Promise((resolve) => (w.isDead() ? resolve(null) : w.once("exit", resolve))));
        // Straight to server.ts's own SIGTERM handler (not worker.kill(), which first disconnects it from
        // this primary): it stops taking connections and finishes the requests it has.
        for (const w of running) w.process.kill("SIGTERM");
        await Promise.all(exits);
      })();
      return stopping;
    },
  };
}

/** WEB_CONCURRENCY, or its refusal printed and exit 1: a mistyped count is refused, never forked or restarted forever. */
export function webProcessesOrExit(): number {
  try {
    return webConcurrency();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain && cluster.isPrimary) {
  const web = runWebCluster(webProcessesOrExit());
  // A terminal's Ctrl-C reaches the web processes too; server.ts's shutdown runs once either way.
  const stop = () => void web.stop().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
