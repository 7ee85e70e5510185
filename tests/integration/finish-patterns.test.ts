// Issue 13, "the finish users notice", over HTTP against the production build: irreversible actions ask
// twice and the server is what asks (without confirm=yes nothing changes); the check pages show every
// answer with a way to change it; submitting shows a confirmation page with a reference number and tells
// the truth about the e-mailed receipt; the task lists say what is done; hints state the rules.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import {
  closeChallenge, createChallenge, createKpi, createMember, createPairing, createPilotTeam, createProposal, createSponsorship, createUser, PASSWORD,
  sessionCookieFor,
} from "../support/factories";
import { decodeHtml } from "../support/http-client";
import { completeProposalForm } from "../support/proposal-form";
import { useAppServer } from "../support/server";

const web = useAppServer();

async function page(path: string, cookie?: string) {
  const res = await web.http.get(path, cookie);
  // React's markers between adjacent texts (<!-- -->) are no part of what a person reads.
  return { status: res.status, location: res.headers.get("location"), text: decodeHtml((await res.text()).replace(/<!-- -->/g, "")) };
}
async function post(path: string, fields: Record<string, string | string[]>, cookie?: string) {
  const res = await web.http.post(path, fields, cookie);
  return { status: res.status, location: res.headers.get("location"), text: decodeHtml((await res.text()).replace(/<!-- -->/g, "")) };
}
const auditCount = (action: string, subjectId: string) =>
  db().selectFrom("audit_events").select(sql<number>`count(*)::int`.as("n")).where("action", "=", action).where("subject_id", "=", subjectId)
    .executeTakeFirstOrThrow().then((r) => r.n);

/** A closed challenge in judging with `n` scored proposals, ranked 1..n. */
async function scoredChallenge(n: number) {
  const owner = await createMember("public_body");
  const challenge = await createChallenge(owner.orgId);
  const startups = [];
  const proposals: string[] = [];
  for (let i = 0; i < n; i++) {
    const startup = await createMember("startup");
    startups.push(startup);
    proposals.push((await createProposal(challenge.id, startup.orgId, { status: "submitted" })).id);
  }
  await closeChallenge(challenge.id);
  await db().updateTable("challenges").set({ status: "judging" }).where("id", "=", challenge.id).execute();
  await db().updateTable("proposals").set({ status: "under_review" }).where("id", "in", proposals).execute();
  const run = await db().insertInto("job_runs").values({ kind: "score-proposals", challenge_id: challenge.id, requested_by: owner.user.id, status: "completed" })
    .returning("id").executeTakeFirstOrThrow();
  await db().insertInto("proposal_scores").values(proposals.map((id, i) => ({
    challenge_id: challenge.id, proposal_id: id, run_id: run.id, raw: 4 - i * 0.5, calibrated: 4 - i * 0.5, uncertainty: 0.3, review_count: 2,
    disagreement: false, passes_thresholds: true, criterion_means: sql`'{}'::jsonb`, rank: i + 1,
  }))).execute();
  return { owner, challengeId: challenge.id, startups, proposals };
}

describe("irreversible actions are done only with confirm=yes, which only their confirm step sends", () => {
  it("releasing feedback: the first button shows the warning and a second button, and releases nothing", async () => {
    const s = await scoredChallenge(2);
    const path = `/my/challenges/${s.challengeId}/results`;
    expect((await page(path, s.owner.cookie)).text).toContain("You will be asked to confirm");

    const asked = await post(path, { intent: "release" }, s.owner.cookie);
    expect(asked.status).toBe(200);
    expect(asked.text).toContain("Are you sure you want to release feedback?");
    expect(asked.text).toContain("Releasing feedback cannot be undone");
    expect(asked.text).toMatch(/<button type="submit" name="confirm" value="yes"[^>]*>Yes, release feedback<\/button>/);
    const state = () => db().selectFrom("challenges").select(["feedback_released_at", "status"]).where("id", "=", s.challengeId).executeTakeFirstOrThrow();
    expect(await state()).toEqual({ feedback_released_at: null, status: "judging" });
    expect(await db().selectFrom("notifications").select("id").where("kind", "=", "feedback_released").where("user_id", "=", s.startups[0]!.user.id).execute()).toEqual([]);
    expect(await post(path, { intent: "release", confirm: "no" }, s.owner.cookie)).toMatchObject({ status: 200 });
    expect((await state()).feedback_released_at).toBeNull();

    const done = await post(path, { intent: "release", confirm: "yes" }, s.owner.cookie);
    expect(done).toMatchObject({ status: 302, location: `${path}?notice=feedback-released` });
    expect((await state()).feedback_released_at).not.toBeNull();
    expect((await page(done.location!, s.owner.cookie)).text).toContain("Feedback has been released to applicants.");
  });

  it("publishing a pairing: refused without the confirmation, published with it", async () => {
    const owner = await createMember("public_body");
    const startup = await createMember("startup");
    const corp = await createMember("corporate");
    const challenge = await createChallenge(owner.orgId);
    const proposal = await createProposal(challenge.id, startup.orgId, { status: "submitted" });
    await closeChallenge(challenge.id);
    const sponsorship = await createSponsorship({ challenge_id: challenge.id, org_id: corp.orgId });
    const pairing = await createPairing({
      challenge_id: challenge.id, proposal_id: proposal.id, sponsorship_id: sponsorship.id,
    });
    const path = `/my/challenges/${challenge.id}/pairing`;
    const state = () => db().selectFrom("pairings").select("status").where("id", "=", pairing.id).executeTakeFirstOrThrow().then((r) => r.status);

    const asked = await post(path, { intent: "publish" }, owner.cookie);
    expect(asked.status).toBe(200);
    expect(asked.text).toContain("Are you sure you want to publish the pairing?");
    expect(asked.text).toContain("Yes, publish the pairing");
    expect(await state()).toBe("proposed");
    expect(await auditCount("pairing.updated", challenge.id)).toBe(0);

    expect(await post(path, { intent: "publish", confirm: "yes" }, owner.cookie)).toMatchObject({ status: 302, location: `${path}?notice=pairing-published` });
    expect(await state()).toBe("published");
  });

  it("approving a pilot plan: refused without the confirmation, approved with it, then the pilot's page says so", async () => {
    const t = await createPilotTeam();
    await db().updateTable("pilots").set({ starts_on: "2026-01-01", ends_on: "2099-01-01" }).where("id", "=", t.pilotId).execute();
    await createKpi({ pilot_id: t.pilotId });
    const path = `/pilots/${t.pilotId}/plan`;
    const state = () => db().selectFrom("pilots").select(["status", "approved_at"]).where("id", "=", t.pilotId).executeTakeFirstOrThrow();

    const asked = await post(path, { intent: "approve" }, t.body.cookie);
    expect(asked.status).toBe(200);
    expect(asked.text).toContain("Are you sure you want to approve the plan?");
    expect(asked.text).toContain("Approving cannot be undone");
    expect(await state()).toEqual({ status: "draft", approved_at: null });
    // The start-up may not approve, confirmed or not.
    expect((await post(path, { intent: "approve", confirm: "yes" }, t.startup.cookie)).status).toBe(403);

    const done = await post(path, { intent: "approve", confirm: "yes" }, t.body.cookie);
    expect(done).toMatchObject({ status: 302, location: `/pilots/${t.pilotId}?notice=pilot-approved` });
    expect((await state()).status).toBe("approved");
    expect((await page(done.location!, t.body.cookie)).text).toContain("The plan has been approved.");
  });

  it("deleting an account: the right password alone deletes nothing; confirmed, the user lands on a page saying the account is gone", async () => {
    const me = await createMember("startup");
    const asked = await post("/account/delete", { password: PASSWORD }, me.cookie);
    expect(asked.status).toBe(200);
    expect(await db().selectFrom("users").select(["email", "name"]).where("id", "=", me.user.id).executeTakeFirstOrThrow()).toEqual({ email: me.user.email, name: me.user.name });
    expect((await page("/account", me.cookie)).status).toBe(200); // still signed in

    const page1 = await page("/account/delete", me.cookie);
    expect(page1.text).toContain("This cannot be undone");
    expect(page1.text).toMatch(/<button type="submit" name="confirm" value="yes"[^>]*>Yes, delete my account<\/button>/);

    const done = await post("/account/delete", { password: PASSWORD, confirm: "yes" }, me.cookie);
    expect(done).toMatchObject({ status: 302, location: "/account/deleted" });
    expect((await db().selectFrom("users").select("name").where("id", "=", me.user.id).executeTakeFirstOrThrow()).name).toBe("Deleted user");
    const gone = await page("/account/deleted");
    expect(gone.status).toBe(200);
    expect(gone.text).toContain('<h1 class="govuk-panel__title">Your account has been deleted</h1>');
    expect((await page("/account", me.cookie)).status).toBe(302); // signed out
  });

  it("publishing a challenge: the page links to the check page; a publish without confirm=yes is sent there and changes nothing", async () => {
    const owner = await createMember("public_body", { verified: true });
    const draft = await createChallenge(owner.orgId, { status: "draft", title: "Dementia-friendly high streets", questions: ["Are you registered in the UK?"] });
    const status = () => db().selectFrom("challenges").select("status").where("id", "=", draft.id).executeTakeFirstOrThrow().then((r) => r.status);
    const manage = await page(`/my/challenges/${draft.id}`, owner.cookie);
    expect(manage.text).toContain(`href="/my/challenges/${draft.id}/check"`);
    expect(manage.text).not.toMatch(/name="intent" value="publish"/);

    for (const path of [`/my/challenges/${draft.id}`, `/my/challenges/${draft.id}/check`]) {
      expect(await post(path, { intent: "publish" }, owner.cookie)).toMatchObject({ status: 302, location: `/my/challenges/${draft.id}/check` });
    }
    expect(await status()).toBe("draft");
    expect(await auditCount("challenge.published", draft.id)).toBe(0);

    const done = await post(`/my/challenges/${draft.id}/check`, { intent: "publish", confirm: "yes" }, owner.cookie);
    expect(done).toMatchObject({ status: 302, location: `/my/challenges/${draft.id}?notice=challenge-published` });
    expect(await status()).toBe("published");
    // Published, the check page sends the owner to the challenge's page.
    expect(await page(`/my/challenges/${draft.id}/check`, owner.cookie)).toMatchObject({ status: 302, location: `/my/challenges/${draft.id}` });
  });
});

describe("check your answers", () => {
  it("before publishing shows every answer of the draft with a Change link to its field", async () => {
    const owner = await createMember("public_body", { verified: true });
    const draft = await createChallenge(owner.orgId, { status: "draft", title: "Quieter streets near schools", summary: "Cut fumes at the school gate.", questions: ["Are you registered in the UK?", "Do you hold insurance?"] });
    const c = await db().selectFrom("challenges").select(["problem_statement"]).where("id", "=", draft.id).executeTakeFirstOrThrow();
    const check = await page(`/my/challenges/${draft.id}/check`, owner.cookie);
    expect(check.status).toBe(200);
    for (const answer of ["Quieter streets near schools", "Cut fumes at the school gate.", c.problem_statement.split("\n")[0]!, "Preventing climate change", "Camden", "£50,000",
      "12 weeks", "Are you registered in the UK?", "Do you hold insurance?", "Impact: 60%", "Feasibility: 40%, minimum 2", "No: judges see who applied"]) {
      expect(check.text).toContain(answer);
    }
    for (const field of ["title", "summary", "problemStatement", "themeId", "areaIds", "fundingGbp", "pilotWeeks", "opensAt", "closesAt", "blindReview", "reviewsPerProposal", "eligibilityQuestions", "criteria"]) {
      expect(check.text).toContain(`href="/my/challenges/${draft.id}/edit#${field}"`);
    }
    expect(check.text).toContain("Change<span class=\"govuk-visually-hidden\"> evaluation criteria</span>");
    expect(check.text).toContain("A published challenge cannot be taken back to a draft");
  });

  it("before submitting shows every saved answer; gaps are errors linking to their fields, and a submit with gaps changes nothing", async () => {
    const owner = await createMember("public_body");
    const startup = await createMember("startup");
    const challenge = await createChallenge(owner.orgId, { questions: ["Are you registered in the UK?"] });
    const q = await db().selectFrom("eligibility_questions").select("id").where("challenge_id", "=", challenge.id).executeTakeFirstOrThrow();
    const id = (await db().insertInto("proposals").values({ challenge_id: challenge.id, org_id: startup.orgId, title: "Quiet routes" }).returning("id").executeTakeFirstOrThrow()).id;
    // Saved with gaps: the approach too short, no level, the eligibility question unanswered.
    const saved = await post(`/my/proposals/${id}`, completeProposalForm(q.id, "save", { approach: "Too short", trl: "", [`answers.${q.id}`]: "", needs: "data-access" }), startup.cookie);
    expect(saved.status).toBe(302);

    const check = await page(`/my/proposals/${id}/check`, startup.cookie);
    expect(check.status).toBe(200);
    for (const answer of ["School Streets sensor network", "Low-cost sensors outside every primary school", "Too short", "A measurable fall in children's exposure",
      "Three engineers and a public health researcher.", "£45,000", "sensors, air quality", "Question 1: Are you registered in the UK?"]) {
      expect(check.text).toContain(answer);
    }
    expect(check.text).toContain("There is a problem");
    expect(check.text).toContain(`href="/my/proposals/${id}#approach"`);
    expect(check.text).toContain("Describe your approach in at least 50 characters before submitting");
    expect(check.text).toContain("Select a technology readiness level before submitting");
    expect(check.text).toContain(`href="/my/proposals/${id}#answers-${q.id}"`);
    expect(check.text).not.toContain(">Submit proposal</button>");

    const refused = await post(`/my/proposals/${id}/check`, { intent: "submit" }, startup.cookie);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("Describe your approach in at least 50 characters before submitting");
    expect(await db().selectFrom("proposals").select(["status", "reference"]).where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ status: "draft", reference: null });

    // Completed on the proposal's page, "Save and check your answers" goes to the check page, which now offers Submit.
    const checked = await post(`/my/proposals/${id}`, completeProposalForm(q.id, "check"), startup.cookie);
    expect(checked).toMatchObject({ status: 302, location: `/my/proposals/${id}/check` });
    const ready = await page(`/my/proposals/${id}/check`, startup.cookie);
    expect(ready.text).not.toContain("There is a problem");
    expect(ready.text).toContain(">Submit proposal</button>");
    expect(ready.text).toContain("6 – Demonstrated in a relevant environment");
    expect(ready.text).toContain("Yes, registered in England.");
  });
});

describe("the confirmation page after submitting", () => {
  it("gives a reference number, the time submitted in UK time, the e-mail really sent, and what happens next; the reference survives a resubmission", async () => {
    const owner = await createMember("public_body");
    const startup = await createMember("startup");
    // A second member who turned receipts off: the page must not claim they were e-mailed.
    const quiet = await createUser();
    await db().insertInto("memberships").values({ user_id: quiet.id, org_id: startup.orgId, role: "member" }).execute();
    await db().insertInto("notification_preferences").values({ user_id: quiet.id, kind: "proposal_submitted", enabled: false }).execute();
    const challenge = await createChallenge(owner.orgId, { questions: [] });
    const id = (await createProposal(challenge.id, startup.orgId)).id;
    expect((await page(`/my/proposals/${id}/submitted`, startup.cookie)).location).toBe(`/my/proposals/${id}`);

    const submitted = await post(`/my/proposals/${id}/check`, { intent: "submit" }, startup.cookie);
    expect(submitted).toMatchObject({ status: 302, location: `/my/proposals/${id}/submitted` });
    const row = await db().selectFrom("proposals").select(["reference", "submitted_at", "status"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.status).toBe("submitted");
    expect(row.reference).toMatch(/^CIC-\d{6}$/);
    const receipts = await db().selectFrom("notifications").select(["user_id", "to_email"]).where("kind", "=", "proposal_submitted").where("body", "like", `%/my/proposals/${id}%`).execute();
    expect(receipts).toEqual([{ user_id: startup.user.id, to_email: startup.user.email }]);

    const confirmation = await page(`/my/proposals/${id}/submitted`, startup.cookie);
    expect(confirmation.status).toBe(200);
    expect(confirmation.text).toContain('<h1 class="govuk-panel__title">Proposal submitted</h1>');
    expect(confirmation.text).toContain(`<strong id="reference">${row.reference}</strong>`);
    const london = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit", hourCycle: "h12" }).format(new Date(row.submitted_at!));
    expect(confirmation.text).toContain(`on ${london} (UK time)`);
    expect(confirmation.text).toContain(`We have sent a confirmation email to <strong>${startup.user.email}</strong>`);
    expect(confirmation.text).toContain("What happens next");
    expect(confirmation.text).toContain("3 judges score each proposal");
    // The member who turned receipts off is told the truth.
    const theirs = await page(`/my/proposals/${id}/submitted`, await sessionCookieFor(quiet.id, startup.orgId));
    expect(theirs.text).toContain("We have not e-mailed you a confirmation");

    // Withdrawn and submitted again (the old way, from the proposal's page): the same reference.
    expect((await post(`/my/proposals/${id}`, { intent: "withdraw" }, startup.cookie)).status).toBe(302);
    expect((await page(`/my/proposals/${id}/submitted`, startup.cookie)).location).toBe(`/my/proposals/${id}`);
    const again = await post(`/my/proposals/${id}`, completeProposalForm(null, "submit"), startup.cookie);
    expect(again).toMatchObject({ status: 302, location: `/my/proposals/${id}/submitted` });
    expect((await db().selectFrom("proposals").select("reference").where("id", "=", id).executeTakeFirstOrThrow()).reference).toBe(row.reference);
  });
});

describe("the task lists", () => {
  const status = (html: string, prefix: string, task: string) => {
    const m = new RegExp(`id="${prefix}-${task}-status">(.*?)</div>`).exec(html);
    return m ? m[1]!.replace(/<[^>]+>/g, "") : null;
  };

  it("the proposal's: each section's status follows what is saved, and Check and submit opens when nothing is missing", async () => {
    const owner = await createMember("public_body");
    const startup = await createMember("startup");
    const challenge = await createChallenge(owner.orgId, { questions: ["Are you registered in the UK?", "Do you hold insurance?"] });
    const qs = await db().selectFrom("eligibility_questions").select("id").where("challenge_id", "=", challenge.id).orderBy("position").execute();
    const id = (await db().insertInto("proposals").values({ challenge_id: challenge.id, org_id: startup.orgId, title: `Proposal for ${challenge.title}` }).returning("id").executeTakeFirstOrThrow()).id;
    const tasks = async () => {
      const html = (await page(`/my/proposals/${id}`, startup.cookie)).text;
      return Object.fromEntries(["describe", "approach", "impact", "team", "funding", "eligibility", "attachments", "check"].map((t) => [t, status(html, "proposal-task", t)]));
    };
    expect(await tasks()).toEqual({
      describe: "Not yet started", approach: "Not yet started", impact: "Not yet started", team: "Not yet started", funding: "Not yet started",
      eligibility: "Not yet started", attachments: "Optional", check: "Cannot start yet",
    });
    await post(`/my/proposals/${id}`, completeProposalForm(null, "save", { approach: "Too short", trl: "", [`answers.${qs[0]!.id}`]: "Yes" }), startup.cookie);
    expect(await tasks()).toEqual({
      describe: "Completed", approach: "Incomplete", impact: "Completed", team: "Completed", funding: "Incomplete",
      eligibility: "Incomplete", attachments: "Optional", check: "Cannot start yet",
    });
    await post(`/my/proposals/${id}`, completeProposalForm(null, "save", { [`answers.${qs[0]!.id}`]: "Yes", [`answers.${qs[1]!.id}`]: "Yes, public liability" }), startup.cookie);
    const html = (await page(`/my/proposals/${id}`, startup.cookie)).text;
    expect(status(html, "proposal-task", "check")).toBe("Not yet started");
    expect(html).toMatch(new RegExp(`<a class="govuk-link govuk-task-list__link" aria-describedby="proposal-task-check-status"[^>]* href="/my/proposals/${id}/check">Check and submit</a>`));
    expect(html).toContain("You have completed 6 of 6 sections.");
  });

  it("the pilot plan's: dates, milestones, KPIs, then approval", async () => {
    const t = await createPilotTeam();
    const tasks = async (cookie: string) => {
      const html = (await page(`/pilots/${t.pilotId}/plan`, cookie)).text;
      return Object.fromEntries(["dates", "milestones", "kpis", "approval"].map((k) => [k, status(html, "plan-task", k)]));
    };
    expect(await tasks(t.body.cookie)).toEqual({ dates: "Not yet started", milestones: "Not yet started", kpis: "Not yet started", approval: "Cannot start yet" });
    await db().updateTable("pilots").set({ starts_on: "2026-01-01", ends_on: "2099-01-01" }).where("id", "=", t.pilotId).execute();
    await createKpi({ pilot_id: t.pilotId });
    expect(await tasks(t.body.cookie)).toEqual({ dates: "Completed", milestones: "Not yet started", kpis: "Completed", approval: "Not yet started" });
    expect((await page(`/pilots/${t.pilotId}/plan`, t.startup.cookie)).text).toContain("The public body in the team approves the plan");
    await post(`/pilots/${t.pilotId}/plan`, { intent: "approve", confirm: "yes" }, t.body.cookie);
    expect((await tasks(t.body.cookie)).approval).toBe("Completed");
  });
});

describe("hints and feedback", () => {
  it("the proposal form states every rule in its hints, and long answers have a character count", async () => {
    const owner = await createMember("public_body");
    const startup = await createMember("startup");
    const challenge = await createChallenge(owner.orgId);
    const id = (await createProposal(challenge.id, startup.orgId)).id;
    const html = (await page(`/my/proposals/${id}`, startup.cookie)).text;
    for (const hint of ["Between 5 and 150 characters", "Write at least 20 characters before you submit.", "Write at least 50 characters before you submit.",
      "Write at least 10 characters before you submit.", "A whole number of pounds, up to £100,000,000.", "Up to 10 tags of 40 characters or fewer"]) {
      expect(html).toContain(hint);
    }
    for (const [field, max] of [["summary", "1,000"], ["approach", "10,000"], ["expectedImpact", "5,000"], ["team", "3,000"]] as const) {
      expect(html).toContain(`<div id="${field}-info" class="govuk-hint govuk-character-count__message">You can enter up to ${max} characters</div>`);
    }
  });

  it("the applicant reads its rank out of the number ranked", async () => {
    const s = await scoredChallenge(4);
    await post(`/my/challenges/${s.challengeId}/results`, { intent: "release", confirm: "yes" }, s.owner.cookie);
    const html = (await page(`/my/proposals/${s.proposals[2]}`, s.startups[2]!.cookie)).text;
    expect(html).toContain('<dd class="govuk-summary-list__value">Rank 3 of 4</dd>');
  });
});
