// `npm start`'s supervision: the back-off policy (pure), and the supervisor itself with tiny node
// processes that exit, run on, or ignore SIGTERM, on a fast clock (milliseconds instead of seconds).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isRunning, waitFor } from "../../support/processes";
import { DEFAULT_BACKOFF, nextRestart, supervise, type Backoff, type ProcessSpec } from "../../../scripts/supervisor";

describe("the back-off before a restart", () => {
  it("doubles from half a second while a process keeps failing, up to 30 s", () => {
    const delays: number[] = [];
    let failures = 0;
    for (let i = 0; i < 9; i++) {
      const next = nextRestart(failures, 2_000);
      failures = next.failures;
      delays.push(next.delayMs);
    }
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(failures).toBe(9);
  });

  it("starts again from half a second once a process has stayed up a minute", () => {
    expect(nextRestart(6, 59_999)).toEqual({ failures: 7, delayMs: 30_000 });
    expect(nextRestart(6, 60_000)).toEqual({ failures: 1, delayMs: 500 });
    expect(nextRestart(0, 3_600_000)).toEqual({ failures: 1, delayMs: 500 });
  });

  it("always waits between the first delay and the cap, never less after more failures", () => {
    const policy = fc.record({ initialMs: fc.integer({ min: 1, max: 5_000 }), maxMs: fc.integer({ min: 5_000, max: 120_000 }), resetAfterMs: fc.integer({ min: 1, max: 600_000 }) });
    fc.assert(fc.property(policy, fc.nat(5_000), fc.nat(1_000_000), (backoff: Backoff, failures, uptimeMs) => {
      const { delayMs } = nextRestart(failures, uptimeMs, backoff);
      expect(delayMs).toBeGreaterThanOrEqual(backoff.initialMs);
      expect(delayMs).toBeLessThanOrEqual(backoff.maxMs);
      if (uptimeMs < backoff.resetAfterMs) expect(nextRestart(failures + 1, uptimeMs, backoff).delayMs).toBeGreaterThanOrEqual(delayMs);
    }));
  });

  it("defaults to 0.5 s doubling to 30 s, reset after a minute up", () => {
    expect(DEFAULT_BACKOFF).toEqual({ initialMs: 500, maxMs: 30_000, resetAfterMs: 60_000 });
  });
});

const FAST: Backoff = { initialMs: 20, maxMs: 80, resetAfterMs: 60_000 };

function node(name: string, code: string): ProcessSpec {
  return { name, command: process.execPath, args: ["-e", code] };
}

function recorder() {
  const lines: { level: "info" | "warn"; fields: Record<string, unknown>; message: string }[] = [];
  return {
    lines,
    logger: {
      info: (fields: Record<string, unknown>, message: string) => void lines.push({ level: "info", fields, message }),
      warn: (fields: Record<string, unknown>, message: string) => void lines.push({ level: "warn", fields, message }),
    },
    restarts: (name: string) => lines.filter((l) => l.level === "warn" && l.fields.child === name && "delayMs" in l.fields),
    starts: (name: string) => lines.filter((l) => l.fields.child === name && l.message.includes("started")).length,
  };
}

describe("the supervisor", () => {
  it("restarts a process that exits, with growing delays, while the others keep running", async () => {
    const log = recorder();
    const supervisor = supervise([node("crashy", "setTimeout(() => process.exit(3), 10)"), node("steady", "setInterval(() => {}, 1000)")], { backoff: FAST, logger: log.logger });
    const steady = supervisor.pids().steady!;
    await waitFor("four restarts", async () => log.restarts("crashy").length >= 4, 10_000, 10);
    const restarts = log.restarts("crashy").slice(0, 4);
    expect(restarts.map((r) => r.fields.delayMs)).toEqual([20, 40, 80, 80]);
    expect(restarts[0]!.fields).toMatchObject({ code: 3, signal: null });
    expect(restarts[0]!.message).toMatch(/^crashy exited \(code 3\) after \d+\.\d s; restarting it in 0\.02 s$/);
    expect(supervisor.pids().steady).toBe(steady);
    expect(log.restarts("steady")).toEqual([]);

    await supervisor.stop();
    expect(isRunning(steady)).toBe(false);
    expect(supervisor.pids()).toEqual({});
    const started = log.starts("crashy");
    await new Promise((r) => setTimeout(r, 200));
    expect(log.starts("crashy")).toBe(started);
  });

  it("names the signal that killed a process", async () => {
    const log = recorder();
    const supervisor = supervise([node("web", "setInterval(() => {}, 1000)")], { backoff: FAST, logger: log.logger });
    const first = supervisor.pids().web!;
    process.kill(first, "SIGKILL");
    await waitFor("the restart", async () => supervisor.pids().web !== undefined && supervisor.pids().web !== first, 10_000, 10);
    expect(log.restarts("web")[0]!.fields).toMatchObject({ child: "web", pid: first, code: null, signal: "SIGKILL", delayMs: 20 });
    expect(log.restarts("web")[0]!.message).toMatch(/^web exited \(SIGKILL\) after/);
    await supervisor.stop();
  });

  it("restarts nothing once stopping: neither a process waiting for its restart nor one that exits on SIGTERM", async () => {
    const log = recorder();
    const slow: Backoff = { initialMs: 300, maxMs: 300, resetAfterMs: 60_000 };
    const supervisor = supervise([node("crashy", "process.exit(1)"), node("steady", "setInterval(() => {}, 1000)")], { backoff: slow, logger: log.logger });
    await waitFor("the first exit", async () => log.restarts("crashy").length === 1, 10_000, 10);
    await supervisor.stop();
    await new Promise((r) => setTimeout(r, 500));
    expect(log.starts("crashy")).toBe(1);
    expect(log.starts("steady")).toBe(1);
    expect(log.lines.find((l) => l.fields.child === "steady" && l.message.includes("exited"))?.fields).toMatchObject({ signal: "SIGTERM" });
  });

  it("kills a process that ignores SIGTERM once the grace period is over", async () => {
    const log = recorder();
    const dir = mkdtempSync(join(tmpdir(), "supervisor-"));
    const ready = join(dir, "ready");
    const code = `process.on("SIGTERM", () => {}); require("node:fs").writeFileSync(${JSON.stringify(ready)}, ""); setInterval(() => {}, 1000);`;
    const supervisor = supervise([node("stubborn", code)], { backoff: FAST, logger: log.logger });
    const pid = supervisor.pids().stubborn!;
    await waitFor("its SIGTERM handler", async () => existsSync(ready), 10_000, 10);
    const started = Date.now();
    await supervisor.stop(300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(isRunning(pid)).toBe(false);
    expect(log.lines.some((l) => l.message === "stubborn still running 0.3 s after SIGTERM: SIGKILL")).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });
});
