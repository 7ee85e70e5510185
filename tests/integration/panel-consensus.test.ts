// Panel discussion and consensus (decision 025), through the real loaders and actions: only the judges on a
// proposal's panel read its thread, and write in it once their own review is in; the owner chooses the
// rapporteur among them; only the rapporteur writes the report, scored within the rubric's range; blind
// challenges leak no applicant identity into the thread; the ranking and the feedback stand on a submitted
// report, the calibrated score beside it, and the total threshold says which proposals pass.
import { beforeAll, describe, expect, it } from "vitest";
import * as panelPage from "../../app/routes/judging.proposals.$proposalId.panel";
import * as ownerProposal from "../../app/routes/my.challenges.$id.proposals.$proposalId";
import * as resultsPage from "../../app/routes/my.challenges.$id.results";
import { db } from "../../app/server/connections.server";
import { NOT_ON_PANEL, REPORT_FINAL } from "../../app/server/judging/consensus.server";
import { SUBMIT_FIRST } from "../../app/server/judging/panel-discussion.server";
import { feedbackForApplicant, releaseFeedback } from "../../app/server/judging/results.server";
import { runJob } from "../../db/seed/support";
import { scoreProposals } from "../../jobs/judging/score-proposals";
import {
  closeChallenge, createChallenge, createJudge, createMember, createOrg, createProposal, createReview, createUser, sessionCookieFor,
} from "../support/factories";
import { call, getRequest, postRequest } from "../support/requests";

const ORG_NAME = "Quillfeather Thermal";
const MEMBER_NAME = "Ottoline Brackenbury";

type Judge = { userId: string; judgeId: string; cookie: string; name: string };

let owner: Awaited<ReturnType<typeof createMember>>;
let otherBody: Awaited<ReturnType<typeof createMember>>;
let startup: Awaited<ReturnType<typeof createMember>>;
let corporate: Awaited<ReturnType<typeof createMember>>;
let challengeId = "";
let criteria: { id: string; name: string }[] = [];
/** The blind proposal the thread is about, and two more to rank it against. */
let proposalId = "";
let strongId = "";
let weakId = "";
/** j1, j2: reviews submitted; j3: review assigned, not submitted; conflicted: declared a conflict with the applicant; outsider: on the panel of the challenge, not of this proposal. */
const judges = {} as Record<"j1" | "j2" | "j3" | "conflicted" | "outsider", Judge>;

async function judge(name: string): Promise<Judge> {
  const user = await createUser({ name });
  const row = await createJudge({ challenge_id: challengeId, user_id: user.id });
  return { userId: user.id, judgeId: row.id, cookie: await sessionCookieFor(user.id, null), name };
}

/** A submitted review of `proposal` with these criterion scores. */
async function submitted(j: Judge, proposal: string, scores: [number, number]) {
  const review = await createReview({ challenge_id: challengeId, proposal_id: proposal, judge_id: j.judgeId, status: "submitted", submitted_at: new Date(), comment: "Overall fine." });
  await db().insertInto("review_scores").values(criteria.map((c, i) => ({ review_id: review.id, criterion_id: c.id, score: scores[i]! }))).execute();
}

beforeAll(async () => {
  owner = await createMember("public_body");
  otherBody = await createMember("public_body");
  corporate = await createMember("corporate");
  const org = await createOrg("startup", { name: ORG_NAME });
  startup = await createMember("startup", { orgId: org.id, name: MEMBER_NAME });
  const challenge = await createChallenge(owner.orgId, { blind: true, title: "Warmer council homes" });
  challengeId = challenge.id;
  criteria = await db().selectFrom("rubric_criteria").select(["id", "name"]).where("challenge_id", "=", challengeId).orderBy("position").execute();
  proposalId = (await createProposal(challengeId, startup.orgId, { status: "submitted", title: `${ORG_NAME} heat-loss survey` })).id;
  strongId = (await createProposal(challengeId, (await createOrg("startup")).id, { status: "submitted", title: "Strong proposal" })).id;
  weakId = (await createProposal(challengeId, (await createOrg("startup")).id, { status: "submitted", title: "Weak proposal" })).id;
  await closeChallenge(challengeId);
  await db().updateTable("challenges").set({ status: "judging" }).where("id", "=", challengeId).execute();
  await db().updateTable("proposals").set({ status: "under_review" }).where("challenge_id", "=", challengeId).execute();

  judges.j1 = await judge("Amara Okafor");
  judges.j2 = await judge("Bruno Lindqvist");
  judges.j3 = await judge("Chidi Nwosu");
  judges.conflicted = await judge("Dana Petrov");
  judges.outsider = await judge("Emil Sørensen");
  // The proposal in question: calibrated low (2 and 3 out of 5).
  await submitted(judges.j1, proposalId, [2, 2]);
  await submitted(judges.j2, proposalId, [3, 3]);
  await createReview({ challenge_id: challengeId, proposal_id: proposalId, judge_id: judges.j3.judgeId });
  await createReview({ challenge_id: challengeId, proposal_id: proposalId, judge_id: judges.conflicted.judgeId, status: "in_progress" });
  await db().insertInto("judge_conflicts").values({ user_id: judges.conflicted.userId, judge_id: judges.conflicted.judgeId, org_id: startup.orgId, relation: "advises" }).execute();
  for (const j of [judges.j1, judges.j2]) {
    await submitted(j, strongId, [4, 4]);
    await submitted(j, weakId, [3, 3]);
  }
  await createReview({ challenge_id: challengeId, proposal_id: strongId, judge_id: judges.outsider.judgeId });
});

const panelPath = () => `/judging/proposals/${proposalId}/panel`;
const openPanel = (cookie?: string) => call(panelPage.loader, getRequest(panelPath(), cookie), { proposalId });
const post = (form: Record<string, string>, cookie?: string) => call(panelPage.action, postRequest(panelPath(), form, cookie), { proposalId });
const choose = (judgeId: string, cookie?: string) =>
  call(ownerProposal.action, postRequest(`/my/challenges/${challengeId}/proposals/${proposalId}`, { rapporteur: judgeId }, cookie), { id: challengeId, proposalId });
const fields = (res: { body: unknown }) => (res.body as { errors: { fields: Record<string, string> } }).errors.fields;
const scoresForm = (scores: (string | number)[], summary: string, intent = "submit") => ({
  intent, summary, ...Object.fromEntries(criteria.map((c, i) => [`scores.${c.id}.score`, String(scores[i] ?? "")])),
});
const reportStatus = async () => (await db().selectFrom("consensus_reports").select(["status", "rapporteur_judge_id"]).where("proposal_id", "=", proposalId).executeTakeFirst());

describe("the panel discussion", () => {
  it("is read only by the proposal's panel: conflicted and unassigned judges, the owner, the start-up and sponsor find nothing", async () => {
    expect((await openPanel(judges.j1.cookie)).status).toBe(200);
    expect((await openPanel(judges.j3.cookie)).status).toBe(200);
    for (const cookie of [judges.conflicted.cookie, judges.outsider.cookie, owner.cookie, otherBody.cookie, startup.cookie, corporate.cookie]) {
      expect((await openPanel(cookie)).status).toBe(404);
    }
    expect((await openPanel()).status).toBe(302);
  });

  it("takes messages only from panel judges whose own review is submitted, audited", async () => {
    const ok = await post({ intent: "message", body: `I think ${ORG_NAME} underplays the survey cost; ask ${MEMBER_NAME} at quillfeather.example.` }, judges.j1.cookie);
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe(`${panelPath()}?notice=panel-message-posted`);
    const early = await post({ intent: "message", body: "Before my own review" }, judges.j3.cookie);
    expect(early.status).toBe(400);
    expect(fields(early)).toEqual({ body: SUBMIT_FIRST });
    for (const cookie of [judges.conflicted.cookie, judges.outsider.cookie, owner.cookie, startup.cookie, corporate.cookie]) {
      expect((await post({ intent: "message", body: "Let me in" }, cookie)).status).toBe(404);
    }
    expect(fields(await post({ intent: "message", body: "  " }, judges.j2.cookie))).toEqual({ body: "Enter your message" });
    const messages = await db().selectFrom("panel_messages").select(["judge_id", "body"]).where("proposal_id", "=", proposalId).execute();
    expect(messages.map((m) => m.judge_id)).toEqual([judges.j1.judgeId]);
    const audit = await db().selectFrom("audit_events").select(["actor_user_id", "subject_org_id"]).where("action", "=", "panel.message_posted").where("subject_id", "=", proposalId).execute();
    // Owned by the challenge's body: the applicant's members never see who discussed them.
    expect(audit).toEqual([{ actor_user_id: judges.j1.userId, subject_org_id: owner.orgId }]);
  });

  it("shows a judge who has not submitted who is on the panel, not what it says", async () => {
    const page = (await openPanel(judges.j3.cookie)).body as { messages: unknown[]; consensus: unknown; me: { submitted: boolean } };
    expect(page.me.submitted).toBe(false);
    expect(page.messages).toEqual([]);
    expect(page.consensus).toBeNull();
  });

  it("keeps the applicant's identity out of the thread's route data for a blind challenge", async () => {
    const res = await openPanel(judges.j2.cookie);
    const text = JSON.stringify(res.body);
    expect(text).toContain("[applicant]");
    for (const secret of [ORG_NAME, "Quillfeather", "Brackenbury", "Ottoline", "quillfeather.example", startup.orgId, startup.user.email]) {
      expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
    }
    // Messages are there, blinded.
    expect((res.body as { messages: { body: string }[] }).messages[0]!.body).toMatch(/^I think \[applicant\] underplays/);
  });
});

describe("the consensus report", () => {
  it("has its rapporteur chosen by the owner among the panel only, and the rapporteur is told", async () => {
    expect(fields(await choose(judges.outsider.judgeId, owner.cookie))).toEqual({ rapporteur: NOT_ON_PANEL });
    expect(fields(await choose(judges.conflicted.judgeId, owner.cookie))).toEqual({ rapporteur: NOT_ON_PANEL });
    expect((await choose(judges.j2.judgeId, otherBody.cookie)).status).toBe(404);
    for (const cookie of [startup.cookie, corporate.cookie, judges.j1.cookie]) expect((await choose(judges.j2.judgeId, cookie)).status).toBe(403);
    expect(await reportStatus()).toBeUndefined();

    const chosen = await choose(judges.j2.judgeId, owner.cookie);
    expect(chosen.status).toBe(302);
    expect(await reportStatus()).toEqual({ status: "draft", rapporteur_judge_id: judges.j2.judgeId });
    const mail = await db().selectFrom("notifications").select(["user_id", "subject", "body"]).where("kind", "=", "rapporteur_chosen").execute();
    expect(mail.map((m) => m.user_id)).toEqual([judges.j2.userId]);
    expect(mail[0]!.body).toContain(panelPath());
    // The notice names the challenge, never the (blind) proposal.
    expect(mail[0]!.subject + mail[0]!.body).not.toContain(ORG_NAME);
    const audit = await db().selectFrom("audit_events").select("actor_user_id").where("action", "=", "consensus.rapporteur_chosen").where("subject_id", "=", proposalId).execute();
    expect(audit).toEqual([{ actor_user_id: owner.user.id }]);
  });

  it("is written only by the rapporteur, within the rubric's range, complete before it is submitted", async () => {
    const form = scoresForm([5, 4], "The panel agreed the method is sound.");
    expect((await post(form, judges.j1.cookie)).status).toBe(403);
    expect((await post(form, judges.j3.cookie)).status).toBe(403);
    for (const cookie of [judges.conflicted.cookie, judges.outsider.cookie, owner.cookie, startup.cookie, corporate.cookie]) {
      expect((await post(form, cookie)).status).toBe(404);
    }
    const [impact, feasibility] = criteria;
    const outOfRange = await post(scoresForm([6, 4], "Too high"), judges.j2.cookie);
    expect(outOfRange.status).toBe(400);
    expect(fields(outOfRange)).toEqual({ [`scores.${impact!.id}.score`]: "Score each criterion with a whole number from 0 to 5" });
    expect(fields(await post(scoresForm([-1, 4], ""), judges.j2.cookie))).toHaveProperty([`scores.${impact!.id}.score`]);
    expect(fields(await post(scoresForm([2.5, 4], ""), judges.j2.cookie))).toHaveProperty([`scores.${impact!.id}.score`]);

    const incomplete = await post(scoresForm([5, ""], ""), judges.j2.cookie);
    expect(incomplete.status).toBe(400);
    expect(fields(incomplete)).toEqual({
      [`scores.${feasibility!.id}.score`]: `Score “${feasibility!.name}” from 0 to 5 before submitting`,
      summary: "Write the panel's summary before submitting",
    });
    // What was typed is kept as a draft.
    const draft = await db().selectFrom("consensus_scores").select(["criterion_id", "score"]).where("proposal_id", "=", proposalId).orderBy("criterion_id").execute();
    expect(draft).toEqual(criteria.map((c, i) => ({ criterion_id: c.id, score: i === 0 ? 5 : null })).sort((a, b) => a.criterion_id.localeCompare(b.criterion_id)));
    expect((await reportStatus())!.status).toBe("draft");
    // A draft is the rapporteur's alone to read.
    expect((await openPanel(judges.j1.cookie)).body).toMatchObject({ consensus: { status: "draft", isRapporteur: false } });

    const done = await post({ ...form, summary: `The panel agreed ${ORG_NAME}'s method is sound.` }, judges.j2.cookie);
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`${panelPath()}?notice=consensus-submitted`);
    expect((await reportStatus())!.status).toBe("submitted");
    const actions = await db().selectFrom("audit_events").select("action").where("subject_id", "=", proposalId).where("action", "in", ["consensus.saved", "consensus.submitted"]).orderBy("id").execute();
    expect(actions.map((a) => a.action).at(-1)).toBe("consensus.submitted");

    // The panel is told (not the conflicted judge, not the outsider).
    const told = await db().selectFrom("notifications").select("user_id").where("kind", "=", "consensus_submitted").execute();
    expect(told.map((t) => t.user_id).sort()).toEqual([judges.j1.userId, judges.j2.userId, judges.j3.userId].sort());
    // The panel reads the report, blinded.
    const read = (await openPanel(judges.j1.cookie)).body as { consensus: { summary: string; criteria: { score: number }[] } };
    expect(read.consensus.summary).toBe("The panel agreed [applicant]'s method is sound.");
    expect(read.consensus.criteria.map((c) => c.score)).toEqual([5, 4]);

    // Final: neither the rapporteur's edits nor a new rapporteur.
    expect(fields(await post(form, judges.j2.cookie))).toEqual({ summary: REPORT_FINAL });
    expect(fields(await choose(judges.j1.judgeId, owner.cookie))).toEqual({ rapporteur: REPORT_FINAL });
  });

  it("shows the owner the rapporteur and the report, and only the number of messages", async () => {
    const page = await call(ownerProposal.loader, getRequest(`/my/challenges/${challengeId}/proposals/${proposalId}`, owner.cookie), { id: challengeId, proposalId });
    expect(page.status).toBe(200);
    const { consensus } = page.body as { consensus: { messageCount: number; report: { rapporteur: string; status: string } } };
    expect(consensus.messageCount).toBe(1);
    expect(consensus.report).toMatchObject({ rapporteur: judges.j2.name, status: "submitted" });
    expect(JSON.stringify(page.body)).not.toContain("underplays the survey cost");
  });
});

describe("the ranking with consensus and thresholds", () => {
  it("ranks a proposal with a submitted report on it, the calibrated score beside, and says which pass the total threshold", async () => {
    await runJob("score-proposals", challengeId, owner.user.id, (ctx) => scoreProposals(db(), ctx));
    const results = () => call(resultsPage.loader, getRequest(`/my/challenges/${challengeId}/results`, owner.cookie), { id: challengeId });
    type Row = { id: string; rank: number; score: number; calibrated: number; basis: string; passes: boolean; failedTotal: boolean; failedCriteriaNames: string[] };
    const ranked = (await results()).body as { ranked: Row[] };
    const byId = Object.fromEntries(ranked.ranked.map((r) => [r.id, r]));
    // The report (5 and 4: 4.6) outranks the strong proposal's calibrated score, though its own calibrated score is the lowest.
    expect(ranked.ranked.map((r) => r.id)).toEqual([proposalId, strongId, weakId]);
    expect(byId[proposalId]).toMatchObject({ basis: "consensus", passes: true });
    expect(byId[proposalId]!.score).toBeCloseTo(0.6 * 5 + 0.4 * 4, 9);
    expect(byId[proposalId]!.calibrated).toBeLessThan(byId[weakId]!.calibrated);
    expect(byId[strongId]!.basis).toBe("calibrated");

    // A total threshold between the strong and weak proposals' calibrated scores fails the weak one on the total only.
    const between = Math.round(((byId[strongId]!.calibrated + byId[weakId]!.calibrated) / 2) * 100) / 100;
    const refused = await call(resultsPage.action, postRequest(`/my/challenges/${challengeId}/results`, { intent: "threshold", totalThreshold: "5.5" }, owner.cookie), { id: challengeId });
    expect(refused.status).toBe(400);
    expect(fields(refused)).toHaveProperty("totalThreshold");
    expect((await call(resultsPage.action, postRequest(`/my/challenges/${challengeId}/results`, { intent: "threshold", totalThreshold: String(between) }, startup.cookie), { id: challengeId })).status).toBe(403);
    const saved = await call(resultsPage.action, postRequest(`/my/challenges/${challengeId}/results`, { intent: "threshold", totalThreshold: String(between) }, owner.cookie), { id: challengeId });
    expect(saved.status).toBe(302);
    const after = Object.fromEntries(((await results()).body as { ranked: Row[] }).ranked.map((r) => [r.id, r]));
    expect(after[strongId]).toMatchObject({ passes: true, failedTotal: false });
    expect(after[weakId]).toMatchObject({ passes: false, failedTotal: true, failedCriteriaNames: [] });
    expect(after[proposalId]).toMatchObject({ passes: true });

    // The applicant's feedback stands on the report too, calibrated score beside, no judge named.
    await releaseFeedback(postRequest(`/my/challenges/${challengeId}/results`, {}, owner.cookie), { challengeId, orgId: owner.orgId });
    const feedback = await feedbackForApplicant({ proposalId, orgId: startup.orgId });
    expect(feedback).toMatchObject({ rank: 1, ranked: 3, passesThresholds: true, consensus: { summary: `The panel agreed ${ORG_NAME}'s method is sound.` } });
    expect(feedback!.consensus!.total).toBeCloseTo(4.6, 9);
    expect(feedback!.calibrated).toBeCloseTo(byId[proposalId]!.calibrated, 9);
    expect(feedback!.criteria.map((c) => c.consensus)).toEqual([5, 4]);
    expect(JSON.stringify(feedback)).not.toContain(judges.j2.name);
    // Once feedback is out, the thresholds it was judged by stay.
    const late = await call(resultsPage.action, postRequest(`/my/challenges/${challengeId}/results`, { intent: "threshold", totalThreshold: "1" }, owner.cookie), { id: challengeId });
    expect(late.status).toBe(400);
  });
});
