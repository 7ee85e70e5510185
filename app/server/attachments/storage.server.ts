// Where attachments' bytes live, behind one interface with two drivers (decision 037): files in UPLOAD_DIR on
// local disk (the demo's default) or objects in an S3-compatible bucket, chosen by STORAGE_DRIVER. Every
// stored file has a name the server generates (random hex + the detected type's extension) and is only
// ever found by a stored name that matches that pattern, never by anything a user sent. Bytes go in and
// out as streams: a driver holds at most a chunk (local disk) or one multipart part (S3) in memory.
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { env, type Env } from "../env.server";
import { localDiskStorage } from "./local-disk-storage.server";
import { s3Storage } from "./s3-storage.server";
import type { Storage } from "./storage-driver.server";

export { isStorageName, newStorageName, StoredFileTooLarge, type ByteSource, type Storage, type StoredEntry, type StoredFile } from "./storage-driver.server";

function storageKey(e: Env): string {
  return JSON.stringify(e.STORAGE_DRIVER === "s3"
    ? ["s3", e.S3_ENDPOINT, e.S3_BUCKET, e.S3_REGION, e.S3_ACCESS_KEY_ID, e.S3_SECRET_ACCESS_KEY, e.S3_FORCE_PATH_STYLE]
    : ["local", resolve(e.UPLOAD_DIR)]);
}

let current: { key: string; storage: Storage } | undefined;

/** The configured storage; made again when the configuration changes (tests point a worker elsewhere). */
export function storage(): Storage {
  const e = env();
  const key = storageKey(e);
  if (current?.key !== key) {
    current = {
      key,
      storage: e.STORAGE_DRIVER === "s3"
        ? s3Storage({
          endpoint: e.S3_ENDPOINT, bucket: e.S3_BUCKET!, region: e.S3_REGION, forcePathStyle: e.S3_FORCE_PATH_STYLE === "true",
          credentials: e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY } : undefined,
        })
        : localDiskStorage(resolve(e.UPLOAD_DIR)),
    };
  }
  return current.storage;
}

/** The local-disk directory (UPLOAD_DIR), whichever driver is in use. */
export function uploadDir(): string {
  return resolve(env().UPLOAD_DIR);
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Writes bytes already in memory (the tests' files) and returns the name; uploads stream in through receiveFile. */
export async function storeFile(bytes: Uint8Array, ext: string): Promise<string> {
  return (await storage().put([bytes], { ext, maxBytes: bytes.byteLength })).storageName;
}

export async function removeFile(storageName: string): Promise<void> {
  await storage().remove(storageName);
}

export async function openFile(storageName: string) {
  return storage().open(storageName);
}

/**
 * Removes stored files that no attachment row names: left by a crash between writing a file and committing
 * its row, or between deleting a row and its file. Only files older than `olderThan` are considered, so an
 * upload in progress is never touched; only names this module generates are removed. `referenced` answers
 * which of the given stored names still have a row; it is asked 1,000 names at a time.
 */
export async function sweepOrphanFiles(olderThan: Date, referenced: (names: string[]) => Promise<Set<string>>, store: Storage = storage()): Promise<string[]> {
  const removed: string[] = [];
  let batch: string[] = [];
  const settle = async () => {
    const keep = batch.length ? await referenced(batch) : new Set<string>();
    for (const name of batch) {
      if (keep.has(name)) continue;
      await store.remove(name);
      removed.push(name);
    }
    batch = [];
  };
  for await (const entry of store.list()) {
    if (entry.modified >= olderThan) continue;
    if (entry.temporary) {
      await store.remove(entry.name);
      removed.push(entry.name);
      continue;
    }
    batch.push(entry.name);
    if (batch.length >= 1_000) await settle();
  }
  await settle();
  return removed;
}
