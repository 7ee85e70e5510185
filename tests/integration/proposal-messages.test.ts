// Messages on a proposal (decision 026), through the real loaders and actions: the challenge's owner and the
// applicant (and, once the team is formed, its sponsor) read and write the thread; judges (even of that
// challenge, even acting for the owner), other start-ups, other owners, a sponsor before pairing, admins and
// visitors never read, post or download. Each post e-mails the other parties' members and not the author,
// writes one audit row without the text, and a file follows the attachments' rules.
import { readdir } from "node:fs/promises";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import * as threadPage from "../../app/routes/proposals.$id.messages";
import * as ownerPage from "../../app/routes/my.challenges.$id.proposals.$proposalId";
import * as applicantPage from "../../app/routes/my.proposals.$id";
import * as download from "../../app/routes/attachments.$id";
import * as sponsorshipPage from "../../app/routes/my.sponsorships.$id";
import { FILE_TYPE_MESSAGE } from "../../app/server/attachments/file-types.server";
import { TOO_BIG_MESSAGE } from "../../app/server/attachments/upload.server";
import { db } from "../../app/server/connections.server";
import { env } from "../../app/server/env.server";
import { EMPTY_MESSAGE, LONG_MESSAGE } from "../../app/server/messages/message-form.server";
import { setPreferences } from "../../app/server/notifications.server";
import { deleteAccount, exportPersonalData } from "../../app/server/accounts/personal-data.server";
import { OPTIONAL_KINDS } from "../../app/lib/notification-kinds";
import { MESSAGE_MAX } from "../../app/lib/proposal-messages";
import { sweepUploads } from "../../jobs/maintenance/sweep-uploads";
import {
  addMember, closeChallenge, createAdmin, createChallenge, createJudge, createMember, createPairedPilot, createProposal, createSponsorship,
  createUser, sessionCookieFor,
} from "../support/factories";
import { elfBytes, pdfBytes } from "../support/files";
import { call, getRequest, ORIGIN, postRequest } from "../support/requests";

type Member = Awaited<ReturnType<typeof createMember>>;
const s = {} as {
  owner: Member; ownerMate: Member; startup: Member; startupMate: Member; corp: Member; otherStartup: Member; otherBody: Member;
  otherCorp: Member; admin: { cookie: string }; judgeCookie: string; otherJudgeCookie: string; judgeInOwnerOrgCookie: string; judgeInOwnerOrgId: string;
  challengeId: string; proposalId: string; attachmentId: string; sponsorshipId: string;
};
const SECRET = "The depot's lease ends in March; keep this between us";

const path = (id = s.proposalId) => `/proposals/${id}/messages`;
const read = (cookie?: string, id = s.proposalId) => call(threadPage.loader, getRequest(path(id), cookie), { id });
const postText = (message: string, cookie?: string, id = s.proposalId) => call(threadPage.action, postRequest(path(id), { message }, cookie), { id });
function postWithFile(message: string, file: { bytes: Uint8Array; name: string } | null, cookie: string, id = s.proposalId) {
  const form = new FormData();
  form.append("message", message);
  form.append("file", file ? new Blob([new Uint8Array(file.bytes)], { type: "application/octet-stream" }) : new Blob([]), file?.name ?? "");
  const request = new Request(`${ORIGIN}${path(id)}`, { method: "POST", body: form, headers: { Cookie: cookie, Origin: ORIGIN } });
  return call(threadPage.action, request, { id });
}
const fetchFile = (id: string, cookie?: string) => call(download.loader, getRequest(`/attachments/${id}`, cookie), { id });
const fields = (res: { body: unknown }) => (res.body as { errors: { fields: Record<string, string>; values: Record<string, unknown> } }).errors;
const messagesOf = (proposalId = s.proposalId) =>
  db().selectFrom("proposal_messages").select(["id", "org_id", "author_id", "body"]).where("proposal_id", "=", proposalId).orderBy("created_at").orderBy("id").execute();
const noticesFor = (messageId: string) =>
  db().selectFrom("notifications").select(["user_id", "subject", "body"]).where("kind", "=", "proposal_message").where("dedupe_key", "like", `message:${messageId}:%`).execute();
const filesOnDisk = async () => (await readdir(env().UPLOAD_DIR).catch(() => [] as string[])).filter((f) => !f.startsWith("."));

beforeAll(async () => {
  s.owner = await createMember("public_body");
  s.ownerMate = await createMember("public_body", { orgId: s.owner.orgId });
  s.startup = await createMember("startup");
  s.startupMate = await createMember("startup", { orgId: s.startup.orgId });
  s.corp = await createMember("corporate");
  s.otherStartup = await createMember("startup");
  s.otherBody = await createMember("public_body");
  s.otherCorp = await createMember("corporate");
  s.admin = await createAdmin();
  const challenge = await createChallenge(s.owner.orgId, { blind: true, title: "Quieter depots" });
  s.challengeId = challenge.id;
  s.proposalId = (await createProposal(challenge.id, s.startup.orgId, { status: "submitted", title: "Night-time electric vans" })).id;
  await closeChallenge(challenge.id);
  // A judge of this challenge; a judge of another; and one of the owner's own members on this challenge's panel.
  const judge = await createUser();
  await createJudge({ challenge_id: challenge.id, user_id: judge.id });
  s.judgeCookie = await sessionCookieFor(judge.id, null);
  const otherJudge = await createUser();
  await createJudge({ challenge_id: (await createChallenge(s.otherBody.orgId)).id, user_id: otherJudge.id });
  s.otherJudgeCookie = await sessionCookieFor(otherJudge.id, null);
  const judgeInOwnerOrg = await createUser();
  await addMember(judgeInOwnerOrg.id, s.owner.orgId);
  await createJudge({ challenge_id: challenge.id, user_id: judgeInOwnerOrg.id });
  s.judgeInOwnerOrgCookie = await sessionCookieFor(judgeInOwnerOrg.id, s.owner.orgId);
  s.judgeInOwnerOrgId = judgeInOwnerOrg.id;
  // Both sponsors have accepted offers on the challenge, but no team is formed yet.
  s.sponsorshipId = (await createSponsorship({ challenge_id: challenge.id, org_id: s.corp.orgId })).id;
  await createSponsorship({ challenge_id: challenge.id, org_id: s.otherCorp.orgId });
});

describe("a proposal's thread", () => {
  it("is not open before the deadline, nor for a draft: not even to the applicant", async () => {
    const open = await createChallenge(s.owner.orgId);
    const submitted = await createProposal(open.id, s.startup.orgId, { status: "submitted" });
    expect((await read(s.startup.cookie, submitted.id)).status).toBe(404);
    expect((await read(s.owner.cookie, submitted.id)).status).toBe(404);
    expect((await postText("Hello", s.startup.cookie, submitted.id)).status).toBe(404);
    const draft = await createProposal(s.challengeId, s.otherStartup.orgId, { status: "draft" });
    expect((await read(s.otherStartup.cookie, draft.id)).status).toBe(404);
    expect((await read(s.owner.cookie, draft.id)).status).toBe(404);
    expect(await messagesOf(submitted.id)).toEqual([]);
    // Nor does either page link to it.
    const page = await call(applicantPage.loader, getRequest(`/my/proposals/${submitted.id}`, s.startup.cookie), { id: submitted.id });
    expect((page.body as { messages: unknown }).messages).toBeNull();
  });

  it("lets the owner and the applicant write; each post e-mails the other side's members, never the author; audited without the text", async () => {
    const first = await postText(SECRET, s.owner.cookie);
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toMatch(new RegExp(`^/proposals/${s.proposalId}/messages\\?notice=message-sent#message-`));
    const [m1] = await messagesOf();
    expect(m1).toMatchObject({ org_id: s.owner.orgId, author_id: s.owner.user.id, body: SECRET });
    // The applicant's members hear of it; the owner's other member and the author do not; the judge in the owner's organisation neither.
    const told = (await noticesFor(m1!.id)).map((n) => n.user_id).sort();
    expect(told).toEqual([s.startup.user.id, s.startupMate.user.id].sort());
    for (const n of await noticesFor(m1!.id)) {
      expect(n.body).toContain(`/proposals/${s.proposalId}/messages`);
      expect(n.body).not.toContain(SECRET);
    }

    const reply = await postWithFile("Thanks — our depot plan is attached.", { bytes: pdfBytes(), name: "Depot plan.pdf" }, s.startupMate.cookie);
    expect(reply.status).toBe(302);
    const [, m2] = await messagesOf();
    const file = await db().selectFrom("attachments").select(["id", "org_id", "original_name", "proposal_id"]).where("message_id", "=", m2!.id).executeTakeFirstOrThrow();
    expect(file).toMatchObject({ org_id: s.startup.orgId, original_name: "Depot plan.pdf", proposal_id: null });
    s.attachmentId = file.id;
    expect((await noticesFor(m2!.id)).map((n) => n.user_id).sort()).toEqual([s.owner.user.id, s.ownerMate.user.id].sort());

    const events = await db().selectFrom("audit_events").select(["action", "actor_user_id", "subject_type", "subject_id", "detail"])
      .where("action", "=", "message.posted").where("subject_id", "=", s.proposalId).orderBy("id").execute();
    expect(events.map((e) => [e.actor_user_id, e.detail])).toEqual([
      [s.owner.user.id, { messageId: m1!.id, party: "owner", attachmentId: null }],
      [s.startupMate.user.id, { messageId: m2!.id, party: "applicant", attachmentId: file.id }],
    ]);
    expect(JSON.stringify(events)).not.toContain("depot");

    // Both read the thread, with the file, under its own name (they know whose proposal it is).
    for (const cookie of [s.owner.cookie, s.ownerMate.cookie, s.startup.cookie]) {
      const page = await read(cookie);
      expect(page.status).toBe(200);
      expect(page.text).toContain(SECRET);
      expect(page.text).toContain("Depot plan.pdf");
      expect((await fetchFile(file.id, cookie)).status).toBe(200);
    }
  });

  it("is refused, as not found, to judges, other start-ups, other owners, a sponsor before pairing, admins and visitors", async () => {
    const before = await messagesOf();
    const refused = {
      "a judge of this challenge": s.judgeCookie,
      "a judge of another challenge": s.otherJudgeCookie,
      "the owner's member who judges this challenge": s.judgeInOwnerOrgCookie,
      "another start-up": s.otherStartup.cookie,
      "another public body": s.otherBody.cookie,
      "a sponsor of the challenge before pairing": s.corp.cookie,
      "the programme office": s.admin.cookie,
    };
    for (const [who, cookie] of Object.entries(refused)) {
      const page = await read(cookie);
      expect(page.status, `${who} reading`).toBe(404);
      expect(page.text).not.toContain(SECRET);
      expect((await postText("Let me in", cookie)).status, `${who} posting`).toBe(404);
      expect((await postWithFile("Let me in", { bytes: pdfBytes(), name: "x.pdf" }, cookie)).status, `${who} posting a file`).toBe(404);
      const got = await fetchFile(s.attachmentId, cookie);
      expect(got.status, `${who} downloading`).toBe(404);
    }
    // Visitors are sent to sign in (decision 003), and learn nothing.
    for (const res of [await read(), await postText("Hello"), await fetchFile(s.attachmentId)]) {
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toMatch(/^\/sign-in\?redirectTo=/);
      expect(res.text).not.toContain(SECRET);
    }
    expect(await messagesOf()).toEqual(before);
    // The judge of this challenge is never told of a message either.
    const all = await db().selectFrom("notifications").select("user_id").where("kind", "=", "proposal_message").execute();
    expect(all.map((n) => n.user_id)).not.toContain(s.judgeInOwnerOrgId);
    // No owner's page links a judge or an admin to it.
    const adminView = await call(ownerPage.loader, getRequest(`/my/challenges/${s.challengeId}/proposals/${s.proposalId}`, s.admin.cookie), { id: s.challengeId, proposalId: s.proposalId });
    expect(adminView.status).toBe(200);
    expect((adminView.body as { messages: unknown }).messages).toBeNull();
  });

  it("lets the sponsor in once the proposal's team is formed, and not the other sponsor", async () => {
    await createPairedPilot({ challengeId: s.challengeId, proposalId: s.proposalId, publicOrgId: s.owner.orgId, startupOrgId: s.startup.orgId, corporateOrgId: s.corp.orgId, sponsorshipId: s.sponsorshipId });
    const page = await read(s.corp.cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain(SECRET);
    expect((await fetchFile(s.attachmentId, s.corp.cookie)).status).toBe(200);
    // Its sponsorship page names the team's proposal, for the link to the thread.
    const own = await call(sponsorshipPage.loader, getRequest(`/my/sponsorships/${s.sponsorshipId}`, s.corp.cookie), { id: s.sponsorshipId });
    expect((own.body as { pairs: { status: string; proposal_id: string }[] }).pairs).toContainEqual(expect.objectContaining({ status: "team", proposal_id: s.proposalId }));
    expect((await read(s.otherCorp.cookie)).status).toBe(404);
    expect((await fetchFile(s.attachmentId, s.otherCorp.cookie)).status).toBe(404);

    expect((await postText("Happy to fund the chargers.", s.corp.cookie)).status).toBe(302);
    const last = (await messagesOf()).at(-1)!;
    expect(last.org_id).toBe(s.corp.orgId);
    // Both other parties' members, not the sponsor's author.
    expect((await noticesFor(last.id)).map((n) => n.user_id).sort())
      .toEqual([s.owner.user.id, s.ownerMate.user.id, s.startup.user.id, s.startupMate.user.id].sort());
  });

  it("e-mails no one who turned these messages off", async () => {
    await setPreferences(s.ownerMate.user.id, OPTIONAL_KINDS.filter((k) => k !== "proposal_message"));
    expect((await postText("Any news on the lease?", s.startup.cookie)).status).toBe(302);
    const last = (await messagesOf()).at(-1)!;
    const told = (await noticesFor(last.id)).map((n) => n.user_id);
    expect(told).toContain(s.owner.user.id);
    expect(told).not.toContain(s.ownerMate.user.id);
    await setPreferences(s.ownerMate.user.id, OPTIONAL_KINDS);
  });

  it("shows each proposal page a link with the count, and what the others sent since one's organisation last wrote", async () => {
    // So far: owner, applicant, sponsor, applicant. The owner's organisation last wrote first: three since.
    const owner = await call(ownerPage.loader, getRequest(`/my/challenges/${s.challengeId}/proposals/${s.proposalId}`, s.owner.cookie), { id: s.challengeId, proposalId: s.proposalId });
    expect((owner.body as { messages: unknown }).messages).toEqual({ total: 4, unanswered: 3 });
    const applicant = await call(applicantPage.loader, getRequest(`/my/proposals/${s.proposalId}`, s.startup.cookie), { id: s.proposalId });
    expect((applicant.body as { messages: unknown }).messages).toEqual({ total: 4, unanswered: 0 });
  });
});

describe("the message form", () => {
  it("refuses an empty or too long message next to its field, keeping what was typed", async () => {
    const before = await messagesOf();
    const empty = await postText("   ", s.startup.cookie);
    expect(empty.status).toBe(400);
    expect(fields(empty).fields).toEqual({ message: EMPTY_MESSAGE });
    const long = "a".repeat(MESSAGE_MAX + 1);
    const tooLong = await postWithFile(long, null, s.startup.cookie);
    expect(tooLong.status).toBe(400);
    expect(fields(tooLong).fields).toEqual({ message: LONG_MESSAGE });
    expect(fields(tooLong).values.message).toBe(long);
    const nul = await postWithFile("Hello\u0000there", null, s.startup.cookie);
    expect(nul.status).toBe(400);
    expect(Object.keys(fields(nul).fields)).toEqual(["message"]);
    expect(await messagesOf()).toEqual(before);
    // Exactly the limit is fine.
    expect((await postWithFile("b".repeat(MESSAGE_MAX), null, s.startup.cookie)).status).toBe(302);
  });

  it("applies the attachments' rules: a renamed program or an oversized file is refused next to the file field, the message kept, nothing stored", async () => {
    const before = await messagesOf();
    const disk = (await filesOnDisk()).sort();
    const wrong = await postWithFile("Here is the plan", { bytes: elfBytes(), name: "plan.pdf" }, s.startup.cookie);
    expect(wrong.status).toBe(400);
    expect(fields(wrong).fields).toEqual({ file: FILE_TYPE_MESSAGE });
    expect(fields(wrong).values).toEqual({ message: "Here is the plan" });
    const big = await postWithFile("Here is the big plan", { bytes: new Uint8Array(10 * 1024 * 1024 + 1), name: "big.pdf" }, s.startup.cookie);
    expect(big.status).toBe(400);
    expect(fields(big).fields).toEqual({ file: TOO_BIG_MESSAGE });
    expect(fields(big).values).toEqual({ message: "Here is the big plan" });
    expect(await messagesOf()).toEqual(before);
    expect((await filesOnDisk()).sort()).toEqual(disk);
  });

  it("never answers 500, whatever the text and the file's name", async () => {
    await fc.assert(fc.asyncProperty(
      fc.oneof(fc.string({ maxLength: 50 }), fc.string({ unit: "grapheme", maxLength: 30 }), fc.string({ unit: "binary", maxLength: 30 })),
      fc.option(fc.string({ unit: "binary", maxLength: 40 }), { nil: undefined }),
      async (message, fileName) => {
        const res = fileName === undefined
          ? await postText(message, s.startup.cookie)
          : await postWithFile(message, { bytes: pdfBytes(), name: fileName }, s.startup.cookie);
        expect([302, 400]).toContain(res.status);
        if (res.status === 400) expect(Object.keys(fields(res).fields).every((f) => f === "message" || f === "file")).toBe(true);
      },
    ), { numRuns: 40 });
  }, 60_000);
});

describe("personal data", () => {
  it("lists the messages a person wrote in their copy, and deleting the account leaves them to the organisation, unsigned", async () => {
    const data = (await exportPersonalData(s.ownerMate.user.id))!;
    expect(data.messages_written).toEqual([]);
    const mine = (await exportPersonalData(s.owner.user.id))!.messages_written;
    expect(mine).toEqual([expect.objectContaining({ proposal_id: s.proposalId, organisation: expect.any(String), body: SECRET })]);
    const writer = await createMember("startup", { orgId: s.startup.orgId });
    expect((await postText("Signing off from this project.", writer.cookie)).status).toBe(302);
    await deleteAccount(postRequest("/account/delete", {}, writer.cookie), writer.user.id);
    const left = (await messagesOf()).find((m) => m.body === "Signing off from this project.")!;
    expect(left).toMatchObject({ org_id: s.startup.orgId, author_id: null });
    const page = await read(s.owner.cookie);
    const shown = (page.body as { messages: { body: string; authorName: string | null; orgName: string }[] }).messages.find((m) => m.body === left.body)!;
    expect(shown.authorName).toBeNull();
  });
});

describe("the orphan sweep", () => {
  it("keeps a message's file, which a row names, and removes a file no row names", async () => {
    const { storeFile } = await import("../../app/server/attachments/storage.server");
    const orphan = await storeFile(pdfBytes(), "pdf");
    const kept = await db().selectFrom("attachments").select("storage_name").where("id", "=", s.attachmentId).executeTakeFirstOrThrow();
    await new Promise((r) => setTimeout(r, 20));
    await sweepUploads(db(), 0);
    const disk = await filesOnDisk();
    expect(disk).toContain(kept.storage_name);
    expect(disk).not.toContain(orphan);
  });
});
