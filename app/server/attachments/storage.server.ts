// Where attachments' bytes live: files in UPLOAD_DIR (local disk), each under a name the server generates
// (random hex + the detected type's extension). A file is written to a temporary name and renamed into
// place, so a reader never sees half a file. Files are only ever found by a stored name that matches the
// generated pattern, never by anything a user sent.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Readable } from "node:stream";
import { env } from "../env.server";

const STORAGE_NAME = /^[0-9a-f]{32}\.[a-z0-9]{1,10}$/;

export function uploadDir(): string {
  return resolve(env().UPLOAD_DIR);
}

function pathOf(storageName: string): string {
  if (!STORAGE_NAME.test(storageName)) throw new Error("not a generated storage name");
  return resolve(uploadDir(), storageName);
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Writes the bytes under a new generated name (atomically) and returns that name. */
export async function storeFile(bytes: Uint8Array, ext: string): Promise<string> {
  const dir = uploadDir();
  await mkdir(dir, { recursive: true, mode: 0o750 });
  const storageName = `${randomBytes(16).toString("hex")}.${ext}`;
  const final = pathOf(storageName);
  const temp = resolve(dir, `.${storageName}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await writeFile(temp, bytes, { mode: 0o640, flag: "wx" });
    await rename(temp, final);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return storageName;
}

export async function removeFile(storageName: string): Promise<void> {
  await rm(pathOf(storageName), { force: true });
}

/** The stored file as a web stream with its size, or null if it is missing from disk. */
export async function openFile(storageName: string): Promise<{ body: ReadableStream<Uint8Array>; size: number } | null> {
  const path = pathOf(storageName);
  try {
    const info = await stat(path);
    if (!info.isFile()) return null;
    return { body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>, size: info.size };
  } catch {
    return null;
  }
}

const TEMP_NAME = /^\.[0-9a-f]{32}\.[a-z0-9]{1,10}\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes files in UPLOAD_DIR that no attachment row names: left by a crash between writing a file and
 * committing its row, or between deleting a row and its file. Only files older than `olderThan` are
 * considered, so an upload in progress is never touched; only names this module generates are removed.
 * `referenced` answers which of the given stored names still have a row.
 */
export async function sweepOrphanFiles(olderThan: Date, referenced: (names: string[]) => Promise<Set<string>>): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(uploadDir());
  } catch {
    return []; // no directory: nothing was ever uploaded
  }
  const old: string[] = [];
  for (const name of entries) {
    if (!STORAGE_NAME.test(name) && !TEMP_NAME.test(name)) continue;
    const info = await stat(resolve(uploadDir(), name)).catch(() => null);
    if (info?.isFile() && info.mtime < olderThan) old.push(name);
  }
  const stored = old.filter((n) => STORAGE_NAME.test(n));
  const keep = stored.length ? await referenced(stored) : new Set<string>();
  const removed = old.filter((n) => !keep.has(n));
  for (const name of removed) await rm(resolve(uploadDir(), name), { force: true });
  return removed;
}
