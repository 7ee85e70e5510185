// Email notifications: who is told at which moment, opt-outs, delivery (none, stored, real transport),
// the daily deadline reminder, and the two pages.
import type { Job } from "bullmq";
import { sql } from "kysely";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as preferencesPage from "../../app/routes/account.notifications";
import * as adminPage from "../../app/routes/admin.notifications";
import * as invitationPage from "../../app/routes/judge.invitations.$token";
import * as judgesPage from "../../app/routes/my.challenges.$id.judges";
import * as resultsPage from "../../app/routes/my.challenges.$id.results";
import * as proposalPage from "../../app/routes/my.proposals.$id";
import { OPTIONAL_KINDS } from "../../app/lib/notification-kinds";
import { db } from "../../app/server/connections.server";
import { notify } from "../../app/server/notifications.server";
import { assignJudges } from "../../jobs/judging/assign-judges";
import { sendDeadlineReminders } from "../../jobs/notifications/deadline-reminders";
import { DEFAULT_FROM, deliverQueued, type MailTransport } from "../../jobs/notifications/send";
import { queue, QUEUES } from "../../jobs/queues";
import { executeRun } from "../../jobs/runs";
import { startWorker } from "../../jobs/worker";
import {
  addMember, closeChallenge, createAdmin, createChallenge, createJudge, createMember, createProposal, createUser, sessionCookieFor,
} from "../support/factories";
import { call, getRequest, postRequest } from "../support/requests";
import { completeProposalForm } from "../support/proposal-form";

const DAY = 86_400_000;

beforeAll(() => {
  // Whatever the developer's shell holds, these tests choose their transport themselves.
  delete process.env.SMTP_URL;
  delete process.env.MAIL_FROM;
});

function noticesTo(userIds: string[], kind?: string) {
  let q = db().selectFrom("notifications").selectAll().where("user_id", "in", userIds);
  if (kind) q = q.where("kind", "=", kind);
  return q.orderBy("created_at").execute();
}

async function setPreferences(cookie: string, kinds: string[]) {
  const res = await call(preferencesPage.action, postRequest("/account/notifications", { kinds }, cookie));
  expect(res.status).toBe(302);
}

/** A start-up with two members, each with a session acting for it. */
async function startupWithTwoMembers() {
  const first = await createMember("startup");
  const second = await createMember("startup", { orgId: first.orgId });
  return { orgId: first.orgId, members: [first, second] };
}

describe("proposal submitted", () => {
  async function submit(proposalId: string, challengeId: string, cookie: string) {
    const question = await db().selectFrom("eligibility_questions").select("id").where("challenge_id", "=", challengeId).executeTakeFirstOrThrow();
    return call(proposalPage.action, postRequest(`/my/proposals/${proposalId}`, completeProposalForm(question.id, "submit", { title: "Quiet streets sensor network" }), cookie), { id: proposalId });
  }

  it("sends a receipt to every member of the submitting start-up, and to no one else", async () => {
    const body = await createMember("public_body");
    const challenge = await createChallenge(body.orgId);
    const applicant = await startupWithTwoMembers();
    const bystander = await createMember("startup");
    await createProposal(challenge.id, bystander.orgId);
    const proposal = await createProposal(challenge.id, applicant.orgId);

    const res = await submit(proposal.id, challenge.id, applicant.members[0]!.cookie);
    expect(res.status).toBe(302);

    const receipts = await db().selectFrom("notifications").selectAll().where("kind", "=", "proposal_submitted")
      .where("body", "like", `%/my/proposals/${proposal.id}%`).execute();
    expect(receipts.map((r) => r.user_id).sort()).toEqual(applicant.members.map((m) => m.user.id).sort());
    for (const r of receipts) {
      expect(r.status).toBe("queued");
      expect(applicant.members.map((m) => m.user.email)).toContain(r.to_email);
      expect(r.subject).toBe(`Proposal submitted: ${challenge.title}`);
      expect(r.body).toContain("Quiet streets sensor network");
      // No names: not the recipient's, not a colleague's.
      for (const m of applicant.members) expect(r.body).not.toContain(m.user.name);
    }
    expect(await noticesTo([body.user.id, bystander.user.id])).toEqual([]);
  });

  it("a member who turned receipts off gets none; their colleague still does", async () => {
    const body = await createMember("public_body");
    const challenge = await createChallenge(body.orgId);
    const applicant = await startupWithTwoMembers();
    const [keen, quiet] = applicant.members as [typeof applicant.members[0], typeof applicant.members[0]];
    await setPreferences(quiet.cookie, OPTIONAL_KINDS.filter((k) => k !== "proposal_submitted"));
    const proposal = await createProposal(challenge.id, applicant.orgId);

    expect((await submit(proposal.id, challenge.id, keen.cookie)).status).toBe(302);
    expect(await noticesTo([keen.user.id], "proposal_submitted")).toHaveLength(1);
    expect(await noticesTo([quiet.user.id], "proposal_submitted")).toHaveLength(0);
  });

  it("a submission that fails validation records nothing", async () => {
    const body = await createMember("public_body");
    const challenge = await createChallenge(body.orgId);
    const applicant = await createMember("startup");
    const proposal = await createProposal(challenge.id, applicant.orgId);
    const res = await call(proposalPage.action, postRequest(`/my/proposals/${proposal.id}`, { intent: "submit", title: "Too thin" }, applicant.cookie), { id: proposal.id });
    expect(res.status).toBe(400);
    expect(await noticesTo([applicant.user.id])).toEqual([]);
  });
});

describe("judge invitation", () => {
  it("emails the invited address a link that works, even to someone who turned every optional email off", async () => {
    const owner = await createMember("public_body");
    const challenge = await createChallenge(owner.orgId);
    const invitee = await createUser();
    // A tampered preference row for a mandatory kind changes nothing.
    await db().insertInto("notification_preferences").values({ user_id: invitee.id, kind: "judge_invitation", enabled: false }).execute();
    await setPreferences(await sessionCookieFor(invitee.id, null), []);

    const res = await call(judgesPage.action, postRequest(`/my/challenges/${challenge.id}/judges`, { email: invitee.email.toUpperCase() }, owner.cookie), { id: challenge.id });
    expect(res.status).toBe(200);
    const shown = (res.body as { invited: { link: string } }).invited.link;

    const [email] = await db().selectFrom("notifications").selectAll().where("kind", "=", "judge_invitation").where("to_email", "=", invitee.email).execute();
    expect(email).toBeDefined();
    expect(email!.user_id).toBe(invitee.id);
    expect(email!.subject).toBe(`Invitation to judge: ${challenge.title}`);
    const link = /http:\/\/localhost:3000\/judge\/invitations\/[a-z2-7]{32}/.exec(email!.body)?.[0];
    expect(link).toBe(shown);
    const token = link!.split("/").pop()!;
    expect((await call(invitationPage.loader, getRequest(`/judge/invitations/${token}`), { token })).body).toMatchObject({ state: "open" });
    const accepted = await call(invitationPage.action, postRequest(`/judge/invitations/${token}`, {}, await sessionCookieFor(invitee.id, null)), { token });
    expect(accepted.status).toBe(302);
  });

  it("reaches someone with no account yet", async () => {
    const owner = await createMember("public_body");
    const challenge = await createChallenge(owner.orgId);
    const res = await call(judgesPage.action, postRequest(`/my/challenges/${challenge.id}/judges`, { email: "no.account.yet@example.org" }, owner.cookie), { id: challenge.id });
    expect(res.status).toBe(200);
    const row = await db().selectFrom("notifications").select(["user_id", "status"]).where("to_email", "=", "no.account.yet@example.org").executeTakeFirstOrThrow();
    expect(row).toEqual({ user_id: null, status: "queued" });
  });
});

describe("feedback released", () => {
  it("tells the members of every scored applicant, once, and no one else", async () => {
    const owner = await createMember("public_body");
    const challenge = await createChallenge(owner.orgId);
    const scoredA = await startupWithTwoMembers();
    const scoredB = await createMember("startup");
    const unscored = await createMember("startup");
    const judge = await createUser();
    await createJudge({ challenge_id: challenge.id, user_id: judge.id });
    const run = await db().insertInto("job_runs").values({ kind: "score-proposals", challenge_id: challenge.id, status: "completed" }).returning("id").executeTakeFirstOrThrow();
    const proposals = [];
    for (const [rank, orgId] of [scoredA.orgId, scoredB.orgId].entries()) {
      const p = await createProposal(challenge.id, orgId, { status: "submitted" });
      proposals.push(p.id);
      await db().insertInto("proposal_scores").values({
        proposal_id: p.id, challenge_id: challenge.id, run_id: run.id, raw: 3, calibrated: 3, uncertainty: 0.2, review_count: 2,
        disagreement: false, passes_thresholds: true, criterion_means: sql`'{}'::jsonb`, rank: rank + 1,
      }).execute();
    }
    await createProposal(challenge.id, unscored.orgId, { status: "withdrawn" });
    await closeChallenge(challenge.id);
    await db().updateTable("challenges").set({ status: "judging" }).where("id", "=", challenge.id).execute();

    const release = () => call(resultsPage.action, postRequest(`/my/challenges/${challenge.id}/results`, { intent: "release", confirm: "yes" }, owner.cookie), { id: challenge.id });
    expect((await release()).status).toBe(302);
    expect((await release()).status).toBe(302);

    const applicants = [...scoredA.members.map((m) => m.user.id), scoredB.user.id];
    const told = await db().selectFrom("notifications").select(["user_id", "body"]).where("kind", "=", "feedback_released")
      .where("body", "like", `%"${challenge.title}"%`).execute();
    expect(told.map((t) => t.user_id).sort()).toEqual([...applicants].sort());
    expect(await noticesTo([owner.user.id, unscored.user.id, judge.id])).toEqual([]);
    // Each start-up hears about its own proposal only.
    expect(told.find((t) => t.user_id === scoredB.user.id)!.body).toContain(`/my/proposals/${proposals[1]}`);
    expect(told.find((t) => t.user_id === scoredB.user.id)!.body).not.toContain(proposals[0]);
  });
});

describe("assignment ready", () => {
  const fakeJob = (runId: string) =>
    ({ data: { runId }, attemptsMade: 0, opts: { attempts: 3 }, updateProgress: async () => {} }) as unknown as Job<{ runId: string }>;

  async function runAssignment(challengeId: string) {
    const run = await db().insertInto("job_runs").values({ kind: "assign-judges", challenge_id: challengeId }).returning("id").executeTakeFirstOrThrow();
    await executeRun(db(), fakeJob(run.id), (ctx) => assignJudges(db(), ctx));
  }

  it("tells each judge how many new proposals they have, once, and never which", async () => {
    const owner = await createMember("public_body");
    const challenge = await createChallenge(owner.orgId, { blind: true });
    await db().updateTable("challenges").set({ reviews_per_proposal: 1 }).where("id", "=", challenge.id).execute();
    const titles = [];
    for (let i = 0; i < 2; i++) titles.push((await createProposal(challenge.id, (await createMember("startup")).orgId, { status: "submitted" })).title);
    const judges = [await createUser(), await createUser(), await createUser()];
    for (const j of judges) await createJudge({ challenge_id: challenge.id, user_id: j.id, capacity: 1 });
    await closeChallenge(challenge.id);

    await runAssignment(challenge.id);
    const assigned = await db().selectFrom("reviews").innerJoin("judges", "judges.id", "reviews.judge_id").select("judges.user_id")
      .where("reviews.challenge_id", "=", challenge.id).execute();
    expect(assigned).toHaveLength(2);
    const told = await noticesTo(judges.map((j) => j.id), "assignment_ready");
    expect(told.map((t) => t.user_id).sort()).toEqual(assigned.map((a) => a.user_id).sort());
    for (const t of told) {
      expect(t.body).toContain("1 new proposal");
      for (const title of titles) expect(t.body).not.toContain(title);
    }

    // Running it again changes nothing for the judges, so tells them nothing.
    await runAssignment(challenge.id);
    expect(await noticesTo(judges.map((j) => j.id), "assignment_ready")).toHaveLength(2);
  });
});

describe("deadline reminders", () => {
  it("reminds members of drafts closing within three days, once, and respects opt-outs", async () => {
    const body = await createMember("public_body");
    const soon = await createChallenge(body.orgId, { closesAt: new Date(Date.now() + 2 * DAY) });
    const later = await createChallenge(body.orgId, { closesAt: new Date(Date.now() + 10 * DAY) });
    const drafting = await startupWithTwoMembers();
    const [keen, quiet] = drafting.members as [typeof drafting.members[0], typeof drafting.members[0]];
    await setPreferences(quiet.cookie, OPTIONAL_KINDS.filter((k) => k !== "deadline_approaching"));
    const submitted = await createMember("startup");
    const laterDrafter = await createMember("startup");
    const draft = await createProposal(soon.id, drafting.orgId, { status: "draft" });
    await createProposal(soon.id, submitted.orgId, { status: "submitted" });
    await createProposal(later.id, laterDrafter.orgId, { status: "draft" });

    await sendDeadlineReminders(db());
    await sendDeadlineReminders(db());

    const reminders = await noticesTo([keen.user.id, quiet.user.id, submitted.user.id, laterDrafter.user.id], "deadline_approaching");
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ user_id: keen.user.id, status: "queued" });
    const closesOn = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date(Date.now() + 2 * DAY));
    expect(reminders[0]!.dedupe_key).toBe(`deadline:${draft.id}:${closesOn}:${keen.user.id}`);
    expect(reminders[0]!.body).toContain(draft.title);
  });
});

describe("delivery", () => {
  async function queuedNotice(subject = "A test notice") {
    const user = await createUser();
    expect(await notify(db(), { userId: user.id, kind: "assignment_ready", subject, body: "Line one.\nLine two." })).toBe(true);
    return db().selectFrom("notifications").selectAll().where("user_id", "=", user.id).executeTakeFirstOrThrow();
  }

  it("with no mail server, stores every queued notice so nothing is lost", async () => {
    const notice = await queuedNotice();
    const result = await deliverQueued(db(), null, { batchSize: 2 });
    expect(result.stored).toBeGreaterThanOrEqual(1);
    expect(result.sent).toBe(0);
    const row = await db().selectFrom("notifications").select(["status", "sent_at"]).where("id", "=", notice.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "stored", sent_at: null });
    expect(await db().selectFrom("notifications").select("id").where("status", "=", "queued").execute()).toEqual([]);
  });

  it("with a transport, sends each notice from MAIL_FROM and records when", async () => {
    await deliverQueued(db(), null); // clears what earlier tests queued
    const notice = await queuedNotice("Proposals to review: Quiet streets");
    const json = nodemailer.createTransport({ jsonTransport: true });
    const sent: Record<string, unknown>[] = [];
    const transport: MailTransport = {
      async sendMail(message) {
        const info = await json.sendMail(message);
        sent.push(JSON.parse(info.message));
        return info;
      },
    };
    expect(await deliverQueued(db(), transport)).toEqual({ sent: 1, stored: 0, failed: 0 });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      from: { address: "no-reply@civic.example", name: "Civic Innovation Challenge" },
      to: [{ address: notice.to_email, name: "" }],
      subject: "Proposals to review: Quiet streets",
      text: notice.body,
      headers: { "Auto-Submitted": "auto-generated" },
    });
    expect(DEFAULT_FROM).toBe("Civic Innovation Challenge <no-reply@civic.example>");
    const row = await db().selectFrom("notifications").select(["status", "sent_at", "error"]).where("id", "=", notice.id).executeTakeFirstOrThrow();
    expect(row.status).toBe("sent");
    expect(row.sent_at).toBeInstanceOf(Date);
    expect(row.error).toBeNull();
    // Sent once: a second pass finds nothing to send.
    expect(await deliverQueued(db(), transport)).toEqual({ sent: 0, stored: 0, failed: 0 });
  });

  it("a message a stream transport writes is a real email", async () => {
    const notice = await queuedNotice("Stream check");
    const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
    let raw = "";
    const result = await deliverQueued(db(), {
      async sendMail(message) {
        const info = await stream.sendMail(message);
        raw = info.message.toString();
        return info;
      },
    }, { from: "Programme office <office@civic.example>" });
    expect(result.sent).toBe(1);
    expect(raw).toContain("From: Programme office <office@civic.example>");
    expect(raw).toContain(`To: ${notice.to_email}`);
    expect(raw).toContain("Subject: Stream check");
    expect(raw).toContain("Line one.\nLine two.");
  });

  it("a failure is recorded with its reason and does not stop the others", async () => {
    const bad = await queuedNotice("Will fail");
    const good = await queuedNotice("Will pass");
    const result = await deliverQueued(db(), {
      async sendMail(message) {
        if (message.subject === "Will fail") throw new Error("550 mailbox unavailable");
        return {};
      },
    });
    expect(result).toEqual({ sent: 1, stored: 0, failed: 1 });
    const rows = await db().selectFrom("notifications").select(["id", "status", "error"]).where("id", "in", [bad.id, good.id]).execute();
    expect(rows.find((r) => r.id === bad.id)).toMatchObject({ status: "failed", error: "550 mailbox unavailable" });
    expect(rows.find((r) => r.id === good.id)).toMatchObject({ status: "sent", error: null });
  });
});

describe("pages", () => {
  it("the admin page is for admins only and lists notices with their bodies", async () => {
    const startup = await createMember("startup");
    const member = await createUser();
    await addMember(member.id, startup.orgId);
    expect((await call(adminPage.loader, getRequest("/admin/notifications", startup.cookie))).status).toBe(403);
    expect((await call(adminPage.loader, getRequest("/admin/notifications"))).status).toBe(302);

    await notify(db(), { userId: member.id, kind: "pairing_published", subject: "Visible to the office", body: "The body text." });
    const admin = await createAdmin();
    const page = await call(adminPage.loader, getRequest("/admin/notifications", admin.cookie));
    expect(page.status).toBe(200);
    const rows = (page.body as { notifications: { subject: string; body: string; to_email: string; status: string }[] }).notifications;
    expect(rows.length).toBeLessThanOrEqual(200);
    expect(rows[0]).toMatchObject({ subject: "Visible to the office", to_email: member.email, status: "queued" });
    expect(rows[0]!.body).toContain("The body text.");
  });

  it("the preferences page saves the optional kinds and reads them back", async () => {
    const member = await createMember("corporate");
    const read = async () => ((await call(preferencesPage.loader, getRequest("/account/notifications", member.cookie))).body as { enabled: string[] }).enabled;
    expect(await read()).toEqual(OPTIONAL_KINDS);

    const saved = await call(preferencesPage.action, postRequest("/account/notifications", { kinds: ["pairing_published", "partner_response"] }, member.cookie));
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe("/account/notifications?saved=1");
    expect(await read()).toEqual(["pairing_published", "partner_response"]);

    await setPreferences(member.cookie, ["deadline_approaching"]);
    expect(await read()).toEqual(["deadline_approaching"]);
    await setPreferences(member.cookie, []);
    expect(await read()).toEqual([]);

    // A mandatory kind is not a choice; nor is a made-up one.
    for (const kinds of [["judge_invitation"], ["pairing_published", "spam"]]) {
      const refused = await call(preferencesPage.action, postRequest("/account/notifications", { kinds }, member.cookie));
      expect(refused.status).toBe(400);
      expect((refused.body as { errors: { summary: { href: string }[] } }).errors.summary[0]!.href).toBe("#kinds");
    }
    expect(await read()).toEqual([]);
    // Visitors are sent to sign in.
    expect((await call(preferencesPage.loader, getRequest("/account/notifications"))).status).toBe(302);
  });
});

describe("the worker", () => {
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  afterAll(async () => {
    await worker?.close();
  });

  it("delivers on a schedule (stored without SMTP) and schedules the daily reminder and the daily digest", async () => {
    const user = await createUser();
    await notify(db(), { userId: user.id, kind: "feedback_released", subject: "Through the worker", body: "Body." });
    worker = await startWorker();
    const schedulers = await queue(QUEUES.notifications).getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual(["daily-digest", "deadline-reminders-daily", "deliver-notifications"]);
    expect(schedulers.find((s) => s.key === "daily-digest")).toMatchObject({ pattern: "0 7 * * *", tz: "Europe/London" });
    expect(schedulers.find((s) => s.key === "deliver-notifications")).toMatchObject({ every: 10_000 });
    const started = Date.now();
    for (;;) {
      const row = await db().selectFrom("notifications").select("status").where("user_id", "=", user.id).executeTakeFirstOrThrow();
      if (row.status !== "queued") {
        expect(row.status).toBe("stored");
        break;
      }
      if (Date.now() - started > 20_000) throw new Error("the worker did not deliver within 20 s");
      await new Promise((r) => setTimeout(r, 200));
    }
  });
});
