// The backup script, restored: a dump and a tar taken of this test's database and upload directory, put
// back into a fresh database and directory, hold every row of every table and every file, byte for byte.
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DB } from "../../db/client";
import { migrationDatabaseUrl } from "../../db/roles";
import { uploadDir } from "../../app/server/attachments/storage.server";
import { backUp, restoreBackup } from "../../scripts/backup";
import { createAttachment, createChallenge, createMember, createProposal } from "../support/factories";

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
  const startup = await createMember("startup");
  const council = await createMember("public_body");
  const challenge = await createChallenge(council.orgId, { status: "published" });
  const proposal = await createProposal(challenge.id, startup.orgId);
  await createAttachment({ proposalId: proposal.id }, { orgId: startup.orgId, userId: startup.user.id, name: "plan.pdf" });
  await createAttachment({ proposalId: proposal.id }, { orgId: startup.orgId, userId: startup.user.id, name: "budget.pdf", bytes: new TextEncoder().encode("%PDF-1.4\nbudget\n%%EOF\n") });
});
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

async function fileDigests(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) out[name] = createHash("sha256").update(await readFile(join(dir, name))).digest("hex");
  return out;
}

describe("backing up and restoring", () => {
  it("restores every row of every table and every uploaded file into a fresh database and directory", async () => {
    const backup = join(scratch, "backup");
    await backUp({ databaseUrl: ownerUrl, uploadDir: uploadDir(), to: backup });

    await sql`CREATE DATABASE ${sql.id(freshName)}`.execute(owner);
    const restoredUploads = join(scratch, "restored-uploads");
    await restoreBackup({ from: backup, databaseUrl: freshUrl, uploadDir: restoredUploads });

    const restored = createDb(freshUrl, { max: 1 });
    try {
      const before = await tableDigests(owner);
      const after = await tableDigests(restored);
      expect(Object.keys(before).length).toBeGreaterThan(10);
      expect(after).toEqual(before);
      expect(Number(before.attachments?.split(":")[0])).toBeGreaterThanOrEqual(2);

      const files = await fileDigests(restoredUploads);
      expect(files).toEqual(await fileDigests(uploadDir()));
      // Every attachment row finds its file, with the bytes its checksum names.
      const rows = await restored.selectFrom("attachments").select(["storage_name", "sha256"]).execute();
      for (const row of rows) expect(files[row.storage_name], row.storage_name).toBe(row.sha256);
    } finally {
      await restored.destroy();
    }
  });
});
