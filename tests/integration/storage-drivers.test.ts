// The storage contract (decision 037), held by both drivers: local disk (a temporary directory) and S3 (a
// real s3rver on a loopback port). What goes in comes out byte for byte, with the size and SHA-256 computed
// while it streamed; an upload that fails or passes its limit leaves nothing; a missing file is null; only
// generated names are ever used; the orphan sweep removes old unreferenced files and nothing else.
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDiskStorage } from "../../app/server/attachments/local-disk-storage.server";
import { s3Storage } from "../../app/server/attachments/s3-storage.server";
import { isStorageName, StoredFileTooLarge, sweepOrphanFiles, type Storage } from "../../app/server/attachments/storage.server";
import { S3_TEST_BUCKET, S3_TEST_CREDENTIALS, startS3Server, type RunningS3 } from "../support/s3-server";

let s3: RunningS3;
let dir: string;
const drivers: Record<"local" | "s3", () => Storage> = {
  local: () => localDiskStorage(dir),
  s3: () => s3Storage({ endpoint: s3.endpoint, bucket: S3_TEST_BUCKET, region: "us-east-1", forcePathStyle: true, credentials: S3_TEST_CREDENTIALS }),
};

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  s3 = await startS3Server();
  dir = await mkdtemp(join(tmpdir(), "civic-storage-"));
});
afterAll(async () => {
  await s3?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const read = async (body: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(body).arrayBuffer());
const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
async function names(store: Storage): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of store.list()) out.push(entry.name);
  return out.sort();
}
async function* failingAfter(bytes: Uint8Array) {
  yield bytes;
  throw new Error("the client went away");
}

describe.each(["local", "s3"] as const)("the %s driver", (driver) => {
  let store: Storage;
  beforeAll(() => {
    store = drivers[driver]();
  });

  it("gives back what was put, in any chunking, with its size and SHA-256 and a generated name", async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.uint8Array({ minLength: 0, maxLength: 3000 }), { minLength: 1, maxLength: 5 }), fc.constantFrom("pdf", "png", "csv"), async (chunks, ext) => {
      const whole = new Uint8Array(Buffer.concat(chunks));
      const stored = await store.put(chunks, { ext, maxBytes: whole.byteLength });
      expect(isStorageName(stored.storageName)).toBe(true);
      expect(stored.storageName.endsWith(`.${ext}`)).toBe(true);
      expect(stored).toMatchObject({ size: whole.byteLength, sha256: sha(whole) });
      const opened = await store.open(stored.storageName);
      expect(opened!.size).toBe(whole.byteLength);
      expect(await read(opened!.body)).toEqual(whole);
      await store.remove(stored.storageName);
      expect(await store.open(stored.storageName)).toBeNull();
    }), { numRuns: 15 });
  });

  it("streams a file larger than one multipart part (6 MiB) in and out", async () => {
    const part = new Uint8Array(64 * 1024).map((_, i) => i % 251);
    async function* chunks() {
      for (let i = 0; i < 96; i++) yield part;
    }
    const stored = await store.put(chunks(), { ext: "pdf", maxBytes: 10 * 1024 * 1024 });
    expect(stored.size).toBe(6 * 1024 * 1024);
    const opened = await store.open(stored.storageName);
    expect(opened!.size).toBe(6 * 1024 * 1024);
    const back = await read(opened!.body);
    expect(sha(back)).toBe(stored.sha256);
    await store.remove(stored.storageName);
  });

  it("keeps nothing of a file over its limit or a body that fails half-way", async () => {
    const before = await names(store);
    await expect(store.put([new Uint8Array(600), new Uint8Array(600)], { ext: "pdf", maxBytes: 1000 })).rejects.toBeInstanceOf(StoredFileTooLarge);
    await expect(store.put(failingAfter(new Uint8Array(2048)), { ext: "pdf", maxBytes: 10_000 })).rejects.toThrow(/went away/);
    expect(await names(store)).toEqual(before);
    if (driver === "local") {
      // Not even a temporary file.
      const all: string[] = [];
      for await (const entry of store.list()) all.push(entry.name);
      expect(all.filter((n) => n.endsWith(".tmp"))).toEqual([]);
    }
  });

  it("answers null for a missing file, removes a missing one quietly, and refuses names it did not generate", async () => {
    expect(await store.open(`${"0".repeat(32)}.pdf`)).toBeNull();
    await store.remove(`${"0".repeat(32)}.pdf`);
    for (const name of ["../../etc/passwd", "plan.pdf", `${"a".repeat(32)}.pdf/../x`, ""]) {
      await expect(store.open(name)).rejects.toThrow(/generated/);
      await expect(store.remove(name)).rejects.toThrow(/generated/);
      await expect(store.putAs(name, [new Uint8Array(1)])).rejects.toThrow(/generated/);
    }
  });

  it("puts a file back under its own name (a restore)", async () => {
    const stored = await store.put([new Uint8Array([1, 2, 3])], { ext: "png", maxBytes: 3 });
    await store.remove(stored.storageName);
    await store.putAs(stored.storageName, [new Uint8Array([1, 2, 3])]);
    expect(await read((await store.open(stored.storageName))!.body)).toEqual(new Uint8Array([1, 2, 3]));
    await store.remove(stored.storageName);
  });

  it("sweeps old files no row names, and keeps referenced and recent ones", async () => {
    const orphan = (await store.put([new Uint8Array([1])], { ext: "pdf", maxBytes: 1 })).storageName;
    const kept = (await store.put([new Uint8Array([2])], { ext: "pdf", maxBytes: 1 })).storageName;
    const asked: string[] = [];
    const referenced = async (given: string[]) => {
      asked.push(...given);
      return new Set(given.filter((n) => n === kept));
    };
    // Everything is recent: nothing is even considered.
    expect(await sweepOrphanFiles(new Date(Date.now() - 60 * 60 * 1000), referenced, store)).toEqual([]);
    expect(asked).toEqual([]);
    // Everything counts as old (S3 keeps whole seconds, so the cut-off is in the future).
    expect(await sweepOrphanFiles(new Date(Date.now() + 60_000), referenced, store)).toEqual([orphan]);
    expect(asked.sort()).toEqual([kept, orphan].sort());
    expect(await store.open(orphan)).toBeNull();
    expect(await store.open(kept)).not.toBeNull();
    await store.remove(kept);
  });

  it("says it is ready", async () => {
    await expect(store.check()).resolves.toBeUndefined();
  });
});

describe("when the storage cannot be reached", () => {
  it("the S3 check fails quickly for a stopped server and for a bucket that does not exist", async () => {
    const missing = s3Storage({ endpoint: s3.endpoint, bucket: "no-such-bucket", region: "us-east-1", forcePathStyle: true, credentials: S3_TEST_CREDENTIALS });
    await expect(missing.check()).rejects.toThrow();
    const store = drivers.s3();
    await s3.stop();
    try {
      const started = Date.now();
      await expect(store.check()).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      await s3.start();
    }
    await expect(store.check()).resolves.toBeUndefined();
  });
});
