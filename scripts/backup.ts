// `npm run backup -- <directory>`: the database (pg_dump, custom format, as the tables' owner) and every
// attachment file of the configured storage (local disk or the S3 bucket, decision 037), copied one by one
// into `files/` under its stored name, into a new directory. The dump is taken first: a file written after
// it is one no row in the dump names, which restoring leaves for the hourly sweep-uploads job; the other
// order could restore a row whose file is missing. `restoreBackup` puts both back (docs/operations.md).
import { execFile } from "node:child_process";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { isStorageName, storage, type Storage } from "../app/server/attachments/storage.server";
import { migrationDatabaseUrl } from "../db/roles";

const run = promisify(execFile);

export const DUMP_FILE = "database.dump";
export const FILES_DIR = "files";

/** Copies each stored file (streamed, one at a time) into `to/files/`; returns how many. */
async function copyFiles(from: Storage, to: string): Promise<number> {
  await mkdir(to, { recursive: true, mode: 0o700 });
  let copied = 0;
  for await (const entry of from.list()) {
    if (entry.temporary) continue;
    const file = await from.open(entry.name);
    if (!file) continue; // removed since it was listed: its row is gone too
    await pipeline(Readable.fromWeb(file.body as import("node:stream/web").ReadableStream), createWriteStream(join(to, entry.name), { mode: 0o600 }));
    copied++;
  }
  return copied;
}

export async function backUp(options: { databaseUrl: string; storage: Storage; to: string }): Promise<{ dump: string; files: string; count: number }> {
  await mkdir(options.to, { recursive: true, mode: 0o700 });
  const dump = join(options.to, DUMP_FILE);
  const files = join(options.to, FILES_DIR);
  await run("pg_dump", ["--format=custom", "--file", dump, "--dbname", options.databaseUrl]);
  const count = await copyFiles(options.storage, files);
  return { dump, files, count };
}

/** Into an empty database (it must exist) and a storage (a directory or a bucket). Roles are the server's: not restored. */
export async function restoreBackup(options: { from: string; databaseUrl: string; storage: Storage }): Promise<{ count: number }> {
  await run("pg_restore", ["--exit-on-error", "--no-owner", "--dbname", options.databaseUrl, join(options.from, DUMP_FILE)]);
  let count = 0;
  for (const name of await readdir(join(options.from, FILES_DIR))) {
    if (!isStorageName(name)) continue;
    await options.storage.putAs(name, createReadStream(join(options.from, FILES_DIR, name)));
    count++;
  }
  return { count };
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const to = process.argv[2];
  if (!to) {
    console.error("Usage: npm run backup -- <directory>");
    process.exit(2);
  }
  const store = storage();
  const written = await backUp({ databaseUrl: migrationDatabaseUrl(), storage: store, to });
  console.log(`Backed up the database to ${written.dump} and ${written.count} files from ${store.driver === "s3" ? "the S3 bucket" : "the upload directory"} to ${written.files}.`);
}
