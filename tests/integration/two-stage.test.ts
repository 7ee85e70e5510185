// A two-stage call (issue 16, item 1; decision 032) from expression of interest to judging: stage one takes
// short expressions of interest, the owner invites some once it has closed (everyone told, those not invited with
// the owner's message), only the invited write and submit full proposals by the closing date, and judging is
// assigned on those alone. Through the routes, with the real worker for the assignment job.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as apply from "../../app/routes/challenges.$id.apply";
import * as assignments from "../../app/routes/my.challenges.$id.assignments";
import * as stageTwo from "../../app/routes/my.challenges.$id.stage-two";
import * as proposalPage from "../../app/routes/my.proposals.$id";
import * as checkPage from "../../app/routes/my.proposals.$id_.check";
import { datesCalendar, publicChallengeDates } from "../../app/server/challenges/calendar.server";
import { db } from "../../app/server/connections.server";
import { startWorker } from "../../jobs/worker";
import { closeChallenge, createChallenge, createJudge, createMember, createUser } from "../support/factories";
import { latestRunId, waitForRun } from "../support/jobs";
import { completeProposalForm } from "../support/proposal-form";
import { call, getRequest, postRequest } from "../support/requests";

const DAY = 86_400_000;
type Member = Awaited<ReturnType<typeof createMember>>;
const s = {} as { owner: Member; other: Member; challengeId: string; questionId: string; a: Member; b: Member; c: Member; d: Member; late: Member; ids: Record<"a" | "b" | "c" | "d", string> };
let worker: Awaited<ReturnType<typeof startWorker>>;

const errorOf = (res: { body: unknown }) => JSON.stringify(res.body);
const noticesOf = (userId: string, kind: string) =>
  db().selectFrom("notifications").select(["subject", "body"]).where("user_id", "=", userId).where("kind", "=", kind).orderBy("id").execute();
const proposalRow = (id: string) => db().selectFrom("proposals").select(["status", "eoi_submitted_at", "stage_two"]).where("id", "=", id).executeTakeFirstOrThrow();

async function start(m: Member) {
  const res = await call(apply.action, postRequest(`/challenges/${s.challengeId}/apply`, {}, m.cookie), { id: s.challengeId });
  expect(res.status, errorOf(res)).toBe(302);
  return /\/my\/proposals\/([0-9a-f-]+)/.exec(res.headers.get("Location")!)![1]!;
}
const post = (m: Member, id: string, form: Record<string, string>) => call(proposalPage.action, postRequest(`/my/proposals/${id}`, form, m.cookie), { id });
const eoiForm = (title: string) => ({ intent: "submit", title, summary: `${title}: sensors on lamp posts near every school gate, with alerts for parents.`, [`answers.${s.questionId}`]: "Yes, registered in England." });
const decide = (m: Member, form: Record<string, string | string[]>) => call(stageTwo.action, postRequest(`/my/challenges/${s.challengeId}/stage-two`, form, m.cookie), { id: s.challengeId });

beforeAll(async () => {
  worker = await startWorker();
  s.owner = await createMember("public_body");
  s.other = await createMember("public_body");
  s.challengeId = (await createChallenge(s.owner.orgId, {
    title: "Two-stage clean air call", opensAt: new Date(Date.now() - 2 * DAY), eoiClosesAt: new Date(Date.now() + 5 * DAY), closesAt: new Date(Date.now() + 20 * DAY),
  })).id;
  s.questionId = (await db().selectFrom("eligibility_questions").select("id").where("challenge_id", "=", s.challengeId).executeTakeFirstOrThrow()).id;
  for (const k of ["a", "b", "c", "d", "late"] as const) s[k] = await createMember("startup");
});
afterAll(async () => {
  await worker?.close();
});

describe("a two-stage call", () => {
  it("stage one: each start-up sends a short expression of interest; it stays a draft and cannot be submitted in full", async () => {
    s.ids = { a: await start(s.a), b: await start(s.b), c: await start(s.c), d: await start(s.d) };
    for (const k of ["a", "b", "c"] as const) {
      const res = await post(s[k], s.ids[k], eoiForm(`Idea ${k.toUpperCase()}`));
      expect(res.status, errorOf(res)).toBe(302);
      expect(res.headers.get("Location")).toBe(`/my/proposals/${s.ids[k]}?notice=eoi-sent`);
      expect(await proposalRow(s.ids[k])).toMatchObject({ status: "draft", stage_two: null, eoi_submitted_at: expect.any(Date) });
    }
    // Gaps in an expression of interest are said next to their fields; the full proposal's parts are not asked.
    const gaps = await post(s.d, s.ids.d, { intent: "submit", title: "Idea D", summary: "", [`answers.${s.questionId}`]: "" });
    expect(gaps.status).toBe(400);
    expect(Object.keys((gaps.body as { errors: { fields: object } }).errors.fields).sort()).toEqual([`answers.${s.questionId}`, "summary"]);
    // The check page's submit is the expression of interest too: never a full submission in stage one.
    const check = await call(checkPage.action, postRequest(`/my/proposals/${s.ids.a}/check`, {}, s.a.cookie), { id: s.ids.a });
    expect(check.status).toBeLessThan(500);
    expect((await proposalRow(s.ids.a)).status).toBe("draft");
    const receipt = await noticesOf(s.a.user.id, "proposal_submitted");
    expect(receipt).toEqual([expect.objectContaining({ subject: "Expression of interest sent: Two-stage clean air call" })]);
  });

  it("the owner sees only how many until stage one closes, and cannot decide before", async () => {
    const page = await call(stageTwo.loader, getRequest(`/my/challenges/${s.challengeId}/stage-two`, s.owner.cookie), { id: s.challengeId });
    expect(page.body).toMatchObject({ count: 3, expressions: [], call: { phase: "eoi" } });
    expect(JSON.stringify(page.body)).not.toContain("Idea A");
    const early = await decide(s.owner, { invited: [s.ids.a], message: "Thank you for your interest in this call." });
    expect(early.status).toBe(400);
    expect(errorOf(early)).toContain("once the expression of interest stage has closed");
  });

  it("stage two: nobody new can start; only the owner (not another body, not a start-up) decides, once; everyone is told", async () => {
    await db().updateTable("challenges").set({ eoi_closes_at: sql`now() - interval '1 minute'` }).where("id", "=", s.challengeId).execute();
    const late = await call(apply.action, postRequest(`/challenges/${s.challengeId}/apply`, {}, s.late.cookie), { id: s.challengeId });
    expect(late.status).toBe(400);
    expect(await db().selectFrom("proposals").select("id").where("org_id", "=", s.late.orgId).execute()).toEqual([]);

    expect((await call(stageTwo.loader, getRequest(`/my/challenges/${s.challengeId}/stage-two`, s.other.cookie), { id: s.challengeId })).status).toBe(404);
    expect((await decide(s.other, { invited: [s.ids.a], message: "Thank you for your interest in this call." })).status).toBe(404);
    expect((await decide(s.a, { invited: [s.ids.a], message: "Thank you for your interest in this call." })).status).toBe(403);
    // Nobody invited, a proposal that sent no expression of interest, or a missing message: refused next to the field.
    for (const form of [{ message: "Thank you for your interest in this call." }, { invited: [s.ids.d], message: "Thank you for your interest in this call." }, { invited: [s.ids.a], message: "" }] as Record<string, string | string[]>[]) {
      expect((await decide(s.owner, form)).status).toBe(400);
    }
    const page = await call(stageTwo.loader, getRequest(`/my/challenges/${s.challengeId}/stage-two`, s.owner.cookie), { id: s.challengeId });
    expect((page.body as { expressions: { title: string }[] }).expressions.map((e) => e.title)).toEqual(["Idea A", "Idea B", "Idea C"]);

    const message = "Many strong ideas: we chose those with a pilot site ready. The borough's air quality fund opens in March.";
    const ok = await decide(s.owner, { invited: [s.ids.a, s.ids.b], message });
    expect(ok.status, errorOf(ok)).toBe(302);
    expect((await decide(s.owner, { invited: [s.ids.c], message })).status).toBe(400);
    expect((await proposalRow(s.ids.a)).stage_two).toBe("invited");
    expect((await proposalRow(s.ids.c)).stage_two).toBe("not_invited");
    expect((await proposalRow(s.ids.d)).stage_two).toBeNull();

    expect(await noticesOf(s.a.user.id, "stage_two_decision")).toEqual([expect.objectContaining({ subject: "Invited to stage two: Two-stage clean air call" })]);
    const refusal = await noticesOf(s.c.user.id, "stage_two_decision");
    expect(refusal).toEqual([expect.objectContaining({ subject: "Not invited to stage two: Two-stage clean air call" })]);
    expect(refusal[0]!.body).toContain(message);
    expect(await noticesOf(s.d.user.id, "stage_two_decision")).toEqual([]);
    const audited = await db().selectFrom("audit_events").select(["action", "subject_id"]).where("action", "like", "proposal.%stage_two").orderBy("id").execute();
    expect(audited.map((r) => r.action).sort()).toEqual(["proposal.invited_to_stage_two", "proposal.invited_to_stage_two", "proposal.not_invited_to_stage_two"]);
  });

  it("only the invited write and submit full proposals; the others are told why, and nothing of theirs changes", async () => {
    const full = await post(s.a, s.ids.a, completeProposalForm(s.questionId, "submit", { title: "Idea A in full" }));
    expect(full.status, errorOf(full)).toBe(302);
    expect(full.headers.get("Location")).toBe(`/my/proposals/${s.ids.a}/submitted`);
    expect((await proposalRow(s.ids.a)).status).toBe("submitted");
    for (const [k, reason] of [["c", "did not invite"], ["d", "did not send an expression of interest"]] as const) {
      const res = await post(s[k], s.ids[k], completeProposalForm(s.questionId, "submit"));
      expect(res.status).toBe(400);
      expect(errorOf(res)).toContain(reason);
      expect((await proposalRow(s.ids[k])).status).toBe("draft");
    }
    const page = await call(proposalPage.loader, getRequest(`/my/proposals/${s.ids.c}`, s.c.cookie), { id: s.ids.c });
    expect(page.body).toMatchObject({ stage: { phase: "stage-two", mode: "none", stageTwo: "not_invited", message: expect.stringContaining("pilot site ready") } });
    // Only those not invited read the owner's message on their page.
    const invitedPage = await call(proposalPage.loader, getRequest(`/my/proposals/${s.ids.b}`, s.b.cookie), { id: s.ids.b });
    expect(invitedPage.body).toMatchObject({ stage: { mode: "full", stageTwo: "invited", message: null } });
  });

  it("the calendar has both deadlines; after the closing date judging is assigned on stage two's proposals only", async () => {
    const dates = await publicChallengeDates(s.challengeId);
    const ics = datesCalendar("x", [dates!]);
    expect(ics).toContain(`${s.challengeId}-eoi-closes@civic-challenge`);
    expect(ics).toContain("Stage two deadline for invited full proposals");

    await db().updateTable("challenges").set({ opens_at: sql`now() - interval '10 days'`, eoi_closes_at: sql`now() - interval '5 days'` }).where("id", "=", s.challengeId).execute();
    await closeChallenge(s.challengeId);
    for (let i = 0; i < 2; i++) await createJudge({ challenge_id: s.challengeId, user_id: (await createUser()).id, capacity: 5 });
    const res = await call(assignments.action, postRequest(`/my/challenges/${s.challengeId}/assignments`, { intent: "assign" }, s.owner.cookie), { id: s.challengeId });
    expect(res.status, errorOf(res)).toBe(302);
    await waitForRun(await latestRunId("assign-judges", s.challengeId));
    const reviewed = await db().selectFrom("reviews").select("proposal_id").distinct().where("challenge_id", "=", s.challengeId).execute();
    expect(reviewed).toEqual([{ proposal_id: s.ids.a }]);
  });
});
