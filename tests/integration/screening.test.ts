// Eligibility screening (issue 16, item 2, the owner's half; decision 028): after the deadline the owner marks
// a submitted proposal eligible or ineligible with a reason the applicant reads; an ineligible proposal is
// never assigned, by the job or by hand, and loses its unstarted assignments; once a judge has started,
// the decision stands.
import type { Job } from "bullmq";
import { describe, expect, it } from "vitest";
import * as ownerProposal from "../../app/routes/my.challenges.$id.proposals.$proposalId";
import * as applicantPage from "../../app/routes/my.proposals.$id";
import { db } from "../../app/server/connections.server";
import { judgesWhoCanTake } from "../../app/server/judging/assignments.server";
import { GIVE_A_REASON, JUDGING_STARTED, NOT_YET_CLOSED } from "../../app/server/judging/screening.server";
import { assignJudges } from "../../jobs/judging/assign-judges";
import { executeRun } from "../../jobs/runs";
import { closeChallenge, createAdmin, createChallenge, createJudge, createMember, createProposal, createUser } from "../support/factories";
import { call, getRequest, postRequest } from "../support/requests";

const fakeJob = (runId: string) =>
  ({ data: { runId }, attemptsMade: 0, opts: { attempts: 1 }, updateProgress: async () => {} }) as unknown as Job<{ runId: string }>;

async function runAssignment(challengeId: string) {
  const run = await db().insertInto("job_runs").values({ kind: "assign-judges", challenge_id: challengeId }).returning("id").executeTakeFirstOrThrow();
  await executeRun(db(), fakeJob(run.id), (ctx) => assignJudges(db(), ctx));
}

const screen = (challengeId: string, proposalId: string, form: Record<string, string>, cookie?: string) =>
  call(ownerProposal.action, postRequest(`/my/challenges/${challengeId}/proposals/${proposalId}`, { intent: "screen", ...form }, cookie), { id: challengeId, proposalId });
const fieldsOf = (res: { body: unknown }) => (res.body as { errors: { fields: Record<string, string> } }).errors.fields;
const proposalRow = (id: string) => db().selectFrom("proposals").select(["status", "eligibility", "eligibility_reason"]).where("id", "=", id).executeTakeFirstOrThrow();
const noticesFor = (userId: string) => db().selectFrom("notifications").select(["subject", "body"]).where("kind", "=", "proposal_screened").where("user_id", "=", userId).execute();

/** A closed challenge with two submitted proposals and two judges with room for both. */
async function closedRound() {
  const owner = await createMember("public_body");
  const c = await createChallenge(owner.orgId);
  const [a, b] = [await createMember("startup"), await createMember("startup")];
  const pa = await createProposal(c.id, a.orgId, { status: "submitted" });
  const pb = await createProposal(c.id, b.orgId, { status: "submitted" });
  await closeChallenge(c.id);
  await db().updateTable("challenges").set({ reviews_per_proposal: 2 }).where("id", "=", c.id).execute();
  const judges = [];
  for (let i = 0; i < 2; i++) {
    const user = await createUser();
    judges.push(await createJudge({ challenge_id: c.id, user_id: user.id, capacity: 5 }));
  }
  return { owner, c, a, b, pa, pb, judges };
}

describe("screening proposals", () => {
  it("an ineligible proposal needs a reason, is told to its applicant, and is never given to a judge", async () => {
    const { owner, c, a, b, pa, pb } = await closedRound();
    const blank = await screen(c.id, pa.id, { eligibility: "ineligible", reason: "  " }, owner.cookie);
    expect(blank.status).toBe(400);
    expect(fieldsOf(blank)).toEqual({ reason: GIVE_A_REASON });
    expect((await proposalRow(pa.id)).eligibility).toBe("unscreened");

    const res = await screen(c.id, pa.id, { eligibility: "ineligible", reason: "The organisation is not registered in the UK." }, owner.cookie);
    expect(res.status).toBe(302);
    expect(await proposalRow(pa.id)).toEqual({ status: "submitted", eligibility: "ineligible", eligibility_reason: "The organisation is not registered in the UK." });
    expect((await screen(c.id, pb.id, { eligibility: "eligible", reason: "" }, owner.cookie)).status).toBe(302);
    expect(await db().selectFrom("audit_events").select("subject_id").where("action", "=", "proposal.screened").execute())
      .toEqual(expect.arrayContaining([{ subject_id: pa.id }, { subject_id: pb.id }]));

    const [told] = await noticesFor(a.user.id);
    expect(told!.subject).toMatch(/not eligible/);
    expect((await noticesFor(b.user.id))[0]!.subject).toMatch(/is eligible/);
    const page = await call(applicantPage.loader, getRequest(`/my/proposals/${pa.id}`, a.cookie), { id: pa.id });
    expect(page.text).toContain("not registered in the UK");

    await runAssignment(c.id);
    const reviews = await db().selectFrom("reviews").select("proposal_id").where("challenge_id", "=", c.id).execute();
    expect(reviews.map((r) => r.proposal_id)).toEqual([pb.id, pb.id]);
    expect((await proposalRow(pa.id)).status).toBe("submitted");
    expect((await proposalRow(pb.id)).status).toBe("under_review");
    // Nor by hand: the "move to" lists offer no judge for it.
    expect((await judgesWhoCanTake(c.id)).get(pa.id)).toBeUndefined();

    // The same decision again tells nobody twice.
    await screen(c.id, pa.id, { eligibility: "ineligible", reason: "Not registered in the UK." }, owner.cookie);
    expect(await noticesFor(a.user.id)).toHaveLength(1);
  });

  it("marking an assigned proposal ineligible removes its unstarted reviews; once a judge has started, it stands", async () => {
    const { owner, c, pa, pb, judges } = await closedRound();
    await runAssignment(c.id);
    expect((await screen(c.id, pa.id, { eligibility: "ineligible", reason: "Outside the challenge's area." }, owner.cookie)).status).toBe(302);
    expect(await db().selectFrom("reviews").select("id").where("proposal_id", "=", pa.id).execute()).toEqual([]);
    expect((await proposalRow(pa.id)).status).toBe("submitted");

    await db().updateTable("reviews").set({ status: "in_progress" }).where("proposal_id", "=", pb.id).where("judge_id", "=", judges[0]!.id).execute();
    const refused = await screen(c.id, pb.id, { eligibility: "ineligible", reason: "Too late to say so." }, owner.cookie);
    expect(refused.status).toBe(400);
    expect(fieldsOf(refused)).toEqual({ eligibility: JUDGING_STARTED });
    expect((await proposalRow(pb.id)).eligibility).toBe("unscreened");
    expect(await db().selectFrom("reviews").select("id").where("proposal_id", "=", pb.id).execute()).toHaveLength(2);
  });

  it("waits for the deadline, and only the owner or the programme office screens", async () => {
    const owner = await createMember("public_body");
    const open = await createChallenge(owner.orgId);
    const startup = await createMember("startup");
    const p = await createProposal(open.id, startup.orgId, { status: "submitted" });
    const early = await screen(open.id, p.id, { eligibility: "eligible", reason: "" }, owner.cookie);
    expect(early.status).toBe(400);
    expect(fieldsOf(early)).toEqual({ eligibility: NOT_YET_CLOSED });

    const { c, pa } = await closedRound();
    const otherBody = await createMember("public_body");
    const corporate = await createMember("corporate");
    const form = { eligibility: "ineligible", reason: "Hijacked" };
    expect((await screen(c.id, pa.id, form, otherBody.cookie)).status).toBe(404);
    expect((await screen(c.id, pa.id, form, startup.cookie)).status).toBe(403);
    expect((await screen(c.id, pa.id, form, corporate.cookie)).status).toBe(403);
    expect((await screen(c.id, pa.id, form)).status).toBe(302); // to sign in
    // Another of the owner's challenges cannot screen this one's proposal.
    expect((await screen(open.id, pa.id, form, owner.cookie)).status).toBe(404);
    expect((await proposalRow(pa.id)).eligibility).toBe("unscreened");
    const admin = await createAdmin();
    expect((await screen(c.id, pa.id, { eligibility: "eligible", reason: "" }, admin.cookie)).status).toBe(302);
  });
});
