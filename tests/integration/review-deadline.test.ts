// The review deadline (issue 16, item 8, its reminders; the digest is still to come): the owner sets it after
// the closing date; judges with reviews not yet submitted are reminded once as it nears (how many, never
// which); it joins the challenge's calendar.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import * as calendarFile from "../../app/routes/challenges.$id.calendar[.]ics";
import * as assignments from "../../app/routes/my.challenges.$id.assignments";
import { db } from "../../app/server/connections.server";
import { DUE_AFTER_CLOSING } from "../../app/server/judging/review-deadline.server";
import { sendReviewReminders } from "../../jobs/notifications/review-reminders";
import { closeChallenge, createChallenge, createJudge, createMember, createProposal, createReview, createUser, sessionCookieFor, ukDateFields } from "../support/factories";
import { call, getRequest, postRequest } from "../support/requests";

const setDeadline = (challengeId: string, fields: Record<string, string>, cookie?: string) =>
  call(assignments.action, postRequest(`/my/challenges/${challengeId}/assignments`, { intent: "review-deadline", ...fields }, cookie), { id: challengeId });
const fieldsOf = (res: { body: unknown }) => (res.body as { errors: { fields: Record<string, string> } }).errors.fields;
const remindersTo = (userId: string) => db().selectFrom("notifications").select(["subject", "body"]).where("kind", "=", "review_due").where("user_id", "=", userId).execute();

async function judgedRound() {
  const owner = await createMember("public_body");
  const c = await createChallenge(owner.orgId, { blind: true });
  const [a, b] = [await createMember("startup"), await createMember("startup")];
  const proposals = [await createProposal(c.id, a.orgId, { status: "submitted", title: "Secret sensor plan" }), await createProposal(c.id, b.orgId, { status: "submitted" })];
  await closeChallenge(c.id);
  const judge = async () => {
    const user = await createUser();
    return { user, row: await createJudge({ challenge_id: c.id, user_id: user.id, capacity: 5 }) };
  };
  const [busy, done, idle] = [await judge(), await judge(), await judge()];
  for (const p of proposals) {
    await createReview({ challenge_id: c.id, proposal_id: p.id, judge_id: busy.row.id });
    await createReview({ challenge_id: c.id, proposal_id: p.id, judge_id: done.row.id, status: "submitted", submitted_at: new Date() });
  }
  return { owner, c, busy, done, idle };
}

describe("the review deadline", () => {
  it("is set by the owner after the closing date, with a message next to the field otherwise", async () => {
    const { owner, c } = await judgedRound();
    const early = await setDeadline(c.id, ukDateFields("reviewsDueAt", -2), owner.cookie);
    expect(early.status).toBe(400);
    expect(fieldsOf(early)).toEqual({ reviewsDueAt: DUE_AFTER_CLOSING });
    const blank = await setDeadline(c.id, {}, owner.cookie);
    expect(fieldsOf(blank)).toEqual({ reviewsDueAt: "Enter the review deadline" });
    expect((await setDeadline(c.id, ukDateFields("reviewsDueAt", 10), owner.cookie)).status).toBe(302);
    const row = await db().selectFrom("challenges").select("reviews_due_at").where("id", "=", c.id).executeTakeFirstOrThrow();
    expect(row.reviews_due_at!.getTime()).toBeGreaterThan(Date.now() + 9 * 86_400_000);
    expect(await db().selectFrom("audit_events").select("detail").where("action", "=", "challenge.updated").where("subject_id", "=", c.id).execute())
      .toEqual([{ detail: { intent: "review-deadline" } }]);
  });

  it("only the owner sets it", async () => {
    const { c, busy } = await judgedRound();
    const other = await createMember("public_body");
    const startup = await createMember("startup");
    const form = ukDateFields("reviewsDueAt", 10);
    expect((await setDeadline(c.id, form, other.cookie)).status).toBe(404);
    expect((await setDeadline(c.id, form, startup.cookie)).status).toBe(403);
    expect((await setDeadline(c.id, form, await sessionCookieFor(busy.user.id, null))).status).toBe(403);
    expect((await db().selectFrom("challenges").select("reviews_due_at").where("id", "=", c.id).executeTakeFirstOrThrow()).reviews_due_at).toBeNull();
  });

  it("reminds each judge with reviews still open, once, as it nears: how many, never which", async () => {
    const { c, busy, done, idle } = await judgedRound();
    await db().updateTable("challenges").set({ reviews_due_at: sql`now() + interval '5 days'` }).where("id", "=", c.id).execute();
    await sendReviewReminders(db());
    expect(await remindersTo(busy.user.id)).toEqual([]); // not yet near

    await db().updateTable("challenges").set({ reviews_due_at: sql`now() + interval '2 days'` }).where("id", "=", c.id).execute();
    await sendReviewReminders(db());
    const [reminder] = await remindersTo(busy.user.id);
    expect(reminder!.body).toContain("2 reviews to finish");
    expect(reminder!.body).not.toContain("Secret sensor plan");
    expect(await remindersTo(done.user.id)).toEqual([]);
    expect(await remindersTo(idle.user.id)).toEqual([]);
    // The next day's run sends nothing new; a moved deadline earns one more.
    await sendReviewReminders(db());
    expect(await remindersTo(busy.user.id)).toHaveLength(1);
    await db().updateTable("challenges").set({ reviews_due_at: sql`now() + interval '1 day'` }).where("id", "=", c.id).execute();
    await sendReviewReminders(db());
    expect(await remindersTo(busy.user.id)).toHaveLength(2);
    // Past the deadline, or once feedback is released, nobody is reminded.
    await db().updateTable("challenges").set({ reviews_due_at: sql`now() - interval '1 hour'` }).where("id", "=", c.id).execute();
    expect(await sendReviewReminders(db())).toBe(0);
  });

  it("joins the challenge's calendar once set", async () => {
    const { owner, c } = await judgedRound();
    const ics = async () => (await call(calendarFile.loader, getRequest(`/challenges/${c.id}/calendar.ics`), { id: c.id })).text;
    expect(await ics()).not.toContain("reviews-due");
    await setDeadline(c.id, ukDateFields("reviewsDueAt", 10), owner.cookie);
    const text = await ics();
    expect(text).toContain(`UID:${c.id}-reviews-due@civic-challenge`);
    expect(text).toContain("SUMMARY:Judges' reviews due");
  });
});
