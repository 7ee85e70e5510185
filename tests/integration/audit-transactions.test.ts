// An audited change commits with its audit row and its notices, or none of them does, through the real
// server. A test-only trigger (in this file's own database) makes one insert fail: the audit row of the
// pairing answer or of a pilot command, or the partner's notice after the answer. Each time the change
// must be rolled back with it, and nothing of it recorded.
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import {
  addMember, closeChallenge, createAdmin, createAttachment, createChallenge, createJudge, createKpi, createMeasurement, createMember, createMilestone,
  createOrg, createPairing, createPilotTeam, createProposal, createRegisterEntry, createReview, createSponsorship, createUser, nextTotpCode, PASSWORD,
  sessionCookieFor, ukDateFields,
} from "../support/factories";
import { pdfBytes } from "../support/files";
import { completeProposalForm } from "../support/proposal-form";
import { replaceRecoveryCodes } from "../../app/server/accounts/two-factor.server";
import { sessionIdFromToken } from "../../app/server/session.server";
import { failInserts } from "../support/owner-db";
import { readOwnAnswers } from "../../app/server/inclusion/answers.server";
import { useAppServer } from "../support/server";
import { encryptClientSecret } from "../../app/server/sso/secrets.server";

const web = useAppServer();
let restore: (() => Promise<void>) | undefined;
afterEach(async () => {
  await restore?.();
  restore = undefined;
});

/** A published pairing waiting for both answers. */
async function publishedPairing() {
  const owner = await createMember("public_body");
  const startup = await createMember("startup");
  const corp = await createMember("corporate");
  const challenge = await createChallenge(owner.orgId);
  const proposal = await createProposal(challenge.id, startup.orgId, { status: "submitted" });
  const sponsorship = await createSponsorship({ challenge_id: challenge.id, org_id: corp.orgId });
  const pairing = await createPairing({
    challenge_id: challenge.id, proposal_id: proposal.id, sponsorship_id: sponsorship.id, status: "published",
  });
  return { startup, corp, proposalId: proposal.id, sponsorshipId: sponsorship.id, pairingId: pairing.id };
}

const answers = (pairingId: string) =>
  db().selectFrom("pairings").select(["status", "startup_response", "sponsor_response"]).where("id", "=", pairingId).executeTakeFirstOrThrow();
const answerEvents = (pairingId: string) =>
  db().selectFrom("audit_events").select("detail").where("action", "=", "pairing.answered").where("subject_id", "=", pairingId).execute();
const partnerNotices = (userId: string) =>
  db().selectFrom("notifications").select("id").where("kind", "=", "partner_response").where("user_id", "=", userId).execute();

describe("the pairing answer", () => {
  it("is not saved, on either side, when its audit row cannot be written; then it is, with its row and notice", async () => {
    const p = await publishedPairing();
    restore = await failInserts("audit_events", "NEW.action = 'pairing.answered'");
    const startupAnswer = () => web.http.post(`/my/proposals/${p.proposalId}`, { intent: "partner-accept" }, p.startup.cookie);
    const sponsorAnswer = () => web.http.post(`/my/sponsorships/${p.sponsorshipId}`, { pairingId: p.pairingId, answer: "accept" }, p.corp.cookie);
    expect((await startupAnswer()).status).toBe(500);
    expect((await sponsorAnswer()).status).toBe(500);
    expect(await answers(p.pairingId)).toEqual({ status: "published", startup_response: "pending", sponsor_response: "pending" });
    expect(await partnerNotices(p.corp.user.id)).toEqual([]);
    expect(await partnerNotices(p.startup.user.id)).toEqual([]);

    await restore();
    restore = undefined;
    expect((await startupAnswer()).status).toBe(302);
    expect((await sponsorAnswer()).status).toBe(302);
    expect(await answers(p.pairingId)).toEqual({ status: "team", startup_response: "accepted", sponsor_response: "accepted" });
    expect((await answerEvents(p.pairingId)).map((e) => e.detail)).toEqual([{ side: "startup", accept: true }, { side: "sponsor", accept: true }]);
    expect(await partnerNotices(p.corp.user.id)).toHaveLength(1);
    expect(await partnerNotices(p.startup.user.id)).toHaveLength(1);
  });

  it("leaves no audit row and no answer when its notice cannot be written", async () => {
    const p = await publishedPairing();
    restore = await failInserts("notifications", "NEW.kind = 'partner_response'");
    expect((await web.http.post(`/my/proposals/${p.proposalId}`, { intent: "partner-decline" }, p.startup.cookie)).status).toBe(500);
    expect((await web.http.post(`/my/sponsorships/${p.sponsorshipId}`, { pairingId: p.pairingId, answer: "decline" }, p.corp.cookie)).status).toBe(500);
    expect(await answers(p.pairingId)).toEqual({ status: "published", startup_response: "pending", sponsor_response: "pending" });
    expect(await answerEvents(p.pairingId)).toEqual([]);
  });
});

describe("pilot commands", () => {
  it("plan, milestones, KPIs, approval, measurements and their review: none is saved when its audit row cannot be written", async () => {
    const t = await createPilotTeam();
    const plan = (form: Record<string, string>, cookie: string) => web.http.post(`/pilots/${t.pilotId}/plan`, form, cookie);
    const page = (form: Record<string, string>, cookie: string) => web.http.post(`/pilots/${t.pilotId}`, form, cookie);
    const pilotRow = () => db().selectFrom("pilots").select(["status", "starts_on", "approved_at"]).where("id", "=", t.pilotId).executeTakeFirstOrThrow();
    const count = async (table: "milestones" | "kpis") =>
      (await db().selectFrom(table).select("id").where("pilot_id", "=", t.pilotId).execute()).length;
    restore = await failInserts("audit_events", "NEW.subject_type = 'pilot'");

    // In the draft: dates, a milestone, a KPI.
    const dates = { intent: "plan", ...ukDateFields("startsOn", -30), ...ukDateFields("endsOn", 60) };
    const milestone = { intent: "milestone", title: "Sensors installed", ...ukDateFields("dueOn", 10), ownerOrgId: t.startup.orgId };
    const kpi = { intent: "kpi", name: "Complaints", unit: "a month", baseline: "40", target: "10", direction: "lower", frequency: "monthly" };
    expect((await plan(dates, t.startup.cookie)).status).toBe(500);
    expect((await plan(milestone, t.startup.cookie)).status).toBe(500);
    expect((await plan(kpi, t.body.cookie)).status).toBe(500);
    expect(await pilotRow()).toMatchObject({ starts_on: null });
    expect([await count("milestones"), await count("kpis")]).toEqual([0, 0]);

    // The same through the database, so the next commands have something to act on.
    await db().updateTable("pilots").set({ starts_on: "2026-01-01", ends_on: "2099-01-01" }).where("id", "=", t.pilotId).execute();
    const m = await createMilestone({ pilot_id: t.pilotId, owner_org_id: t.startup.orgId });
    const k = await createKpi({ pilot_id: t.pilotId });
    expect((await plan({ intent: "approve", confirm: "yes" }, t.body.cookie)).status).toBe(500);
    expect(await pilotRow()).toMatchObject({ status: "draft", approved_at: null });
    expect((await plan({ intent: "milestone-done", doneMilestoneId: m.id, ...ukDateFields("doneOn", -1) }, t.startup.cookie)).status).toBe(500);
    expect(await db().selectFrom("milestones").select("status").where("id", "=", m.id).executeTakeFirstOrThrow()).toEqual({ status: "planned" });

    await db().updateTable("pilots").set({ status: "approved", approved_at: new Date() }).where("id", "=", t.pilotId).execute();
    expect((await page({ intent: "record", kpiId: k.id, ...ukDateFields("measuredOn", -1), value: "30" }, t.startup.cookie)).status).toBe(500);
    expect(await db().selectFrom("measurements").select("id").execute()).toEqual([]);
    const measurement = await createMeasurement({ kpi_id: k.id, measured_on: "2026-02-01", value: 30 });
    expect((await page({ intent: "review", measurementId: measurement.id, decision: "verify" }, t.body.cookie)).status).toBe(500);
    expect(await db().selectFrom("measurements").select("status").where("id", "=", measurement.id).executeTakeFirstOrThrow()).toEqual({ status: "recorded" });

    const change = { intent: "propose-change", reason: "A later install", "moveMilestone.milestoneId": m.id, ...ukDateFields("moveMilestone.dueOn", 90) };
    expect((await plan(change, t.startup.cookie)).status).toBe(500);
    expect(await db().selectFrom("plan_change_requests").select("id").execute()).toEqual([]);

    // With the audit trail writable again, the same requests go through, each with its row.
    await restore();
    restore = undefined;
    expect((await page({ intent: "review", measurementId: measurement.id, decision: "verify" }, t.body.cookie)).status).toBe(302);
    expect((await plan(change, t.startup.cookie)).status).toBe(302);
    const trail = await db().selectFrom("audit_events").select("action").where("subject_id", "=", t.pilotId).orderBy("id").execute();
    expect(trail.map((e) => e.action)).toEqual(["pilot.measurement_reviewed", "pilot.plan_change_proposed"]);
  }, 30_000);
});

const REGISTER_FORM = {
  dataset: "Footfall counts", ownerOrganisation: "The council's town centre team", description: "Hourly counts from four cameras, no images kept",
  personalData: "no", purpose: "To compare footfall before and during the pilot", retention: "One year", access: "The start-up's analysts",
};

// The class: every other command that changes something, through its page. For each, an audit row that
// cannot be written (only that command's action is refused) leaves what it would have changed untouched
// and answers 500; with the trail writable again the same request goes through and its row is there.
interface Case {
  name: string;
  /** The audit action the command writes (only its insert is refused). */
  action: string;
  /** Prepares what the command acts on, and returns how to send it and how to read what it changes. */
  setup: () => Promise<{ send: () => Promise<Response>; state: () => Promise<unknown> }>;
}

async function themeAndArea() {
  const theme = await db().selectFrom("themes").select("id").where("slug", "=", "climate").executeTakeFirstOrThrow();
  const area = await db().selectFrom("areas").select("id").where("slug", "=", "camden").executeTakeFirstOrThrow();
  return { themeId: String(theme.id), areaId: String(area.id) };
}

async function challengeForm(title: string): Promise<Record<string, string | string[]>> {
  const { themeId, areaId } = await themeAndArea();
  const year = String(new Date().getFullYear() + 1);
  return {
    title, summary: "Cut children's exposure to traffic pollution on the walk to school.",
    problemStatement: "Children walking to school breathe some of the most polluted air in the borough, and it harms their lungs.",
    themeId, areaIds: [areaId], fundingKind: "budget", fundingGbp: "75000", pilotWeeks: "16",
    "opensAt.day": "1", "opensAt.month": "2", "opensAt.year": year, "closesAt.day": "1", "closesAt.month": "4", "closesAt.year": year,
    blindReview: "no", reviewsPerProposal: "3", eligibilityQuestions: "",
    "criteria[0].name": "Impact", "criteria[0].weight": "70", "criteria[1].name": "Feasibility", "criteria[1].weight": "30",
  };
}

/** A closed challenge with one submitted proposal and two judges, the first assigned to it. */
async function judgedChallenge() {
  const owner = await createMember("public_body");
  const startup = await createMember("startup");
  const challenge = await createChallenge(owner.orgId);
  const proposal = await createProposal(challenge.id, startup.orgId, { status: "submitted" });
  await closeChallenge(challenge.id);
  await db().updateTable("challenges").set({ status: "judging" }).where("id", "=", challenge.id).execute();
  await db().updateTable("proposals").set({ status: "under_review" }).where("id", "=", proposal.id).execute();
  const judge = async () => {
    const user = await createUser();
    const row = await createJudge({ challenge_id: challenge.id, user_id: user.id, capacity: 3 });
    return { userId: user.id, judgeId: row.id, cookie: await sessionCookieFor(user.id, null) };
  };
  const [first, second] = [await judge(), await judge()];
  const review = await createReview({ challenge_id: challenge.id, proposal_id: proposal.id, judge_id: first.judgeId, manual: true });
  return { owner, startup, challengeId: challenge.id, proposalId: proposal.id, first, second, reviewId: review.id };
}

const reviewState = (id: string) => db().selectFrom("reviews").select(["status", "judge_id", "comment"]).where("id", "=", id).executeTakeFirst();

const CASES: Case[] = [
  {
    name: "drafting a challenge", action: "challenge.created",
    async setup() {
      const owner = await createMember("public_body");
      const form = await challengeForm("Quieter streets near schools");
      return {
        send: () => web.http.post("/my/challenges/new", form, owner.cookie),
        state: () => db().selectFrom("challenges").select("id").where("org_id", "=", owner.orgId).execute(),
      };
    },
  },
  {
    name: "editing a challenge", action: "challenge.updated",
    async setup() {
      const owner = await createMember("public_body");
      const c = await createChallenge(owner.orgId, { status: "draft", title: "Before the edit" });
      const form = await challengeForm("After the edit");
      return {
        send: () => web.http.post(`/my/challenges/${c.id}/edit`, form, owner.cookie),
        state: () => db().selectFrom("challenges").select("title").where("id", "=", c.id).executeTakeFirstOrThrow(),
      };
    },
  },
  {
    name: "asking a question about a challenge", action: "clarification.asked",
    async setup() {
      const owner = await createMember("public_body");
      const startup = await createMember("startup");
      const c = await createChallenge(owner.orgId);
      const state = async () => ({
        questions: await db().selectFrom("clarifications").select("asked_text").where("challenge_id", "=", c.id).execute(),
        notices: await db().selectFrom("notifications").select("kind").where("user_id", "=", owner.user.id).execute(),
      });
      return { send: () => web.http.post(`/challenges/${c.id}/questions`, { question: "Can the pilot run in two boroughs?" }, startup.cookie), state };
    },
  },
  ...(["answer", "change"] as const).map((how): Case => ({
    name: how === "answer" ? "publishing an answer to a question" : "changing an open challenge's rubric (a published clarification)",
    action: "clarification.published",
    async setup() {
      const owner = await createMember("public_body");
      const startup = await createMember("startup");
      const c = await createChallenge(owner.orgId, { status: "draft" });
      // Edited as a draft (before it opened), then opened: the form's dates are the stored ones from here on.
      await web.http.post(`/my/challenges/${c.id}/edit`, await challengeForm("Open call"), owner.cookie);
      await db().updateTable("challenges").set({ status: "published", opens_at: sql`now() - interval '1 day'` }).where("id", "=", c.id).execute();
      await createProposal(c.id, startup.orgId);
      const opened = await db().selectFrom("challenges").select("opens_at").where("id", "=", c.id).executeTakeFirstOrThrow();
      const [y, m, d] = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(opened.opens_at).split("-");
      const asked = await db().insertInto("clarifications").values({ challenge_id: c.id, kind: "question", asked_text: "Who owns the data?", question: "Who owns the data?", asked_at: new Date() })
        .returning("id").executeTakeFirstOrThrow();
      const state = async () => ({
        rows: await db().selectFrom("clarifications").select(["status", "answer"]).where("challenge_id", "=", c.id).orderBy("created_at").execute(),
        weights: await db().selectFrom("rubric_criteria").select("weight").where("challenge_id", "=", c.id).orderBy("position").execute(),
        notices: await db().selectFrom("notifications").select("kind").where("user_id", "=", startup.user.id).execute(),
      });
      const send = how === "answer"
        ? () => web.http.post(`/my/challenges/${c.id}/clarifications`, { intent: "answer", clarificationId: asked.id, question: "Who owns the data?", answer: "The council does." }, owner.cookie)
        : async () => web.http.post(`/my/challenges/${c.id}/edit`, {
          ...(await challengeForm("Open call")), "opensAt.day": String(Number(d)), "opensAt.month": String(Number(m)), "opensAt.year": y!,
          "criteria[0].weight": "60", "criteria[1].weight": "40", clarification: "Feasibility matters more than we said.",
        }, owner.cookie);
      return { send, state };
    },
  })),
  {
    name: "publishing a challenge", action: "challenge.published",
    async setup() {
      const owner = await createMember("public_body", { verified: true });
      const c = await createChallenge(owner.orgId, { status: "draft" });
      return {
        send: () => web.http.post(`/my/challenges/${c.id}`, { intent: "publish", confirm: "yes" }, owner.cookie),
        state: () => db().selectFrom("challenges").select("status").where("id", "=", c.id).executeTakeFirstOrThrow(),
      };
    },
  },
  {
    name: "starting a proposal", action: "proposal.created",
    async setup() {
      const owner = await createMember("public_body");
      const startup = await createMember("startup");
      const c = await createChallenge(owner.orgId, { questions: [] });
      return {
        send: () => web.http.post(`/challenges/${c.id}/apply`, {}, startup.cookie),
        state: () => db().selectFrom("proposals").select("id").where("org_id", "=", startup.orgId).execute(),
      };
    },
  },
  ...(["save", "submit"] as const).map((intent): Case => ({
    name: `${intent === "save" ? "saving" : "submitting"} a proposal`, action: intent === "save" ? "proposal.updated" : "proposal.submitted",
    async setup() {
      const owner = await createMember("public_body");
      const startup = await createMember("startup");
      const c = await createChallenge(owner.orgId, { questions: [] });
      const p = await createProposal(c.id, startup.orgId);
      return {
        send: () => web.http.post(`/my/proposals/${p.id}`, completeProposalForm(null, intent), startup.cookie),
        state: () => db().selectFrom("proposals").select(["title", "status"]).where("id", "=", p.id).executeTakeFirstOrThrow(),
      };
    },
  })),
  {
    name: "withdrawing a proposal", action: "proposal.withdrawn",
    async setup() {
      const owner = await createMember("public_body");
      const startup = await createMember("startup");
      const p = await createProposal((await createChallenge(owner.orgId)).id, startup.orgId, { status: "submitted" });
      return {
        send: () => web.http.post(`/my/proposals/${p.id}`, { intent: "withdraw" }, startup.cookie),
        state: () => db().selectFrom("proposals").select("status").where("id", "=", p.id).executeTakeFirstOrThrow(),
      };
    },
  },
  ...([["save", "review.saved"], ["submit", "review.submitted"], ["recuse", "review.recused"]] as const).map(([intent, action]): Case => ({
    name: `a judge's review: ${intent}`, action,
    async setup() {
      const j = await judgedChallenge();
      const criteria = await db().selectFrom("rubric_criteria").select("id").where("challenge_id", "=", j.challengeId).execute();
      const scores = Object.fromEntries(criteria.map((c) => [`scores.${c.id}.score`, "4"]));
      return {
        send: () => web.http.post(`/judging/reviews/${j.reviewId}`, { intent, comment: "Clear and costed.", reason: "I advise them", ...scores }, j.first.cookie),
        state: () => reviewState(j.reviewId),
      };
    },
  })),
  ...(["move", "remove"] as const).map((intent): Case => ({
    name: `the owner's assignments: ${intent}`, action: "judging.updated",
    async setup() {
      const j = await judgedChallenge();
      return {
        send: () => web.http.post(`/my/challenges/${j.challengeId}/assignments`, { intent, reviewId: j.reviewId, toJudgeId: j.second.judgeId }, j.owner.cookie),
        state: () => reviewState(j.reviewId),
      };
    },
  })),
  {
    name: "asking for a job run (assign judges)", action: "judging.updated",
    async setup() {
      const j = await judgedChallenge();
      return {
        send: () => web.http.post(`/my/challenges/${j.challengeId}/assignments`, { intent: "assign" }, j.owner.cookie),
        state: () => db().selectFrom("job_runs").select("kind").where("challenge_id", "=", j.challengeId).execute(),
      };
    },
  },
  ...(["shortlist", "release"] as const).map((intent): Case => ({
    name: `the owner's results: ${intent}`, action: "challenge.updated",
    async setup() {
      const j = await judgedChallenge();
      const run = await db().insertInto("job_runs").values({ kind: "score-proposals", challenge_id: j.challengeId, requested_by: j.owner.user.id, status: "completed" })
        .returning("id").executeTakeFirstOrThrow();
      await db().insertInto("proposal_scores").values({
        challenge_id: j.challengeId, proposal_id: j.proposalId, run_id: run.id, raw: 4, calibrated: 4, uncertainty: 0.5, review_count: 1,
        disagreement: false, passes_thresholds: true, criterion_means: sql`'{}'::jsonb`, rank: 1,
      }).execute();
      return {
        send: () => web.http.post(`/my/challenges/${j.challengeId}/results`, { intent, shortlist: j.proposalId, confirm: "yes" }, j.owner.cookie),
        state: async () => [
          await db().selectFrom("proposals").select("status").where("id", "=", j.proposalId).executeTakeFirstOrThrow(),
          await db().selectFrom("challenges").select("feedback_released_at").where("id", "=", j.challengeId).executeTakeFirstOrThrow(),
          await db().selectFrom("notifications").select("id").where("kind", "=", "feedback_released").execute(),
        ],
      };
    },
  })),
  ...(["lock", "exclude", "publish"] as const).map((intent): Case => ({
    name: `the owner's pairing: ${intent}`, action: "pairing.updated",
    async setup() {
      const p = await publishedPairing();
      await db().updateTable("pairings").set({ status: "proposed" }).where("id", "=", p.pairingId).execute();
      const c = await db().selectFrom("pairings").innerJoin("challenges", "challenges.id", "pairings.challenge_id")
        .select(["challenges.id", "challenges.org_id"]).where("pairings.id", "=", p.pairingId).executeTakeFirstOrThrow();
      await closeChallenge(c.id);
      const owner = await sessionCookieFor((await db().selectFrom("memberships").select("user_id").where("org_id", "=", c.org_id).executeTakeFirstOrThrow()).user_id, c.org_id);
      return {
        send: () => web.http.post(`/my/challenges/${c.id}/pairing`, { intent, pairingId: p.pairingId, confirm: "yes" }, owner),
        state: async () => [
          await db().selectFrom("pairings").select(["status", "locked"]).where("id", "=", p.pairingId).executeTakeFirst(),
          await db().selectFrom("notifications").select("id").where("kind", "=", "pairing_published").execute(),
        ],
      };
    },
  })),
  {
    name: "creating an organisation", action: "organisation.created",
    async setup() {
      const user = await createUser();
      const cookie = await sessionCookieFor(user.id, null);
      return {
        send: () => web.http.post("/organisations/new", { name: "Quiet Streets Ltd", kind: "startup", description: "We make streets quieter." }, cookie),
        state: () => db().selectFrom("memberships").select("org_id").where("user_id", "=", user.id).execute(),
      };
    },
  },
  {
    name: "joining an organisation", action: "organisation.member_joined",
    async setup() {
      const org = await createOrg("startup");
      const code = (await db().selectFrom("organisations").select("join_code").where("id", "=", org.id).executeTakeFirstOrThrow()).join_code;
      const user = await createUser();
      const cookie = await sessionCookieFor(user.id, null);
      return {
        send: () => web.http.post("/organisations/join", { code }, cookie),
        state: () => db().selectFrom("memberships").select("org_id").where("user_id", "=", user.id).execute(),
      };
    },
  },
  ...([["remove", "organisation.member_removed"], ["promote", "organisation.member_role_changed"], ["rotate-code", "organisation.join_code_rotated"]] as const)
    .map(([intent, action]): Case => ({
      name: `an organisation's members: ${intent}`, action,
      async setup() {
        const admin = await createMember("startup");
        const other = await createUser();
        await addMember(other.id, admin.orgId);
        return {
          send: () => web.http.post(`/organisations/${admin.orgId}/members`, { intent, userId: other.id }, admin.cookie),
          state: async () => [
            await db().selectFrom("memberships").select(["user_id", "role"]).where("org_id", "=", admin.orgId).orderBy("user_id").execute(),
            await db().selectFrom("organisations").select("join_code").where("id", "=", admin.orgId).executeTakeFirstOrThrow(),
          ],
        };
      },
    })),
  {
    name: "offering sponsorship", action: "sponsorship.offered",
    async setup() {
      const owner = await createMember("public_body");
      const corp = await createMember("corporate");
      const challenge = await createChallenge(owner.orgId);
      return {
        send: () => web.http.post(`/challenges/${challenge.id}/sponsor`, { fundingGbp: "20000", capacity: "1", trlMin: "1", trlMax: "9" }, corp.cookie),
        state: () => db().selectFrom("sponsorships").select(["status", "funding_gbp"]).where("challenge_id", "=", challenge.id).execute(),
      };
    },
  },
  {
    name: "deciding on a sponsorship offer", action: "sponsorship.decided",
    async setup() {
      const owner = await createMember("public_body");
      const corp = await createMember("corporate");
      const challenge = await createChallenge(owner.orgId);
      const offer = await db().insertInto("sponsorships").values({ challenge_id: challenge.id, org_id: corp.orgId, capacity: 1, funding_gbp: 5000 })
        .returning("id").executeTakeFirstOrThrow();
      return {
        send: () => web.http.post(`/my/challenges/${challenge.id}/sponsors`, { sponsorshipId: offer.id, decision: "decline" }, owner.cookie),
        state: () => db().selectFrom("sponsorships").select(["status", "decided_at"]).where("id", "=", offer.id).executeTakeFirstOrThrow(),
      };
    },
  },
  {
    name: "verifying an organisation", action: "organisation.verified",
    async setup() {
      const admin = await createAdmin();
      const org = await createOrg("public_body", { verified: false });
      return {
        send: () => web.http.post("/admin/organisations", { orgId: org.id, verified: "yes" }, admin.cookie),
        state: () => db().selectFrom("organisations").select("verified_at").where("id", "=", org.id).executeTakeFirstOrThrow(),
      };
    },
  },
  {
    name: "setting the pairing weights", action: "pairing.updated",
    async setup() {
      const admin = await createAdmin();
      return {
        send: () => web.http.post("/admin/pairing", { intent: "weights", score: "50", preferences: "20", needs: "10", readiness: "10", area: "10" }, admin.cookie),
        state: () => db().selectFrom("programme_settings").select("value").execute(),
      };
    },
  },
  ...([["themes", "/admin/themes", { name: "Safer streets", description: "Roads, crossings and pavements that keep people safe." }],
    ["in_kind_types", "/admin/in-kind", { name: "Office space" }]] as const).map(([list, path, form]): Case => ({
    name: `adding to the vocabulary: ${list}`, action: "vocabulary.updated",
    async setup() {
      const admin = await createAdmin();
      return {
        send: () => web.http.post(path, form, admin.cookie),
        state: () => db().selectFrom(list).select("slug").orderBy("slug").execute(),
      };
    },
  })),
  {
    name: "deleting an account", action: "account.deleted",
    async setup() {
      const user = await createUser();
      const cookie = await sessionCookieFor(user.id, null);
      return {
        send: () => web.http.post("/account/delete", { password: PASSWORD, confirm: "yes" }, cookie),
        state: () => db().selectFrom("users").select(["email", "name"]).where("id", "=", user.id).executeTakeFirstOrThrow(),
      };
    },
  },
  ...([["regenerate", "account.recovery_codes_replaced"], ["disable", "account.two_factor_disabled"]] as const).map(([intent, action]): Case => ({
    name: `the second factor: ${intent}`, action,
    async setup() {
      const user = await createUser();
      const cookie = await sessionCookieFor(user.id, null);
      await replaceRecoveryCodes(user.id);
      return {
        // A fresh code each time: the one sent first is spent even though its change was refused.
        send: async () => web.http.post("/account/two-factor", { intent, code: await nextTotpCode(user.id) }, cookie),
        state: async () => [
          await db().selectFrom("recovery_codes").select("code_hash").where("user_id", "=", user.id).orderBy("code_hash").execute(),
          await db().selectFrom("users").select("two_factor_enabled_at").where("id", "=", user.id).executeTakeFirstOrThrow(),
        ],
      };
    },
  })),
  {
    name: "confirming an e-mail address", action: "account.email_confirmed",
    async setup() {
      const user = await createUser({ confirmed: false });
      const token = "abcdefghijklmnopqrstuvwxyz234567";
      await db().insertInto("email_tokens").values({
        user_id: user.id, token_hash: sessionIdFromToken(token), email: user.email, pending_name: null, pending_password_hash: null,
        expires_at: new Date(Date.now() + 60 * 60 * 1000),
      }).execute();
      return {
        send: () => web.http.post(`/confirm-email/${token}`, {}),
        state: () => db().selectFrom("users").select("email_confirmed_at").where("id", "=", user.id).executeTakeFirstOrThrow(),
      };
    },
  },
  ...(["uploaded", "deleted"] as const).map((what): Case => ({
    name: `a proposal's file ${what}`, action: `attachment.${what}`,
    async setup() {
      const owner = await createMember("public_body");
      const startup = await createMember("startup");
      const p = await createProposal((await createChallenge(owner.orgId)).id, startup.orgId);
      const existing = await createAttachment({ proposalId: p.id }, { orgId: startup.orgId, userId: startup.user.id });
      const send = () => {
        if (what === "deleted") return web.http.post(`/my/proposals/${p.id}`, { intent: "delete-attachment", attachmentId: existing.id }, startup.cookie);
        const form = new FormData();
        form.append("file", new Blob([new Uint8Array(pdfBytes())], { type: "application/pdf" }), "plan.pdf");
        return fetch(`${web.app.url}/my/proposals/${p.id}`, { method: "POST", body: form, headers: { Cookie: startup.cookie, Origin: web.app.url }, redirect: "manual" });
      };
      return { send, state: () => db().selectFrom("attachments").select("id").where("proposal_id", "=", p.id).orderBy("id").execute() };
    },
  })),
  // A two-stage call (decision 032): an expression of interest sent, and the owner's choice of whom to invite.
  {
    name: "sending an expression of interest", action: "proposal.eoi_sent",
    async setup() {
      const owner = await createMember("public_body");
      const startup = await createMember("startup");
      const c = await createChallenge(owner.orgId, { questions: [], eoiClosesAt: new Date(Date.now() + 5 * 86_400_000) });
      const p = await createProposal(c.id, startup.orgId);
      return {
        send: () => web.http.post(`/my/proposals/${p.id}`, { intent: "submit", title: "Sensors at school gates", summary: "Sensors outside every school gate, with alerts for parents and a map for the council." }, startup.cookie),
        state: async () => ({
          row: await db().selectFrom("proposals").select(["summary", "eoi_submitted_at"]).where("id", "=", p.id).executeTakeFirstOrThrow(),
          notices: await db().selectFrom("notifications").select("id").where("user_id", "=", startup.user.id).execute(),
        }),
      };
    },
  },
  {
    name: "choosing whom a two-stage call invites", action: "proposal.invited_to_stage_two",
    async setup() {
      const owner = await createMember("public_body");
      const startup = await createMember("startup");
      const c = await createChallenge(owner.orgId, { questions: [], opensAt: new Date(Date.now() - 10 * 86_400_000), eoiClosesAt: new Date(Date.now() - 60_000) });
      const p = await createProposal(c.id, startup.orgId);
      await db().updateTable("proposals").set({ eoi_submitted_at: new Date(Date.now() - 86_400_000) }).where("id", "=", p.id).execute();
      return {
        send: () => web.http.post(`/my/challenges/${c.id}/stage-two`, { invited: p.id, message: "Thank you: we invite everyone with a site ready." }, owner.cookie),
        state: async () => ({
          proposal: await db().selectFrom("proposals").select("stage_two").where("id", "=", p.id).executeTakeFirstOrThrow(),
          challenge: await db().selectFrom("challenges").select(["stage_two_decided_at", "stage_two_message"]).where("id", "=", c.id).executeTakeFirstOrThrow(),
          notices: await db().selectFrom("notifications").select("id").where("user_id", "=", startup.user.id).execute(),
        }),
      };
    },
  },
  // The panel's discussion and consensus report (decision 025): the first judge's review is submitted.
  ...(["message", "rapporteur", "save", "submit"] as const).map((step): Case => ({
    name: `the panel and consensus: ${step}`,
    action: ({ message: "panel.message_posted", rapporteur: "consensus.rapporteur_chosen", save: "consensus.saved", submit: "consensus.submitted" } as const)[step],
    async setup() {
      const j = await judgedChallenge();
      await db().updateTable("reviews").set({ status: "submitted", submitted_at: new Date() }).where("id", "=", j.reviewId).execute();
      const criteria = await db().selectFrom("rubric_criteria").select("id").where("challenge_id", "=", j.challengeId).execute();
      if (step === "save" || step === "submit") {
        await db().insertInto("consensus_reports").values({ proposal_id: j.proposalId, challenge_id: j.challengeId, rapporteur_judge_id: j.first.judgeId }).execute();
      }
      const panel = `/judging/proposals/${j.proposalId}/panel`;
      const scores = Object.fromEntries(criteria.map((c) => [`scores.${c.id}.score`, "4"]));
      const send = () => step === "message" ? web.http.post(panel, { intent: "message", body: "Shall we agree on 4?" }, j.first.cookie)
        : step === "rapporteur" ? web.http.post(`/my/challenges/${j.challengeId}/proposals/${j.proposalId}`, { rapporteur: j.first.judgeId }, j.owner.cookie)
          : web.http.post(panel, { intent: step, summary: "Agreed.", ...scores }, j.first.cookie);
      const state = async () => ({
        messages: await db().selectFrom("panel_messages").select("body").where("proposal_id", "=", j.proposalId).execute(),
        report: await db().selectFrom("consensus_reports").select(["status", "summary", "rapporteur_judge_id"]).where("proposal_id", "=", j.proposalId).executeTakeFirst(),
        scores: await db().selectFrom("consensus_scores").select("score").where("proposal_id", "=", j.proposalId).execute(),
        notices: await db().selectFrom("notifications").select("kind").where("user_id", "=", j.first.userId).where("kind", "in", ["rapporteur_chosen", "consensus_submitted"]).execute(),
      });
      return { send, state };
    },
  })),
  {
    name: "the owner's total threshold", action: "challenge.updated",
    async setup() {
      const j = await judgedChallenge();
      return {
        send: () => web.http.post(`/my/challenges/${j.challengeId}/results`, { intent: "threshold", totalThreshold: "3.33" }, j.owner.cookie),
        state: () => db().selectFrom("challenges").select("total_threshold").where("id", "=", j.challengeId).executeTakeFirstOrThrow(),
      };
    },
  },
  {
    // Decision 026: the message, its notice to the owner and its audit row commit together.
    name: "posting a message on a proposal", action: "message.posted",
    async setup() {
      const owner = await createMember("public_body");
      const startup = await createMember("startup");
      const challenge = await createChallenge(owner.orgId);
      const p = await createProposal(challenge.id, startup.orgId, { status: "submitted" });
      await closeChallenge(challenge.id);
      return {
        send: () => web.http.post(`/proposals/${p.id}/messages`, { message: "When could we visit the depot?" }, startup.cookie),
        state: async () => ({
          messages: await db().selectFrom("proposal_messages").select("id").where("proposal_id", "=", p.id).execute(),
          notices: await db().selectFrom("notifications").select("id").where("user_id", "=", owner.user.id).where("kind", "=", "proposal_message").execute(),
        }),
      };
    },
  },
  ...(["answered", "withdrawn"] as const).map((step): Case => ({
    name: `${step === "answered" ? "answering" : "withdrawing"} equality monitoring`, action: `monitoring.${step}`,
    async setup() {
      const founder = await createMember("startup");
      const answers = { gender: "woman", ethnicity: "black", disability: "no", age_band: "25_34", borough: "hackney" };
      if (step === "withdrawn") await sql`SELECT monitoring_save(${founder.user.id}::uuid, 'woman', 'black', 'no', '25_34', 'hackney')`.execute(db());
      return {
        send: () => web.http.post("/account/monitoring", step === "answered" ? { intent: "save", ...answers } : { intent: "withdraw" }, founder.cookie),
        state: () => readOwnAnswers(founder.user.id),
      };
    },
  })),
  // Decision 034: the data register. Declaring, changing (a new version after approval) and approving.
  {
    name: "declaring a dataset in a pilot's data register", action: "register.declared",
    async setup() {
      const t = await createPilotTeam();
      return {
        send: () => web.http.post(`/pilots/${t.pilotId}/data/declare`, REGISTER_FORM, t.startup.cookie),
        state: async () => ({
          entries: await db().selectFrom("data_register_entries").select("id").where("pilot_id", "=", t.pilotId).execute(),
          notices: await db().selectFrom("notifications").select("id").where("user_id", "=", t.body.user.id).where("kind", "=", "register_awaiting").execute(),
        }),
      };
    },
  },
  {
    name: "changing an approved data-register entry", action: "register.changed",
    async setup() {
      const t = await createPilotTeam();
      const { entryId } = await createRegisterEntry(t.pilotId, t.startup.orgId, { status: "approved", approved_at: new Date() });
      return {
        send: () => web.http.post(`/pilots/${t.pilotId}/data/declare`, { ...REGISTER_FORM, entryId }, t.corp.cookie),
        state: () => db().selectFrom("data_register_versions").select(["version", "status", "dataset"]).where("entry_id", "=", entryId).orderBy("version").execute(),
      };
    },
  },
  {
    name: "approving a data-register entry", action: "register.approved",
    async setup() {
      const t = await createPilotTeam();
      const { entryId } = await createRegisterEntry(t.pilotId, t.startup.orgId);
      return {
        send: () => web.http.post(`/pilots/${t.pilotId}/data`, { intent: "approve", entryId, version: "1" }, t.body.cookie),
        state: () => db().selectFrom("data_register_versions").select(["status", "approved_at"]).where("entry_id", "=", entryId).execute(),
      };
    },
  },
  // Residents (decision 035): each command commits with its row, or not at all.
  ...residentCases(),
  // Organisation API tokens (decision 038): made and revoked by an administrator, each with its row.
  {
    name: "making an organisation API token", action: "organisation.api_token_created",
    async setup() {
      const admin = await createMember("public_body");
      return {
        send: () => web.http.post(`/organisations/${admin.orgId}/api-tokens`, { intent: "create", name: "Warehouse", scope: "read" }, admin.cookie),
        state: () => db().selectFrom("api_tokens").select("name").where("org_id", "=", admin.orgId).execute(),
      };
    },
  },
  {
    name: "revoking an organisation API token", action: "organisation.api_token_revoked",
    async setup() {
      const admin = await createMember("startup");
      const token = await db().insertInto("api_tokens").values({ org_id: admin.orgId, name: "Old", scope: "write", token_hash: "b".repeat(64) }).returning("id").executeTakeFirstOrThrow();
      return {
        send: () => web.http.post(`/organisations/${admin.orgId}/api-tokens`, { intent: "revoke", tokenId: token.id }, admin.cookie),
        state: () => db().selectFrom("api_tokens").select("revoked_at").where("id", "=", token.id).executeTakeFirstOrThrow(),
      };
    },
  },
  // Single sign-on (decision 040): each change of an organisation's settings commits with its row.
  {
    name: "adding a single sign-on domain", action: "organisation.sso_domain_added",
    async setup() {
      const admin = await createMember("public_body");
      return {
        send: () => web.http.post(`/organisations/${admin.orgId}/sso`, { intent: "add-domain", domain: "audited.example" }, admin.cookie),
        state: () => db().selectFrom("sso_domains").select("domain").where("org_id", "=", admin.orgId).execute(),
      };
    },
  },
  {
    name: "turning single sign-on on", action: "organisation.sso_enabled",
    async setup() {
      const admin = await createMember("public_body");
      await db().insertInto("sso_connections").values({ org_id: admin.orgId, issuer: "https://idp.example", client_id: "c", client_secret: encryptClientSecret("s") }).execute();
      return {
        send: () => web.http.post(`/organisations/${admin.orgId}/sso`, { intent: "enable" }, admin.cookie),
        state: () => db().selectFrom("sso_connections").select(["enabled", "updated_by"]).where("org_id", "=", admin.orgId).executeTakeFirstOrThrow(),
      };
    },
  },
  {
    name: "removing a single sign-on domain", action: "organisation.sso_domain_removed",
    async setup() {
      const admin = await createMember("startup");
      const domain = await db().insertInto("sso_domains").values({ org_id: admin.orgId, domain: "removed.example", verification_token: "b".repeat(32) }).returning("id").executeTakeFirstOrThrow();
      return {
        send: () => web.http.post(`/organisations/${admin.orgId}/sso`, { intent: "remove-domain", domainId: domain.id }, admin.cookie),
        state: () => db().selectFrom("sso_domains").select("id").where("id", "=", domain.id).execute(),
      };
    },
  },
];

describe("every command that changes something", () => {
  for (const c of CASES) {
    it(`${c.name}: not saved when its audit row (${c.action}) cannot be written; then saved with it`, async () => {
      const { send, state } = await c.setup();
      const before = await state();
      restore = await failInserts("audit_events", `NEW.action = '${c.action}'`);
      expect((await send()).status, "the refused change").toBe(500);
      expect(await state(), "nothing of it is saved").toEqual(before);
      await restore();
      restore = undefined;
      const answered = await send();
      expect(answered.status, await answered.clone().text().then((t) => t.slice(0, 300))).toBeLessThan(400);
      expect(await state(), "the change is saved").not.toEqual(before);
      const rows = await db().selectFrom("audit_events").select("id").where("action", "=", c.action as never).execute();
      expect(rows.length, "with its audit row").toBeGreaterThan(0);
    }, 20_000);
  }
});

/** A resident's suggestion, published unless `pending`, and a signed-in resident to act on it. */
async function residentSuggestion(status: "pending" | "published" = "published") {
  const author = await createUser();
  const { themeId, areaId } = await themeAndArea();
  const s = await db().insertInto("suggestions").values({
    author_id: author.id, title: "Broken pavements", description: "People trip on the broken pavements near the clinic.",
    theme_id: Number(themeId), area_id: Number(areaId), status, published_at: status === "published" ? new Date() : null,
  }).returning("id").executeTakeFirstOrThrow();
  const resident = await createUser();
  return { id: s.id, authorId: author.id, resident: { id: resident.id, cookie: await sessionCookieFor(resident.id, null) } };
}

async function approvedPilot() {
  const t = await createPilotTeam();
  await db().updateTable("pilots").set({ status: "approved", approved_at: new Date(), starts_on: "2026-01-01", ends_on: "2099-01-01" }).where("id", "=", t.pilotId).execute();
  return t;
}

async function publishedFeedback(pilotId: string) {
  const author = await createUser();
  return db().insertInto("pilot_feedback").values({ pilot_id: pilotId, author_id: author.id, body: "The sensors help.", status: "published" }).returning("id").executeTakeFirstOrThrow();
}

function residentCases(): Case[] {
  const supports = (id: string) => db().selectFrom("suggestion_supports").select("user_id").where("suggestion_id", "=", id).execute();
  const suggestionRow = (id: string) => db().selectFrom("suggestions").select(["status", "challenge_id"]).where("id", "=", id).executeTakeFirstOrThrow();
  return [
    {
      name: "suggesting a problem", action: "suggestion.created",
      async setup() {
        const r = await residentSuggestion();
        const form = { title: "Dark alleys at night", description: "The alleys behind the station have no lights at night.", ...(await themeAndArea()) };
        return {
          send: () => web.http.post("/suggestions/new", form, r.resident.cookie),
          state: () => db().selectFrom("suggestions").select("id").where("author_id", "=", r.resident.id).execute(),
        };
      },
    },
    {
      name: "supporting a suggestion", action: "suggestion.supported",
      async setup() {
        const r = await residentSuggestion();
        return { send: () => web.http.post(`/suggestions/${r.id}`, { intent: "support" }, r.resident.cookie), state: () => supports(r.id) };
      },
    },
    {
      name: "withdrawing support", action: "suggestion.support_withdrawn",
      async setup() {
        const r = await residentSuggestion();
        await db().insertInto("suggestion_supports").values({ suggestion_id: r.id, user_id: r.resident.id }).execute();
        return { send: () => web.http.post(`/suggestions/${r.id}`, { intent: "withdraw" }, r.resident.cookie), state: () => supports(r.id) };
      },
    },
    {
      name: "moderating a suggestion", action: "suggestion.moderated",
      async setup() {
        const r = await residentSuggestion("pending");
        const admin = await createAdmin();
        return {
          send: () => web.http.post("/admin/suggestions", { decision: "publish", suggestionId: r.id }, admin.cookie),
          state: async () => ({ row: await suggestionRow(r.id), notices: await db().selectFrom("notifications").select("id").where("user_id", "=", r.authorId).execute() }),
        };
      },
    },
    {
      name: "reporting a suggestion", action: "content.reported",
      async setup() {
        const r = await residentSuggestion();
        return {
          send: () => web.http.post(`/suggestions/${r.id}`, { intent: "report", reason: "It is rude." }, r.resident.cookie),
          state: () => db().selectFrom("content_reports").select("id").where("suggestion_id", "=", r.id).execute(),
        };
      },
    },
    {
      name: "turning a suggestion into a challenge", action: "suggestion.turned_into_challenge",
      async setup() {
        const r = await residentSuggestion();
        const admin = await createAdmin();
        const body = await createMember("public_body");
        const c = await createChallenge(body.orgId);
        return { send: () => web.http.post(`/suggestions/${r.id}`, { intent: "link", challengeId: c.id }, admin.cookie), state: () => suggestionRow(r.id) };
      },
    },
    {
      name: "following a pilot", action: "follow.changed",
      async setup() {
        const t = await approvedPilot();
        const r = await residentSuggestion();
        return {
          send: () => web.http.post("/follows", { pilotId: t.pilotId, follow: "yes" }, r.resident.cookie),
          state: () => db().selectFrom("follows").select("id").where("pilot_id", "=", t.pilotId).execute(),
        };
      },
    },
    {
      name: "leaving feedback on a pilot", action: "feedback.left",
      async setup() {
        const t = await approvedPilot();
        const r = await residentSuggestion();
        return {
          send: () => web.http.post(`/pilots/${t.pilotId}/feedback`, { intent: "feedback", feedback: "The sensors near me work well." }, r.resident.cookie),
          state: () => db().selectFrom("pilot_feedback").select("id").where("pilot_id", "=", t.pilotId).execute(),
        };
      },
    },
    {
      name: "answering feedback on a pilot", action: "feedback.answered",
      async setup() {
        const t = await approvedPilot();
        const f = await publishedFeedback(t.pilotId);
        return {
          send: () => web.http.post(`/pilots/${t.pilotId}/feedback`, { intent: "answer", feedbackId: f.id, answer: "Thank you for this." }, t.body.cookie),
          state: () => db().selectFrom("pilot_feedback").select("answer").where("id", "=", f.id).executeTakeFirstOrThrow(),
        };
      },
    },
    {
      name: "dealing with a report", action: "content.report_resolved",
      async setup() {
        const r = await residentSuggestion();
        const admin = await createAdmin();
        const report = await db().insertInto("content_reports").values({ suggestion_id: r.id, reason: "Rude" }).returning("id").executeTakeFirstOrThrow();
        return {
          send: () => web.http.post("/admin/suggestions", { decision: "dismiss-report", reportId: report.id }, admin.cookie),
          state: () => db().selectFrom("content_reports").select("status").where("id", "=", report.id).executeTakeFirstOrThrow(),
        };
      },
    },
  ];
}
