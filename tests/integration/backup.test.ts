// The backup script, restored: a dump and a copy of every stored file taken of this test's database and
// storage, put back into a fresh database and a fresh storage, hold every row of every table and every file,
// byte for byte. Once with the upload directory, once with an S3 bucket (a real s3rver) on each side.
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DB } from "../../db/client";
import { migrationDatabaseUrl } from "../../db/roles";
import { localDiskStorage } from "../../app/server/attachments/local-disk-storage.server";
import { s3Storage } from "../../app/server/attachments/s3-storage.server";
import { storage, type Storage } from "../../app/server/attachments/storage.server";
import { backUp, restoreBackup } from "../../scripts/backup";
import { createAttachment, createChallenge, createMember, createProposal } from "../support/factories";
import { S3_TEST_BUCKET, S3_TEST_CREDENTIALS, startS3Server, useS3Storage, type RunningS3 } from "../support/s3-server";

// The test database's owner URL is set by the worker's setup, before each file's hooks run.
let ownerUrl: string;
let freshName: string;
let freshUrl: string;
let scratch: string;
let owner: DB;

beforeAll(async () => {
  ownerUrl = migrationDatabaseUrl();
  freshName = `${new URL(ownerUrl).pathname.slice(1)}_restored`;
  const fresh = new URL(ownerUrl);
  fresh.pathname = `/${freshName}`;
  freshUrl = fresh.toString();
  scratch = await mkdtemp(join(tmpdir(), "civic-backup-"));
  owner = createDb(ownerUrl, { max: 1 });
});

/** A proposal with two files, stored by whichever storage is configured now. */
async function createProposalWithFiles() {
  const startup = await createMember("startup");
  const council = await createMember("public_body");
  const challenge = await createChallenge(council.orgId, { status: "published" });
  const proposal = await createProposal(challenge.id, startup.orgId);
  await createAttachment({ proposalId: proposal.id }, { orgId: startup.orgId, userId: startup.user.id, name: "plan.pdf" });
  await createAttachment({ proposalId: proposal.id }, { orgId: startup.orgId, userId: startup.user.id, name: "budget.pdf", bytes: new TextEncoder().encode("%PDF-1.4\nbudget\n%%EOF\n") });
}
afterAll(async () => {
  if (owner) {
    await sql`DROP DATABASE IF EXISTS ${sql.id(freshName)} WITH (FORCE)`.execute(owner);
    await owner.destroy();
  }
  await rm(scratch, { recursive: true, force: true });
});

/** Each table's row count and a digest of all its rows, in a stable order. */
async function tableDigests(database: DB): Promise<Record<string, string>> {
  const tables = await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`.execute(database);
  const out: Record<string, string> = {};
  for (const { name } of tables.rows) {
    const row = await sql<{ n: string; digest: string | null }>`SELECT count(*)::text AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM ${sql.table(name)} AS t`.execute(database);
    out[name] = `${row.rows[0]?.n}:${row.rows[0]?.digest ?? ""}`;
  }
  return out;
}

/** Every stored file's SHA-256, by name, read back through the storage. */
async function fileDigests(store: Storage): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const names: string[] = [];
  for await (const entry of store.list()) if (!entry.temporary) names.push(entry.name);
  for (const name of names.sort()) {
    const file = await store.open(name);
    out[name] = createHash("sha256").update(Buffer.from(await new Response(file!.body).arrayBuffer())).digest("hex");
  }
  return out;
}

async function backUpAndRestore(restoredStorage: Storage, label: string) {
  await sql`DROP DATABASE IF EXISTS ${sql.id(freshName)} WITH (FORCE)`.execute(owner);
  const backup = join(scratch, `backup-${label}`);
  const written = await backUp({ databaseUrl: ownerUrl, storage: storage(), to: backup });
  await sql`CREATE DATABASE ${sql.id(freshName)}`.execute(owner);
  const restored = await restoreBackup({ from: backup, databaseUrl: freshUrl, storage: restoredStorage });
  expect(restored.count).toBe(written.count);
}

describe("backing up and restoring the upload directory", () => {
  it("restores every row of every table and every uploaded file into a fresh database and directory", async () => {
    await createProposalWithFiles();
    const restoredUploads = localDiskStorage(join(scratch, "restored-uploads"));
    await backUpAndRestore(restoredUploads, "local");

    const restored = createDb(freshUrl, { max: 1 });
    try {
      const before = await tableDigests(owner);
      const after = await tableDigests(restored);
      expect(Object.keys(before).length).toBeGreaterThan(10);
      expect(after).toEqual(before);
      expect(Number(before.attachments?.split(":")[0])).toBeGreaterThanOrEqual(2);

      const files = await fileDigests(restoredUploads);
      expect(files).toEqual(await fileDigests(storage()));
      // Every attachment row finds its file, with the bytes its checksum names.
      const rows = await restored.selectFrom("attachments").select(["storage_name", "sha256"]).execute();
      for (const row of rows) expect(files[row.storage_name], row.storage_name).toBe(row.sha256);
    } finally {
      await restored.destroy();
    }
  });
});

describe("backing up and restoring an S3 bucket", () => {
  // Called inside this describe: its hooks make the bucket the app's storage for these tests only.
  useS3Storage();
  let target: RunningS3;
  beforeAll(async () => {
    target = await startS3Server();
  });
  afterAll(async () => {
    await target?.close();
  });

  it("copies every object of the bucket, and a restore into another bucket finds every attachment's file", async () => {
    await createProposalWithFiles();
    expect(storage().driver).toBe("s3");
    const restoredBucket = s3Storage({ endpoint: target.endpoint, bucket: S3_TEST_BUCKET, region: "us-east-1", forcePathStyle: true, credentials: S3_TEST_CREDENTIALS });
    expect(Object.keys(await fileDigests(restoredBucket))).toEqual([]);
    await backUpAndRestore(restoredBucket, "s3");

    const restored = createDb(freshUrl, { max: 1 });
    try {
      expect(await tableDigests(restored)).toEqual(await tableDigests(owner));
      const files = await fileDigests(restoredBucket);
      expect(files).toEqual(await fileDigests(storage()));
      const rows = await restored.selectFrom("attachments").select(["storage_name", "sha256"]).execute();
      // Both proposals' files: the upload directory's (this file's first test) are not in the bucket.
      const inBucket = rows.filter((row) => row.storage_name in files);
      expect(inBucket.length).toBeGreaterThanOrEqual(2);
      for (const row of inBucket) expect(files[row.storage_name], row.storage_name).toBe(row.sha256);
    } finally {
      await restored.destroy();
    }
  });
});
