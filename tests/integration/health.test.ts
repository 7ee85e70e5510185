// /livez, /readyz and the checks behind them: what each says when the database, Redis or the upload
// directory is down. The checks are given clients on addresses where nothing listens, as during an outage.
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { db, redis } from "../../app/server/connections.server";
import { resetEnvCache } from "../../app/server/env.server";
import { checkDatabase, checkRedis, checkStorage, readinessOf, type CheckName } from "../../app/server/health.server";
import { localDiskStorage } from "../../app/server/attachments/local-disk-storage.server";
import { startAppServer } from "../support/server";

let app: Awaited<ReturnType<typeof startAppServer>>;
let scratch: string;
beforeAll(async () => {
  app = await startAppServer();
  scratch = await mkdtemp(join(tmpdir(), "civic-health-"));
});
afterAll(async () => {
  await app?.close();
  await rm(scratch, { recursive: true, force: true });
});

describe("over HTTP", () => {
  it("/livez answers 200 without asking anything", async () => {
    const res = await fetch(`${app.url}/livez`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.text()).toBe("ok");
  });

  it("/readyz answers 200 and names each check when all are up", async () => {
    const res = await fetch(`${app.url}/readyz`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ status: "ready", checks: { database: "ok", redis: "ok", storage: "ok" }, down: [] });
  });

  it("/readyz answers 503 naming storage when the upload directory cannot be written", async () => {
    const before = process.env.UPLOAD_DIR;
    const file = join(scratch, "not-a-directory");
    await writeFile(file, "x");
    process.env.UPLOAD_DIR = file;
    resetEnvCache();
    try {
      const res = await fetch(`${app.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: "not ready", checks: { database: "ok", redis: "ok", storage: "down" }, down: ["storage"] });
      // Liveness asks nothing, so it stays 200: the process needs no restart.
      expect((await fetch(`${app.url}/livez`)).status).toBe(200);
    } finally {
      if (before === undefined) delete process.env.UPLOAD_DIR;
      else process.env.UPLOAD_DIR = before;
      resetEnvCache();
    }
  });

  it("/healthz is still the database probe", async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok");
  });
});

describe("the checks", () => {
  it("say the database and Redis are up when they are", async () => {
    expect(await checkDatabase(db())).toEqual({ ok: true });
    expect(await checkRedis(redis())).toEqual({ ok: true });
  });

  it("say the database is down when nothing answers at its address", async () => {
    const gone = createDb("postgres://civic:civic@127.0.0.1:1/civic", { max: 1 });
    try {
      expect((await checkDatabase(gone)).ok).toBe(false);
    } finally {
      await gone.destroy();
    }
  });

  it("say Redis is down when nothing answers at its address", async () => {
    const gone = new Redis("redis://127.0.0.1:1", { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null });
    gone.on("error", () => {});
    try {
      expect((await checkRedis(gone)).ok).toBe(false);
    } finally {
      gone.disconnect();
    }
  });

  it("say storage is up for a writable directory, made if missing", async () => {
    expect(await checkStorage(localDiskStorage(join(scratch, "uploads", "new")))).toEqual({ ok: true });
  });

  it("say storage is down when the upload path is a file, or a directory that cannot be written", async () => {
    const file = join(scratch, "a-file");
    await writeFile(file, "x");
    expect((await checkStorage(localDiskStorage(file))).ok).toBe(false);
    expect((await checkStorage(localDiskStorage(join(file, "below")))).ok).toBe(false);
    if (process.getuid?.() !== 0) {
      const locked = join(scratch, "locked");
      await checkStorage(localDiskStorage(locked));
      await chmod(locked, 0o500);
      expect((await checkStorage(localDiskStorage(locked))).ok).toBe(false);
    }
  });
});

describe("the readiness answer", () => {
  const names: CheckName[] = ["database", "redis", "storage"];
  it("is 503 naming exactly the checks that failed, and 200 only when none did", () => {
    fc.assert(
      fc.property(fc.record({ database: fc.boolean(), redis: fc.boolean(), storage: fc.boolean() }), (up) => {
        const results = Object.fromEntries(names.map((n) => [n, up[n] ? { ok: true } : { ok: false, error: `${n} refused` }])) as Parameters<typeof readinessOf>[0];
        const answer = readinessOf(results);
        const down = names.filter((n) => !up[n]);
        expect(answer.body.down).toEqual(down);
        expect(answer.status).toBe(down.length ? 503 : 200);
        for (const n of names) expect(answer.body.checks[n]).toBe(up[n] ? "ok" : "down");
        // The errors are for the log; the body names the check only.
        expect(JSON.stringify(answer.body)).not.toContain("refused");
      }),
    );
  });
});
