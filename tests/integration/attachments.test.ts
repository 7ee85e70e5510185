// Attachments through the real HTTP server, with real files: a start-up attaches a PDF to its proposal (kept
// under a generated name in UPLOAD_DIR), a renamed executable and an oversized file are refused next to the
// file field with the proposal untouched, a sixth file is refused even when uploads race, downloads go only to
// those who may read the proposal (a blind judge under a neutral name), each download is in the audit trail,
// and a pilot's team attaches evidence to a milestone.
import { createHash } from "node:crypto";
import { readdir, readFile, stat, unlink } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { FILE_TYPE_MESSAGE } from "../../app/server/attachments/file-types.server";
import { env } from "../../app/server/env.server";
import {
  closeChallenge, createAttachment, createChallenge, createJudge, createMember, createMilestone, createPairedPilot, createProposal, createReview,
  createSponsorship, createUser, sessionCookieFor,
} from "../support/factories";
import { elfBytes, pdfBytes, pngBytes } from "../support/files";
import { startAppServer } from "../support/server";

type Member = Awaited<ReturnType<typeof createMember>>;
let app: Awaited<ReturnType<typeof startAppServer>>;
const s = {} as {
  startup: Member; other: Member; body: Member; corp: Member; challengeId: string; proposalId: string; pdfId: string;
  judgeCookie: string; strangerJudgeCookie: string; reviewId: string;
};
const ORIGINAL = "Acme Sensors plan – v2.pdf";
const TOO_BIG = "The selected file must be smaller than 10 MB";
const TOO_MANY = "You can attach up to 5 files to a proposal. Delete one to add another";

function upload(path: string, file: { bytes: Uint8Array; name: string; type?: string }, cookie: string, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.type ?? "application/octet-stream" }), file.name);
  return fetch(`${app.url}${path}`, { method: "POST", body: form, headers: { Cookie: cookie, Origin: app.url }, redirect: "manual" });
}
function get(path: string, cookie?: string) {
  return fetch(`${app.url}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
}
function postForm(path: string, fields: Record<string, string>, cookie: string) {
  return fetch(`${app.url}${path}`, {
    method: "POST", body: new URLSearchParams(fields).toString(),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, Origin: app.url }, redirect: "manual",
  });
}
const stored = () => db().selectFrom("attachments").selectAll().where("proposal_id", "=", s.proposalId).orderBy("created_at").orderBy("id").execute();
const filesOnDisk = async () => (await readdir(env().UPLOAD_DIR).catch(() => [] as string[])).filter((f) => !f.startsWith("."));
const decode = (html: string) => html.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&");

beforeAll(async () => {
  app = await startAppServer();
  s.startup = await createMember("startup");
  s.other = await createMember("startup");
  s.body = await createMember("public_body");
  s.corp = await createMember("corporate");
  const challenge = await createChallenge(s.body.orgId, { blind: true, title: "Cleaner air at school gates" });
  s.challengeId = challenge.id;
  s.proposalId = (await createProposal(challenge.id, s.startup.orgId, { title: "School gate sensors" })).id;
});
afterAll(async () => {
  await app?.close();
});

describe("attaching files to a proposal", () => {
  it("stores a PDF under a generated name in UPLOAD_DIR and lists it", async () => {
    const bytes = pdfBytes("Our pilot plan");
    const res = await upload(`/my/proposals/${s.proposalId}`, { bytes, name: ORIGINAL, type: "application/pdf" }, s.startup.cookie);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/my/proposals/${s.proposalId}?notice=attachment-uploaded#attachments`);
    const [row] = await stored();
    expect(row).toMatchObject({ original_name: ORIGINAL, media_type: "application/pdf", size_bytes: bytes.byteLength, org_id: s.startup.orgId, uploaded_by: s.startup.user.id });
    expect(row!.storage_name).toMatch(/^[0-9a-f]{32}\.pdf$/);
    expect(row!.storage_name).not.toContain("Acme");
    s.pdfId = row!.id;
    expect(await filesOnDisk()).toEqual([row!.storage_name]);
    expect(new Uint8Array(await readFile(`${env().UPLOAD_DIR}/${row!.storage_name}`))).toEqual(bytes);

    const page = decode(await (await get(`/my/proposals/${s.proposalId}`, s.startup.cookie)).text());
    expect(page).toContain(ORIGINAL);
    expect(page).toContain(`href="/attachments/${row!.id}"`);
    expect(page).toMatch(/enctype="multipart\/form-data"/i);
    const events = await db().selectFrom("audit_events").select(["actor_user_id", "subject_org_id"]).where("action", "=", "attachment.uploaded").where("subject_id", "=", row!.id).execute();
    expect(events).toEqual([{ actor_user_id: s.startup.user.id, subject_org_id: s.startup.orgId }]);
  });

  it("refuses a renamed executable with a message next to the file field, storing nothing and keeping the proposal", async () => {
    const before = await db().selectFrom("proposals").selectAll().where("id", "=", s.proposalId).executeTakeFirstOrThrow();
    const res = await upload(`/my/proposals/${s.proposalId}`, { bytes: elfBytes(), name: "budget.pdf", type: "application/pdf" }, s.startup.cookie);
    expect(res.status).toBe(400);
    const html = decode(await res.text());
    expect(html).toContain(FILE_TYPE_MESSAGE);
    expect(html).toMatch(/govuk-error-summary/);
    expect(html).toContain('href="#file"');
    expect(html).toContain('id="file-error"');
    // The proposal form still shows the saved text, so saving it next loses nothing.
    expect(html).toContain(`value="${before.title}"`);
    expect(await stored()).toHaveLength(1);
    expect(await filesOnDisk()).toHaveLength(1);
    expect(await db().selectFrom("proposals").selectAll().where("id", "=", s.proposalId).executeTakeFirstOrThrow()).toEqual(before);
  });

  it("refuses a file over 10 MB with a message (not a 413 or 500 page), storing nothing", async () => {
    for (const size of [11 * 1024 * 1024, 10 * 1024 * 1024 + 1]) {
      const bytes = new Uint8Array(size);
      bytes.set(pdfBytes());
      const res = await upload(`/my/proposals/${s.proposalId}`, { bytes, name: "big.pdf", type: "application/pdf" }, s.startup.cookie);
      expect(res.status, `${size} bytes`).toBe(400);
      expect(decode(await res.text())).toContain(TOO_BIG);
    }
    expect(await stored()).toHaveLength(1);
    expect(await filesOnDisk()).toHaveLength(1);
    expect((await readdir(env().UPLOAD_DIR)).filter((f) => f.startsWith("."))).toEqual([]);
    // Elsewhere the 4 MB limit of a form stands.
    const big = await postForm(`/my/proposals/${s.proposalId}`, { title: "x".repeat(4 * 1024 * 1024 + 10) }, s.startup.cookie);
    expect(big.status).toBe(413);
  });

  it("streams a file into storage as it arrives: part of it is on disk before the request has ended", async () => {
    // A request whose body we hold back: the first 3 MB of a 6 MB PDF, then (only once the server has begun
    // writing them to its temporary file) the rest. A server that read the whole file into memory first
    // would write nothing until the end, and this test would time out waiting for the temporary file.
    const boundary = "----civic-stream-test";
    const bytes = new Uint8Array(6 * 1024 * 1024);
    bytes.set(pdfBytes("A large evidence pack"));
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="large pack.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const url = new URL(`/my/proposals/${s.proposalId}`, app.url);
    const answer = new Promise<{ status: number }>((resolve, reject) => {
      const req = httpRequest(url, {
        method: "POST",
        headers: {
          "Content-Type": `multipart/form-data; boundary=${boundary}`, "Content-Length": head.length + bytes.length + tail.length,
          Cookie: s.startup.cookie, Origin: app.url,
        },
      }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
      });
      req.on("error", reject);
      req.write(head);
      req.write(bytes.subarray(0, 3 * 1024 * 1024));
      void (async () => {
        const temporaryBytes = async () => {
          let most = 0;
          for (const name of await readdir(env().UPLOAD_DIR).catch(() => [] as string[])) {
            if (name.endsWith(".tmp")) most = Math.max(most, (await stat(`${env().UPLOAD_DIR}/${name}`).catch(() => ({ size: 0 }))).size);
          }
          return most;
        };
        const until = Date.now() + 20_000;
        while ((await temporaryBytes()) < 1024 * 1024 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
        expect(await temporaryBytes(), "bytes on disk before the request ended").toBeGreaterThanOrEqual(1024 * 1024);
        req.end(Buffer.concat([bytes.subarray(3 * 1024 * 1024), tail]));
      })().catch(reject);
    });
    expect((await answer).status).toBe(302);
    const rows = await stored();
    const row = rows.find((r) => r.original_name === "large pack.pdf")!;
    expect(row.size_bytes).toBe(bytes.byteLength);
    // Compared as buffers: Vitest's deep equality over six million elements takes tens of seconds.
    expect(row.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect((await readFile(`${env().UPLOAD_DIR}/${row.storage_name}`)).equals(Buffer.from(bytes))).toBe(true);
    expect((await readdir(env().UPLOAD_DIR)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    await db().deleteFrom("attachments").where("id", "=", row.id).execute();
    await unlink(`${env().UPLOAD_DIR}/${row.storage_name}`);
  });

  it("allows 5 files per proposal, even when uploads race", async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) =>
      upload(`/my/proposals/${s.proposalId}`, { bytes: pngBytes(), name: `photo-${i}.png`, type: "image/png" }, s.startup.cookie)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([302, 302, 302, 302, 400, 400]);
    for (const r of results.filter((x) => x.status === 400)) expect(decode(await r.text())).toContain(TOO_MANY);
    expect(await stored()).toHaveLength(5);
    expect(await filesOnDisk()).toHaveLength(5);
    const sixth = await upload(`/my/proposals/${s.proposalId}`, { bytes: pngBytes(), name: "one-more.png" }, s.startup.cookie);
    expect(sixth.status).toBe(400);
    expect(decode(await sixth.text())).toContain(TOO_MANY);
  });

  it("deletes a file while the proposal is a draft, from the database and the disk", async () => {
    const last = (await stored()).at(-1)!;
    expect((await postForm(`/my/proposals/${s.proposalId}`, { intent: "delete-attachment", attachmentId: last.id }, s.other.cookie)).status).toBe(404);
    const res = await postForm(`/my/proposals/${s.proposalId}`, { intent: "delete-attachment", attachmentId: last.id }, s.startup.cookie);
    expect(res.status).toBe(302);
    expect(await stored()).toHaveLength(4);
    expect(await filesOnDisk()).not.toContain(last.storage_name);
  });

  it("another start-up cannot upload to the proposal (404)", async () => {
    const res = await upload(`/my/proposals/${s.proposalId}`, { bytes: pdfBytes(), name: "x.pdf" }, s.other.cookie);
    expect(res.status).toBe(404);
    expect(await stored()).toHaveLength(4);
  });
});

describe("downloading a proposal's files", () => {
  it("gives the applicant the file as a download, and records it in the audit trail", async () => {
    const res = await get(`/attachments/${s.pdfId}`, s.startup.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="Acme Sensors plan _ v2.pdf"; filename*=UTF-8''Acme%20Sensors%20plan%20%E2%80%93%20v2.pdf`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(pdfBytes("Our pilot plan"));
    const events = await db().selectFrom("audit_events").select(["actor_user_id", "actor_org_id", "subject_type", "subject_org_id", "detail", "method", "path"])
      .where("action", "=", "attachment.downloaded").where("subject_id", "=", s.pdfId).execute();
    expect(events).toEqual([{
      actor_user_id: s.startup.user.id, actor_org_id: s.startup.orgId, subject_type: "attachment", subject_org_id: s.startup.orgId,
      detail: { proposalId: s.proposalId }, method: "GET", path: `/attachments/${s.pdfId}`,
    }]);
  });

  it("is not found for another start-up, the challenge owner before the deadline, an unassigned judge and an unknown id; visitors sign in", async () => {
    expect((await get(`/attachments/${s.pdfId}`, s.other.cookie)).status).toBe(404);
    expect((await get(`/attachments/${s.pdfId}`, s.body.cookie)).status).toBe(404);
    expect((await get(`/attachments/${s.pdfId}`, s.corp.cookie)).status).toBe(404);
    const judgeUser = await createUser();
    s.strangerJudgeCookie = await sessionCookieFor(judgeUser.id, null);
    await createJudge({ challenge_id: s.challengeId, user_id: judgeUser.id, capacity: 3 });
    expect((await get(`/attachments/${s.pdfId}`, s.strangerJudgeCookie)).status).toBe(404);
    expect((await get("/attachments/00000000-0000-4000-8000-000000000000", s.startup.cookie)).status).toBe(404);
    expect((await get("/attachments/not-an-id", s.startup.cookie)).status).toBe(404);
    const visitor = await get(`/attachments/${s.pdfId}`);
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("location")).toMatch(/^\/sign-in\?redirectTo=/);
    const refused = await db().selectFrom("audit_events").select("id").where("action", "=", "attachment.downloaded").where("subject_id", "=", s.pdfId).execute();
    expect(refused).toHaveLength(1);
  });

  it("after the deadline: the owner downloads it; an assigned judge of a blind challenge sees only a neutral name", async () => {
    await db().updateTable("proposals").set({ status: "submitted", submitted_at: sql`now()` }).where("id", "=", s.proposalId).execute();
    await closeChallenge(s.challengeId);
    const owner = await get(`/attachments/${s.pdfId}`, s.body.cookie);
    expect(owner.status).toBe(200);
    expect(owner.headers.get("content-disposition")).toContain("filename*=UTF-8''Acme%20Sensors");
    expect(decode(await (await get(`/my/challenges/${s.challengeId}/proposals/${s.proposalId}`, s.body.cookie)).text())).toContain(ORIGINAL);

    const judgeUser = await createUser();
    s.judgeCookie = await sessionCookieFor(judgeUser.id, null);
    const judge = await createJudge({ challenge_id: s.challengeId, user_id: judgeUser.id, capacity: 3 });
    s.reviewId = (await createReview({ challenge_id: s.challengeId, proposal_id: s.proposalId, judge_id: judge.id, manual: true })).id;

    const res = await get(`/attachments/${s.pdfId}`, s.judgeCookie);
    expect(res.status).toBe(200);
    const disposition = res.headers.get("content-disposition")!;
    expect(disposition).toBe(`attachment; filename="Attachment 1.pdf"; filename*=UTF-8''Attachment%201.pdf`);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(pdfBytes("Our pilot plan"));
    const second = (await stored())[1]!;
    expect((await get(`/attachments/${second.id}`, s.judgeCookie)).headers.get("content-disposition")).toContain('filename="Attachment 2.png"');

    for (const path of [`/judging/reviews/${s.reviewId}`, `/judging/reviews/${s.reviewId}?_data=routes%2Fjudging.reviews.%24reviewId`]) {
      const page = decode(await (await get(path, s.judgeCookie)).text());
      expect(page).toContain("Attachment 1.pdf");
      expect(page).toContain(s.pdfId);
      expect(page).not.toContain("Acme Sensors");
      expect(page).not.toContain("photo-");
    }

    // A judge who steps aside loses access.
    await db().updateTable("reviews").set({ status: "recused" }).where("id", "=", s.reviewId).execute();
    expect((await get(`/attachments/${s.pdfId}`, s.judgeCookie)).status).toBe(404);
    await db().updateTable("reviews").set({ status: "assigned" }).where("id", "=", s.reviewId).execute();
  });

  it("an accepted sponsor downloads shortlisted proposals' files, under neutral names while the challenge is blind", async () => {
    await createSponsorship({ challenge_id: s.challengeId, org_id: s.corp.orgId });
    expect((await get(`/attachments/${s.pdfId}`, s.corp.cookie)).status).toBe(404);
    await db().updateTable("proposals").set({ status: "shortlisted" }).where("id", "=", s.proposalId).execute();
    const res = await get(`/attachments/${s.pdfId}`, s.corp.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain('filename="Attachment 1.pdf"');
  });

  it("can no longer be changed once submitted", async () => {
    const res = await upload(`/my/proposals/${s.proposalId}`, { bytes: pdfBytes(), name: "late.pdf" }, s.startup.cookie);
    expect(res.status).toBe(400);
    expect(await stored()).toHaveLength(4);
  });
});

describe("evidence for a pilot's milestones", () => {
  it("a team member attaches a file to a milestone; the team downloads it, outsiders get 404", async () => {
    const outsider = await createMember("startup");
    const { pilot } = await createPairedPilot({
      challengeId: s.challengeId, proposalId: s.proposalId,
      sponsorshipId: (await db().selectFrom("sponsorships").select("id").where("org_id", "=", s.corp.orgId).executeTakeFirstOrThrow()).id,
      publicOrgId: s.body.orgId, startupOrgId: s.startup.orgId, corporateOrgId: s.corp.orgId,
    }, { pairing: { fit: 0.9 }, pilot: { title: "School gate sensors" } });
    const milestone = await createMilestone({ pilot_id: pilot.id, title: "Sensors installed", due_on: "2027-03-01", owner_org_id: s.startup.orgId });
    const plan = `/pilots/${pilot.id}/plan`;

    const bad = await upload(plan, { bytes: elfBytes(), name: "photos.png" }, s.corp.cookie, { milestoneId: milestone.id });
    expect(bad.status).toBe(400);
    const badHtml = decode(await bad.text());
    expect(badHtml).toContain(FILE_TYPE_MESSAGE);
    expect(badHtml).toContain(`href="#evidence-${milestone.id}"`);
    expect((await upload(plan, { bytes: pngBytes(), name: "x.png" }, outsider.cookie, { milestoneId: milestone.id })).status).toBe(404);

    const ok = await upload(plan, { bytes: pngBytes(), name: "Installed sensor.png", type: "image/png" }, s.corp.cookie, { milestoneId: milestone.id });
    expect(ok.status).toBe(302);
    const row = await db().selectFrom("attachments").selectAll().where("milestone_id", "=", milestone.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ org_id: s.corp.orgId, media_type: "image/png", proposal_id: null, original_name: "Installed sensor.png" });
    expect(decode(await (await get(plan, s.startup.cookie)).text())).toContain("Installed sensor.png");

    const download = await get(`/attachments/${row.id}`, s.startup.cookie);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(download.headers.get("content-disposition")).toContain('attachment; filename="Installed sensor.png"');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pngBytes());
    expect((await get(`/attachments/${row.id}`, outsider.cookie)).status).toBe(404);
    expect((await get(`/attachments/${row.id}`, s.judgeCookie)).status).toBe(404);
    const events = await db().selectFrom("audit_events").select(["detail", "subject_org_id"]).where("action", "=", "attachment.downloaded").where("subject_id", "=", row.id).execute();
    expect(events).toEqual([{ detail: { milestoneId: milestone.id }, subject_org_id: s.corp.orgId }]);

    // Only the organisation that uploaded it deletes it.
    expect((await postForm(plan, { intent: "remove-evidence", attachmentId: row.id }, s.body.cookie)).status).toBe(404);
    expect((await postForm(plan, { intent: "remove-evidence", attachmentId: row.id }, s.corp.cookie)).status).toBe(302);
    expect(await db().selectFrom("attachments").select("id").where("milestone_id", "=", milestone.id).execute()).toEqual([]);
    expect(await filesOnDisk()).not.toContain(row.storage_name);
  });
});

describe("personal data", () => {
  it("the export lists the user's uploads (name, type, size, date, not contents); erasure keeps the files for the organisation", async () => {
    const { deleteAccount, exportPersonalData } = await import("../../app/server/accounts/personal-data.server");
    const data = (await exportPersonalData(s.startup.user.id))!;
    expect(data.files_uploaded.map((f) => f.name)).toContain(ORIGINAL);
    expect(data.files_uploaded[0]).toMatchObject({ media_type: "application/pdf", proposal_id: s.proposalId, milestone_id: null });
    expect(JSON.stringify(data)).not.toContain("Our pilot plan");
    await deleteAccount(new Request("http://localhost/account/delete", { method: "POST" }), s.startup.user.id);
    const rows = await stored();
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.uploaded_by === null && r.org_id === s.startup.orgId)).toBe(true);
  });
});

describe("files no row names", () => {
  it("the hourly sweep removes old orphan and temporary files, and keeps attached files and recent uploads", async () => {
    const { storeFile } = await import("../../app/server/attachments/storage.server");
    const { sweepUploads } = await import("../../jobs/maintenance/sweep-uploads");
    const { utimes, writeFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const dir = env().UPLOAD_DIR;
    const attached = await createAttachment({ proposalId: (await createProposal(s.challengeId, (await createMember("startup")).orgId)).id }, { orgId: s.other.orgId });
    const orphan = await storeFile(pdfBytes("left by a crash"), "pdf");
    const recent = await storeFile(pdfBytes("an upload in progress"), "pdf");
    const temp = `.${"a".repeat(32)}.pdf.0123abcd.tmp`;
    await writeFile(join(dir, temp), "half a file");
    await writeFile(join(dir, "README.txt"), "not ours");
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    for (const name of [attached.storage_name, orphan, temp, "README.txt"]) await utimes(join(dir, name), twoHoursAgo, twoHoursAgo);

    expect(await sweepUploads(db())).toBe(2);
    const left = await readdir(dir);
    expect(left).toContain(attached.storage_name);
    expect(left).toContain(recent);
    expect(left).toContain("README.txt");
    expect(left).not.toContain(orphan);
    expect(left).not.toContain(temp);
  });
});

describe("file names with invisible characters", () => {
  it("are stored, listed and downloaded without bidi controls or other invisible format characters", async () => {
    const owner = await createMember("startup");
    const challenge = await createChallenge(s.body.orgId, { title: "Open for attachments" });
    const proposalId = (await createProposal(challenge.id, owner.orgId, { title: "Invisible ink" })).id;
    // Each name looks like something else when shown: "photo\u202Egpj.pdf" displays as "photofdp.jpg".
    const names: [string, string][] = [
      ["photo\u202Egpj.pdf", "photogpj.pdf"],
      ["\u2067fdp.exe\u2069 plan.pdf", "fdp.exe plan.pdf"],
      ["\u202Areport\u202C \u202Bdraft\u202C\u202D.pdf", "report draft.pdf"],
      ["a\u200Eb\u200Fc\u2066d\u2068e\u061Cf.pdf", "abcdef.pdf"],
      ["in\u200Bvisi\u2060ble\uFEFF\u00AD\u2028\u0085 name.pdf", "invisible name.pdf"],
    ];
    for (const [sent] of names) {
      const res = await upload(`/my/proposals/${proposalId}`, { bytes: pdfBytes(), name: sent, type: "application/pdf" }, owner.cookie);
      expect(res.status, JSON.stringify(sent)).toBe(302);
    }
    const rows = await db().selectFrom("attachments").select(["id", "original_name"]).where("proposal_id", "=", proposalId).orderBy("created_at").orderBy("id").execute();
    expect(rows.map((r) => r.original_name).sort()).toEqual(names.map(([, kept]) => kept).sort());
    const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
    const page = decode(await (await get(`/my/proposals/${proposalId}`, owner.cookie)).text());
    for (const [, kept] of names) expect(page).toContain(kept);
    expect(page).not.toMatch(/[\u200E\u200F\u202A-\u202E\u2066-\u2069\u200B\u2060\uFEFF\u061C]/);
    for (const row of rows) {
      const download = await get(`/attachments/${row.id}`, owner.cookie);
      expect(download.status).toBe(200);
      const disposition = download.headers.get("content-disposition")!;
      const exact = decodeURIComponent(/filename\*=UTF-8''(.*)$/.exec(disposition)![1]!);
      expect(exact, disposition).toBe(row.original_name);
      expect(exact).not.toMatch(INVISIBLE);
    }
  });
});
