// Child processes of a benchmark (the web server, the job worker, a bare server): stopped together at the
// end as a deployment would stop them, SIGTERM first, SIGKILL for one still running 15 s later.
import type { ChildProcess } from "node:child_process";

export async function stopChildren(children: ChildProcess[]): Promise<void> {
  await Promise.all(children.map((c) => new Promise((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve(null);
    c.once("exit", resolve);
    c.kill("SIGTERM");
    setTimeout(() => c.kill("SIGKILL"), 15_000).unref();
  })));
}
