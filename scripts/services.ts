// Makes sure the services the app and its tests need are answering, starting them where this machine
// allows (the commands are this machine kind's own), or says exactly what to do.
import { execSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { connect } from "node:net";

function answers(port: number, host = "127.0.0.1", timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function waitFor(port: number, seconds: number): Promise<boolean> {
  for (let i = 0; i < seconds * 4; i++) {
    if (await answers(port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

function run(cmd: string): boolean {
  return spawnSync("bash", ["-c", cmd], { stdio: "inherit" }).status === 0;
}

export async function ensurePostgres(): Promise<void> {
  if (await answers(5432)) return;
  console.log("PostgreSQL is not answering on 127.0.0.1:5432: starting it…");
  if (existsSync("/etc/postgresql")) {
    const version = readdirSync("/etc/postgresql")[0];
    run(`pg_ctlcluster --skip-systemctl-redirect ${version} main start`);
  }
  if (!(await waitFor(5432, 20))) {
    throw new Error("PostgreSQL is not running. Start it (e.g. `pg_ctlcluster --skip-systemctl-redirect 15 main start`) or set DATABASE_URL.");
  }
}

export async function ensureRedis(): Promise<void> {
  if (await answers(6379)) return;
  console.log("Redis is not answering on 127.0.0.1:6379: starting it…");
  run(`mkdir -p /var/lib/redis /var/log/redis && redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log`);
  if (!(await waitFor(6379, 20))) {
    throw new Error("Redis is not running. Start it (`redis-server --daemonize yes --port 6379`) or set REDIS_URL.");
  }
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}. Install Debian's package: sudo apt-get update && sudo apt-get install -y chromium`);
  }
  console.log("Installing Debian's chromium for the end-to-end tests (about a minute)…");
  execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null", { stdio: "inherit" });
  if (!existsSync(CHROMIUM)) throw new Error("Installing chromium failed: run `apt-get install -y chromium` and try again.");
}
