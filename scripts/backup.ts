// `npm run backup -- <directory>`: the database (pg_dump, custom format, as the tables' owner) and the
// upload directory (a tar of UPLOAD_DIR), into a new directory. The dump is taken first: a file written
// after it is one no row in the dump names, which restoring leaves for the hourly sweep-uploads job;
// the other order could restore a row whose file is missing. `restoreBackup` puts both back (docs/operations.md).
import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { migrationDatabaseUrl } from "../db/roles";

const run = promisify(execFile);

export const DUMP_FILE = "database.dump";
export const UPLOADS_FILE = "uploads.tar";

export async function backUp(options: { databaseUrl: string; uploadDir: string; to: string }): Promise<{ dump: string; uploads: string }> {
  await mkdir(options.to, { recursive: true, mode: 0o700 });
  const dump = join(options.to, DUMP_FILE);
  const uploads = join(options.to, UPLOADS_FILE);
  await run("pg_dump", ["--format=custom", "--file", dump, "--dbname", options.databaseUrl]);
  await mkdir(options.uploadDir, { recursive: true });
  await run("tar", ["--create", "--file", uploads, "--directory", resolve(options.uploadDir), "."]);
  return { dump, uploads };
}

/** Into an empty database and upload directory (both must exist). Roles are the server's: not restored. */
export async function restoreBackup(options: { from: string; databaseUrl: string; uploadDir: string }) {
  await run("pg_restore", ["--exit-on-error", "--no-owner", "--dbname", options.databaseUrl, join(options.from, DUMP_FILE)]);
  await mkdir(options.uploadDir, { recursive: true });
  await run("tar", ["--extract", "--file", join(options.from, UPLOADS_FILE), "--directory", resolve(options.uploadDir)]);
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const to = process.argv[2];
  if (!to) {
    console.error("Usage: npm run backup -- <directory>");
    process.exit(2);
  }
  const written = await backUp({ databaseUrl: migrationDatabaseUrl(), uploadDir: process.env.UPLOAD_DIR ?? "./var/uploads", to });
  console.log(`Backed up the database to ${written.dump} and the uploads to ${written.uploads}.`);
}
