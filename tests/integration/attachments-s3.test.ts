// Attachments with STORAGE_DRIVER=s3, through the real HTTP server and a real S3-compatible server (s3rver):
// an upload lands in the bucket under a generated name (nothing in UPLOAD_DIR), downloads stream it back only
// to those who may read the proposal, the hourly sweep removes orphan objects and keeps attached ones, and
// /readyz names storage as down while the S3 server is stopped.
import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { env } from "../../app/server/env.server";
import { storage, storeFile } from "../../app/server/attachments/storage.server";
import { sweepUploads } from "../../jobs/maintenance/sweep-uploads";
import { createAttachment, createChallenge, createMember, createProposal } from "../support/factories";
import { pdfBytes } from "../support/files";
import { useS3Storage } from "../support/s3-server";
import { startAppServer } from "../support/server";

type Member = Awaited<ReturnType<typeof createMember>>;
const s3 = useS3Storage();
let app: Awaited<ReturnType<typeof startAppServer>>;
const s = {} as { startup: Member; other: Member; body: Member; proposalId: string; challengeId: string };

async function objects(): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of storage().list()) out.push(entry.name);
  return out.sort();
}
function get(path: string, cookie?: string) {
  return fetch(`${app.url}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
}

beforeAll(async () => {
  app = await startAppServer();
  s.startup = await createMember("startup");
  s.other = await createMember("startup");
  s.body = await createMember("public_body");
  s.challengeId = (await createChallenge(s.body.orgId, { title: "Cleaner air at school gates" })).id;
  s.proposalId = (await createProposal(s.challengeId, s.startup.orgId, { title: "School gate sensors" })).id;
});
afterAll(async () => {
  await app?.close();
});

describe("attachments in an S3 bucket", () => {
  it("stores an upload in the bucket under a generated name, and streams it back to its owner only", async () => {
    expect(storage().driver).toBe("s3");
    const bytes = pdfBytes("Our pilot plan, in object storage");
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(bytes)], { type: "application/pdf" }), "plan.pdf");
    const res = await fetch(`${app.url}/my/proposals/${s.proposalId}`, { method: "POST", body: form, headers: { Cookie: s.startup.cookie, Origin: app.url }, redirect: "manual" });
    expect(res.status).toBe(302);
    const row = await db().selectFrom("attachments").selectAll().where("proposal_id", "=", s.proposalId).executeTakeFirstOrThrow();
    expect(row.storage_name).toMatch(/^[0-9a-f]{32}\.pdf$/);
    expect(await objects()).toEqual([row.storage_name]);
    expect(await readdir(env().UPLOAD_DIR).catch(() => [])).toEqual([]);

    const download = await get(`/attachments/${row.id}`, s.startup.cookie);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-length")).toBe(String(bytes.byteLength));
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    expect(row.sha256).toBe((await import("node:crypto")).createHash("sha256").update(bytes).digest("hex"));

    // Another start-up, and a visitor, do not get it.
    expect((await get(`/attachments/${row.id}`, s.other.cookie)).status).toBe(404);
    expect([302, 303, 401, 404]).toContain((await get(`/attachments/${row.id}`)).status);

    // The owner deletes it while the proposal is a draft: the object goes too.
    const del = await fetch(`${app.url}/my/proposals/${s.proposalId}`, {
      method: "POST", body: new URLSearchParams({ intent: "delete-attachment", attachmentId: row.id }).toString(),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: s.startup.cookie, Origin: app.url }, redirect: "manual",
    });
    expect(del.status).toBe(302);
    expect(await objects()).toEqual([]);
  });

  it("answers 404 'missing' when the row is there and the object is not", async () => {
    const attached = await createAttachment({ proposalId: s.proposalId }, { orgId: s.startup.orgId, userId: s.startup.user.id });
    await storage().remove(attached.storage_name);
    expect((await get(`/attachments/${attached.id}`, s.startup.cookie)).status).toBe(404);
  });

  it("the hourly sweep removes objects no row names and keeps attached ones", async () => {
    const attached = await createAttachment({ proposalId: s.proposalId }, { orgId: s.startup.orgId, userId: s.startup.user.id });
    const orphan = await storeFile(pdfBytes("left by a crash"), "pdf");
    // Objects cannot be dated back, so every object counts as old here; the rule for "recent" is in storage-drivers.test.ts.
    expect(await sweepUploads(db(), -60_000)).toBe(1);
    const left = await objects();
    expect(left).toContain(attached.storage_name);
    expect(left).not.toContain(orphan);
  });
});

describe("readiness with S3", () => {
  it("/readyz names storage as down while the S3 server is stopped, and ready again once it is back", async () => {
    expect(await (await fetch(`${app.url}/readyz`)).json()).toEqual({ status: "ready", checks: { database: "ok", redis: "ok", storage: "ok" }, down: [] });
    await s3.s3.stop();
    try {
      const res = await fetch(`${app.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: "not ready", checks: { database: "ok", redis: "ok", storage: "down" }, down: ["storage"] });
      expect((await fetch(`${app.url}/livez`)).status).toBe(200);
    } finally {
      await s3.s3.start();
    }
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
  });
});
