// Residents shape the challenges (decision 035), through the real routes: suggestions moderated before they
// are public, one support per account, merges, reports, a suggestion turned into a challenge, follows that
// deliver news through the notices and the digest, and moderated feedback on live pilots.
import { describe, expect, it } from "vitest";
import * as deleteRoute from "../../app/routes/account.delete";
import * as exportRoute from "../../app/routes/account.export";
import * as adminQueue from "../../app/routes/admin.suggestions";
import * as challengePage from "../../app/routes/challenges.$id._index";
import * as follows from "../../app/routes/follows";
import * as manage from "../../app/routes/my.challenges.$id._index";
import * as feedbackPage from "../../app/routes/pilots.$id.feedback";
import * as plan from "../../app/routes/pilots.$id.plan";
import * as list from "../../app/routes/suggestions._index";
import * as suggestionPage from "../../app/routes/suggestions.$id";
import * as newSuggestion from "../../app/routes/suggestions.new";
import { db } from "../../app/server/connections.server";
import { setEmailFrequency } from "../../app/server/notifications.server";
import { publishPairing } from "../../app/server/pairing/pairings.server";
import {
  createAdmin, createChallenge, createMember, createMilestone, createPairing, createPilotTeam, createProposal, createSponsorship, createUser, PASSWORD,
  sessionCookieFor, ukDateFields,
} from "../support/factories";
import { call, getRequest, postRequest } from "../support/requests";

async function resident() {
  const user = await createUser();
  return { user, cookie: await sessionCookieFor(user.id, null) };
}

async function vocabulary() {
  const theme = await db().selectFrom("themes").select("id").orderBy("id").limit(1).executeTakeFirstOrThrow();
  const area = await db().selectFrom("areas").select("id").orderBy("id").limit(1).executeTakeFirstOrThrow();
  return { themeId: String(theme.id), areaId: String(area.id) };
}

async function suggest(cookie: string, title = "Broken pavements near the clinic") {
  const form = { title, description: "Older people trip on the broken pavements on the way to the clinic every week.", ...(await vocabulary()) };
  const res = await call(newSuggestion.action, postRequest("/suggestions/new", form, cookie));
  expect(res.status, res.text).toBe(302);
  return res.headers.get("Location")!.match(/\/suggestions\/([0-9a-f-]{36})/)![1]!;
}

const moderate = (cookie: string, form: Record<string, string>) => call(adminQueue.action, postRequest("/admin/suggestions", form, cookie));
const view = (id: string, cookie?: string) => call(suggestionPage.loader, getRequest(`/suggestions/${id}`, cookie), { id });
const act = (id: string, form: Record<string, string>, cookie?: string) => call(suggestionPage.action, postRequest(`/suggestions/${id}`, form, cookie), { id });
const supporters = async (id: string) => (await db().selectFrom("suggestion_supports").select("user_id").where("suggestion_id", "=", id).execute()).map((r) => r.user_id).sort();
const notices = (userId: string, kind: string) =>
  db().selectFrom("notifications").select(["status", "subject", "body"]).where("user_id", "=", userId).where("kind", "=", kind as never).execute();
const events = (subjectId: string) => db().selectFrom("audit_events").select(["action", "actor_user_id", "detail"]).where("subject_id", "=", subjectId).orderBy("id").execute();

async function published(author: { cookie: string }, admin: { cookie: string }, title?: string) {
  const id = await suggest(author.cookie, title);
  expect((await moderate(admin.cookie, { decision: "publish", suggestionId: id })).status).toBe(302);
  return id;
}

describe("moderation and who reads a suggestion", () => {
  it("a pending suggestion is read only by its author and the programme office; published, by everyone", async () => {
    const [author, other, admin] = [await resident(), await resident(), await createAdmin()];
    const id = await suggest(author.cookie);
    expect((await view(id, author.cookie)).status).toBe(200);
    expect((await view(id, admin.cookie)).status).toBe(200);
    expect((await view(id, other.cookie)).status).toBe(404);
    expect((await view(id)).status).toBe(404);
    const listed = async (cookie?: string) => ((await call(list.loader, getRequest("/suggestions", cookie))).body as { published: { id: string }[] }).published.map((s) => s.id);
    expect(await listed(other.cookie)).not.toContain(id);
    expect(((await call(list.loader, getRequest("/suggestions", author.cookie))).body as { own: { id: string }[] }).own.map((s) => s.id)).toContain(id);

    expect((await moderate(admin.cookie, { decision: "publish", suggestionId: id })).status).toBe(302);
    expect((await view(id)).status).toBe(200);
    expect(await listed()).toContain(id);
    expect(await notices(author.user.id, "resident_moderated")).toHaveLength(1);
    expect((await events(id)).map((e) => e.action)).toEqual(["suggestion.created", "suggestion.moderated"]);
  });

  it("a declined suggestion: its reason is read by its author, and by nobody else; a decline needs a reason", async () => {
    const [author, other, admin] = [await resident(), await resident(), await createAdmin()];
    const id = await suggest(author.cookie);
    const noReason = await moderate(admin.cookie, { decision: "decline", suggestionId: id, reason: "" });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain("Enter the reason");
    expect((await moderate(admin.cookie, { decision: "decline", suggestionId: id, reason: "It names a person." })).status).toBe(302);
    expect((await view(id, other.cookie)).status).toBe(404);
    expect((await view(id)).status).toBe(404);
    const mine = await view(id, author.cookie);
    expect(mine.body).toMatchObject({ suggestion: { status: "declined", decline_reason: "It names a person." } });
    // Final: it cannot be published afterwards.
    expect((await moderate(admin.cookie, { decision: "publish", suggestionId: id })).status).toBe(400);
  });

  it("only the programme office moderates: a resident and an organisation member are refused", async () => {
    const [author, admin] = [await resident(), await createAdmin()];
    const body = await createMember("public_body");
    const id = await suggest(author.cookie);
    expect((await moderate(author.cookie, { decision: "publish", suggestionId: id })).status).toBe(403);
    expect((await moderate(body.cookie, { decision: "publish", suggestionId: id })).status).toBe(403);
    expect((await call(adminQueue.loader, getRequest("/admin/suggestions", author.cookie))).status).toBe(403);
    expect(((await call(adminQueue.loader, getRequest("/admin/suggestions", admin.cookie))).body as { suggestions: { id: string }[] }).suggestions.map((s) => s.id)).toContain(id);
  });

  it("a visitor cannot suggest: they are sent to sign in; an unconfirmed account is sent to confirm", async () => {
    const res = await call(newSuggestion.loader, getRequest("/suggestions/new"));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/sign-in/);
    const unconfirmed = await createUser({ confirmed: false });
    const res2 = await call(newSuggestion.loader, getRequest("/suggestions/new", await sessionCookieFor(unconfirmed.id, null)));
    expect(res2.headers.get("Location")).toMatch(/^\/account\/confirm-email/);
  });

  it("bad input is shown next to its field and nothing is saved", async () => {
    const author = await resident();
    const res = await call(newSuggestion.action, postRequest("/suggestions/new", { title: "", description: "short", themeId: "999999", areaId: "" }, author.cookie));
    expect(res.status).toBe(400);
    const fields = (res.body as { errors: { fields: Record<string, string> } }).errors.fields;
    expect(Object.keys(fields).sort()).toEqual(["areaId", "description", "title"]);
    expect(await db().selectFrom("suggestions").select("id").where("author_id", "=", author.user.id).execute()).toEqual([]);
  });
});

describe("supporting", () => {
  it("counts once per account, even when many supports from one account are sent at once; withdrawing removes it", async () => {
    const [author, fan, admin] = [await resident(), await resident(), await createAdmin()];
    const id = await published(author, admin);
    const answers = await Promise.all(Array.from({ length: 8 }, () => act(id, { intent: "support" }, fan.cookie)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(302));
    expect(await supporters(id)).toEqual([fan.user.id]);
    expect((await events(id)).filter((e) => e.action === "suggestion.supported")).toHaveLength(1);
    expect((await view(id, fan.cookie)).body).toMatchObject({ suggestion: { supporters: 1, supported: true } });

    expect((await act(id, { intent: "withdraw" }, fan.cookie)).status).toBe(302);
    expect(await supporters(id)).toEqual([]);
    expect((await events(id)).filter((e) => e.action === "suggestion.support_withdrawn")).toHaveLength(1);
  });

  it("a pending suggestion cannot be supported, even by someone who knows its id; a visitor must sign in", async () => {
    const [author, fan, admin] = [await resident(), await resident(), await createAdmin()];
    const pending = await suggest(author.cookie);
    expect((await act(pending, { intent: "support" }, fan.cookie)).status).toBe(404);
    expect((await act(pending, { intent: "support" }, admin.cookie)).status).toBe(400);
    expect(await supporters(pending)).toEqual([]);
    const id = await published(author, admin);
    const visitor = await act(id, { intent: "support" });
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("Location")).toMatch(/^\/sign-in/);
  });
});

describe("merging", () => {
  it("moves supports to the suggestion it joins, each account counted once, and leaves none behind", async () => {
    const admin = await createAdmin();
    const [a1, a2, u1, u2, u3] = [await resident(), await resident(), await resident(), await resident(), await resident()];
    const source = await published(a1, admin, "Pavements are broken");
    const target = await published(a2, admin, "Broken pavements in the high street");
    for (const u of [u1, u2]) await act(source, { intent: "support" }, u.cookie);
    for (const u of [u2, u3]) await act(target, { intent: "support" }, u.cookie);
    // Not into itself, nor into one that is not published.
    expect((await moderate(admin.cookie, { decision: "merge", suggestionId: source, targetId: source })).status).toBe(400);
    const pending = await suggest(a2.cookie);
    expect((await moderate(admin.cookie, { decision: "merge", suggestionId: source, targetId: pending })).status).toBe(400);

    expect((await moderate(admin.cookie, { decision: "merge", suggestionId: source, targetId: target })).status).toBe(302);
    expect(await supporters(target)).toEqual([u1.user.id, u2.user.id, u3.user.id].sort());
    expect(await supporters(source)).toEqual([]);
    const merged = await view(source);
    expect(merged.body).toMatchObject({ suggestion: { status: "merged", mergedInto: { id: target } } });
    expect((await view(target)).body).toMatchObject({ suggestion: { supporters: 3 } });
  });
});

describe("reports", () => {
  it("any reader, a visitor too, reports a published suggestion; upheld, it is taken down and its author told why", async () => {
    const [author, admin] = [await resident(), await createAdmin()];
    const id = await published(author, admin);
    expect((await act(id, { intent: "report", reason: "" })).status).toBe(400);
    expect((await act(id, { intent: "report", reason: "It is rude about a neighbour." })).status).toBe(302);
    const report = await db().selectFrom("content_reports").select(["id", "reporter_id", "status"]).where("suggestion_id", "=", id).executeTakeFirstOrThrow();
    expect(report).toMatchObject({ reporter_id: null, status: "open" });

    expect((await moderate(admin.cookie, { decision: "uphold-report", reportId: report.id, reason: "It is rude about a person." })).status).toBe(302);
    expect(await db().selectFrom("content_reports").select("status").where("id", "=", report.id).executeTakeFirstOrThrow()).toEqual({ status: "upheld" });
    expect((await view(id)).status).toBe(404);
    expect((await notices(author.user.id, "resident_moderated")).map((n) => n.subject)).toContain("Your suggestion was not published");
    expect((await events(id)).map((e) => e.action)).toEqual(expect.arrayContaining(["content.reported", "content.report_resolved"]));
  });

  it("what a reader cannot read cannot be reported", async () => {
    const [author, other] = [await resident(), await resident()];
    const id = await suggest(author.cookie);
    expect((await act(id, { intent: "report", reason: "I guessed its id" }, other.cookie)).status).toBe(404);
    expect(await db().selectFrom("content_reports").select("id").where("suggestion_id", "=", id).execute()).toEqual([]);
  });
});

describe("turning a suggestion into a challenge", () => {
  it("the public body links its draft; when it publishes, each supporter and the author is told once; the page shows the suggestion and its count", async () => {
    const admin = await createAdmin();
    const [author, u1, u2] = [await resident(), await resident(), await resident()];
    const body = await createMember("public_body", { verified: true });
    const challenge = await createChallenge(body.orgId, { status: "draft", title: "Safer pavements" });
    const id = await published(author, admin);
    for (const u of [u1, u2]) await act(id, { intent: "support" }, u.cookie);

    const options = (await call(suggestionPage.loader, getRequest(`/suggestions/${id}`, body.cookie), { id })).body as { challenges: { id: string }[] };
    expect(options.challenges.map((c) => c.id)).toContain(challenge.id);
    expect((await act(id, { intent: "link", challengeId: challenge.id }, body.cookie)).status).toBe(302);
    // A draft is not public yet: nobody is told.
    for (const u of [author, u1, u2]) expect(await notices(u.user.id, "suggestion_became_challenge")).toEqual([]);

    const publish = () => call(manage.action, postRequest(`/my/challenges/${challenge.id}`, { intent: "publish", confirm: "yes" }, body.cookie), { id: challenge.id });
    expect((await publish()).status).toBe(302);
    expect((await publish()).status).toBeLessThan(400);
    for (const u of [author, u1, u2]) expect(await notices(u.user.id, "suggestion_became_challenge"), "told once").toHaveLength(1);

    const page = await call(challengePage.loader, getRequest(`/challenges/${challenge.id}`), { id: challenge.id });
    expect(page.body).toMatchObject({ suggestion: { id, supporters: 2 } });
    expect((await view(id)).body).toMatchObject({ suggestion: { challenge: { id: challenge.id } } });
    expect((await events(id)).map((e) => e.action)).toContain("suggestion.turned_into_challenge");
  });

  it("the programme office links a published challenge, and supporters are told at once; a second link is refused", async () => {
    const admin = await createAdmin();
    const [author, fan] = [await resident(), await resident()];
    const body = await createMember("public_body", { verified: true });
    const challenge = await createChallenge(body.orgId);
    const id = await published(author, admin);
    await act(id, { intent: "support" }, fan.cookie);
    expect((await act(id, { intent: "link", challengeId: challenge.id }, admin.cookie)).status).toBe(302);
    expect(await notices(fan.user.id, "suggestion_became_challenge")).toHaveLength(1);
    const again = await published(author, admin, "Another pavement problem");
    expect((await act(again, { intent: "link", challengeId: challenge.id }, admin.cookie)).status).toBe(400);
  });

  it("a public body cannot link another's challenge; a resident or a start-up cannot link at all", async () => {
    const admin = await createAdmin();
    const author = await resident();
    const [mine, theirs, startup] = [await createMember("public_body"), await createMember("public_body"), await createMember("startup")];
    const challenge = await createChallenge(theirs.orgId);
    const id = await published(author, admin);
    expect((await act(id, { intent: "link", challengeId: challenge.id }, mine.cookie)).status).toBe(400);
    expect((await act(id, { intent: "link", challengeId: challenge.id }, author.cookie)).status).toBe(403);
    expect((await act(id, { intent: "link", challengeId: challenge.id }, startup.cookie)).status).toBe(403);
    expect(await db().selectFrom("suggestions").select("challenge_id").where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ challenge_id: null });
  });
});

/** A live pilot (plan approved, started) with a milestone the start-up owns. */
async function livePilot() {
  const t = await createPilotTeam();
  await db().updateTable("pilots").set({ status: "approved", approved_at: new Date(), starts_on: "2026-01-01", ends_on: "2099-01-01" }).where("id", "=", t.pilotId).execute();
  const m = await createMilestone({ pilot_id: t.pilotId, owner_org_id: t.startup.orgId, title: "Sensors installed" });
  return { ...t, milestoneId: m.id };
}

const follow = (form: Record<string, string>, cookie: string) => call(follows.action, postRequest("/follows", form, cookie));

describe("following", () => {
  it("a pilot's milestone reaches each follower through the notices, held for the digest for those who chose it", async () => {
    const t = await livePilot();
    const [now, daily, off] = [await resident(), await resident(), await resident()];
    await setEmailFrequency(daily.user.id, "daily");
    await db().insertInto("notification_preferences").values({ user_id: off.user.id, kind: "followed_update", enabled: false }).execute();
    for (const r of [now, daily, off]) expect((await follow({ pilotId: t.pilotId, follow: "yes" }, r.cookie)).status).toBe(302);
    // Twice is once.
    await follow({ pilotId: t.pilotId, follow: "yes" }, now.cookie);
    expect(await db().selectFrom("follows").select("id").where("pilot_id", "=", t.pilotId).execute()).toHaveLength(3);

    const done = await call(plan.action, postRequest(`/pilots/${t.pilotId}/plan`, { intent: "milestone-done", doneMilestoneId: t.milestoneId, ...ukDateFields("doneOn", -1) }, t.startup.cookie), { id: t.pilotId });
    expect(done.status, done.text).toBe(302);
    expect((await notices(now.user.id, "followed_update")).map((n) => n.status)).toEqual(["queued"]);
    expect((await notices(daily.user.id, "followed_update")).map((n) => n.status)).toEqual(["held"]);
    expect(await notices(off.user.id, "followed_update")).toEqual([]);

    expect((await follow({ pilotId: t.pilotId, follow: "no" }, now.cookie)).status).toBe(302);
    expect(await db().selectFrom("follows").select("id").where("user_id", "=", now.user.id).execute()).toEqual([]);
    expect((await events(t.pilotId)).filter((e) => e.action === "follow.changed").map((e) => e.detail)).toEqual([{ following: true }, { following: true }, { following: true }, { following: false }]);
  });

  it("a completed pilot and a published pairing reach the followers; a follower of both the challenge and its pilot hears once", async () => {
    const t = await livePilot();
    await db().updateTable("milestones").set({ status: "done", done_on: "2026-02-01" }).where("id", "=", t.milestoneId).execute();
    await db().updateTable("pilots").set({ ends_on: "2026-06-01" }).where("id", "=", t.pilotId).execute();
    const [both, challengeOnly] = [await resident(), await resident()];
    await follow({ pilotId: t.pilotId, follow: "yes" }, both.cookie);
    for (const r of [both, challengeOnly]) expect((await follow({ challengeId: t.challengeId, follow: "yes" }, r.cookie)).status).toBe(302);
    const done = await call(plan.action, postRequest(`/pilots/${t.pilotId}/plan`, { intent: "complete", confirm: "yes" }, t.body.cookie), { id: t.pilotId });
    expect(done.status, done.text).toBe(302);
    for (const r of [both, challengeOnly]) expect((await notices(r.user.id, "followed_update")).map((n) => n.subject), "once each").toEqual(["Pilot completed: Street noise sensors"]);
  });

  it("a published pairing is news for the challenge's followers, once however often it is published", async () => {
    const owner = await createMember("public_body");
    const startup = await createMember("startup");
    const corp = await createMember("corporate");
    const challenge = await createChallenge(owner.orgId, { title: "Quieter streets" });
    const proposal = await createProposal(challenge.id, startup.orgId, { status: "submitted" });
    const sponsorship = await createSponsorship({ challenge_id: challenge.id, org_id: corp.orgId });
    await createPairing({ challenge_id: challenge.id, proposal_id: proposal.id, sponsorship_id: sponsorship.id, status: "proposed" });
    const fan = await resident();
    await follow({ challengeId: challenge.id, follow: "yes" }, fan.cookie);
    const ref = { challengeId: challenge.id, orgId: owner.orgId };
    await publishPairing(getRequest(`/my/challenges/${challenge.id}/pairing`, owner.cookie), ref);
    await createPairing({ challenge_id: challenge.id, proposal_id: (await createProposal(challenge.id, (await createMember("startup")).orgId, { status: "submitted" })).id, sponsorship_id: sponsorship.id, status: "proposed" });
    await publishPairing(getRequest(`/my/challenges/${challenge.id}/pairing`, owner.cookie), ref);
    expect((await notices(fan.user.id, "followed_update")).map((n) => n.subject)).toEqual(["Challenge news: Quieter streets"]);
  });

  it("a draft challenge or pilot cannot be followed: it is not found", async () => {
    const r = await resident();
    const body = await createMember("public_body");
    const draft = await createChallenge(body.orgId, { status: "draft" });
    expect((await follow({ challengeId: draft.id, follow: "yes" }, r.cookie)).status).toBe(404);
    const t = await createPilotTeam();
    expect((await follow({ pilotId: t.pilotId, follow: "yes" }, r.cookie)).status).toBe(404);
    expect(await db().selectFrom("follows").select("id").where("user_id", "=", r.user.id).execute()).toEqual([]);
  });
});

describe("feedback on a live pilot", () => {
  const page = (pilotId: string, cookie?: string) => call(feedbackPage.loader, getRequest(`/pilots/${pilotId}/feedback`, cookie), { id: pilotId });
  const post = (pilotId: string, form: Record<string, string>, cookie?: string) => call(feedbackPage.action, postRequest(`/pilots/${pilotId}/feedback`, form, cookie), { id: pilotId });
  const ids = async (pilotId: string, cookie?: string) => ((await page(pilotId, cookie)).body as { feedback: { id: string }[] }).feedback.map((f) => f.id);

  it("waits for the programme office; then everyone reads it, and the team answers it in public, once", async () => {
    const t = await livePilot();
    const [author, other, admin] = [await resident(), await resident(), await createAdmin()];
    expect((await post(t.pilotId, { intent: "feedback", feedback: "" }, author.cookie)).status).toBe(400);
    expect((await post(t.pilotId, { intent: "feedback", feedback: "The sensors near my door work well." }, author.cookie)).status).toBe(302);
    const f = await db().selectFrom("pilot_feedback").select(["id", "status"]).where("pilot_id", "=", t.pilotId).executeTakeFirstOrThrow();
    expect(f.status).toBe("pending");
    expect(await ids(t.pilotId, author.cookie)).toEqual([f.id]);
    expect(await ids(t.pilotId, other.cookie)).toEqual([]);
    expect(await ids(t.pilotId, t.body.cookie)).toEqual([]);
    // Not answerable before it is published.
    expect((await post(t.pilotId, { intent: "answer", feedbackId: f.id, answer: "Thank you for this." }, t.body.cookie)).status).toBe(404);

    expect((await moderate(admin.cookie, { decision: "publish-feedback", feedbackId: f.id })).status).toBe(302);
    expect(await ids(t.pilotId)).toEqual([f.id]);
    // Only the team answers: a resident outside it finds nothing to answer.
    expect((await post(t.pilotId, { intent: "answer", feedbackId: f.id, answer: "I answer for them." }, other.cookie)).status).toBe(404);
    expect((await post(t.pilotId, { intent: "answer", feedbackId: f.id, answer: "Thank you, we will add more." }, t.body.cookie)).status).toBe(302);
    expect((await post(t.pilotId, { intent: "answer", feedbackId: f.id, answer: "A second answer." }, t.startup.cookie)).status).toBe(400);
    expect((await page(t.pilotId)).body).toMatchObject({ feedback: [{ id: f.id, answer: "Thank you, we will add more." }] });
    expect(await notices(author.user.id, "feedback_answered")).toHaveLength(1);
    expect((await events(t.pilotId)).map((e) => e.action)).toEqual(expect.arrayContaining(["feedback.left", "feedback.moderated", "feedback.answered"]));
  });

  it("is refused on a draft pilot (not found) and on a completed one", async () => {
    const r = await resident();
    const draft = await createPilotTeam();
    expect((await post(draft.pilotId, { intent: "feedback", feedback: "Looks interesting to me." }, r.cookie)).status).toBe(404);
    const done = await livePilot();
    await db().updateTable("pilots").set({ status: "completed" }).where("id", "=", done.pilotId).execute();
    expect((await post(done.pilotId, { intent: "feedback", feedback: "Looks interesting to me." }, r.cookie)).status).toBe(400);
    expect(await db().selectFrom("pilot_feedback").select("id").where("author_id", "=", r.user.id).execute()).toEqual([]);
  });

  it("a declined piece stays with its author, with the reason; reported published feedback can be taken down", async () => {
    const t = await livePilot();
    const [author, admin] = [await resident(), await createAdmin()];
    await post(t.pilotId, { intent: "feedback", feedback: "This is a rude comment about a person." }, author.cookie);
    await post(t.pilotId, { intent: "feedback", feedback: "A kind comment about the pilot." }, author.cookie);
    const [rude, kind] = await db().selectFrom("pilot_feedback").select("id").where("pilot_id", "=", t.pilotId).orderBy("body", "desc").execute();
    expect((await moderate(admin.cookie, { decision: "decline-feedback", feedbackId: rude!.id, reason: "It names a person." })).status).toBe(302);
    expect((await moderate(admin.cookie, { decision: "publish-feedback", feedbackId: kind!.id })).status).toBe(302);
    expect(await ids(t.pilotId)).toEqual([kind!.id]);
    expect(((await page(t.pilotId, author.cookie)).body as { feedback: { id: string; decline_reason: string | null }[] }).feedback.find((f) => f.id === rude!.id))
      .toMatchObject({ decline_reason: "It names a person." });
    // Declined feedback cannot be reported by someone who cannot read it.
    expect((await post(t.pilotId, { intent: "report", feedbackId: rude!.id, reason: "I guessed it" })).status).toBe(404);
    expect((await post(t.pilotId, { intent: "report", feedbackId: kind!.id, reason: "Spam, I think" })).status).toBe(302);
    const report = await db().selectFrom("content_reports").select("id").where("feedback_id", "=", kind!.id).executeTakeFirstOrThrow();
    expect((await moderate(admin.cookie, { decision: "uphold-report", reportId: report.id, reason: "It was an advert." })).status).toBe(302);
    expect(await ids(t.pilotId)).toEqual([]);
  });
});

describe("a resident's personal data", () => {
  it("the export holds their suggestions, supports, follows, feedback and reports; deletion removes or anonymises each", async () => {
    const [me, other, admin] = [await resident(), await resident(), await createAdmin()];
    const t = await livePilot();
    const pending = await suggest(me.cookie, "My pending suggestion");
    const shown = await published(me, admin, "My published suggestion");
    const theirs = await published(other, admin, "Their suggestion");
    await act(theirs, { intent: "support" }, me.cookie);
    await act(shown, { intent: "support" }, other.cookie);
    await act(theirs, { intent: "report", reason: "My report on it" }, me.cookie);
    await follow({ pilotId: t.pilotId, follow: "yes" }, me.cookie);
    await call(feedbackPage.action, postRequest(`/pilots/${t.pilotId}/feedback`, { intent: "feedback", feedback: "My feedback on the pilot" }, me.cookie), { id: t.pilotId });

    const data = (await call(exportRoute.loader, getRequest("/account/export", me.cookie))).body as Record<string, { [k: string]: unknown }[]>;
    expect(data.suggestions_made!.map((s) => s.title).sort()).toEqual(["My pending suggestion", "My published suggestion"]);
    expect(data.suggestions_supported!.map((s) => s.suggestion)).toEqual(["Their suggestion"]);
    expect(data.following!.map((f) => f.pilot)).toEqual(["Street noise sensors"]);
    expect(data.pilot_feedback_written!.map((f) => f.body)).toEqual(["My feedback on the pilot"]);
    expect(data.reports_made!.map((r) => r.reason)).toEqual(["My report on it"]);
    // Nobody else's: not who else supports their suggestion.
    expect(JSON.stringify(data)).not.toContain(other.user.id);

    expect((await call(deleteRoute.action, postRequest("/account/delete", { password: PASSWORD, confirm: "yes" }, me.cookie))).status).toBe(302);
    expect(await db().selectFrom("suggestions").select("id").where("id", "=", pending).execute()).toEqual([]);
    expect(await db().selectFrom("suggestions").select(["author_id", "status"]).where("id", "=", shown).executeTakeFirstOrThrow()).toEqual({ author_id: null, status: "published" });
    expect(await supporters(shown)).toEqual([other.user.id]);
    expect(await supporters(theirs)).toEqual([]);
    expect(await db().selectFrom("follows").select("id").where("user_id", "=", me.user.id).execute()).toEqual([]);
    expect(await db().selectFrom("pilot_feedback").select("id").where("author_id", "=", me.user.id).execute()).toEqual([]);
    expect(await db().selectFrom("pilot_feedback").select("id").where("pilot_id", "=", t.pilotId).execute()).toEqual([]); // it was never published
    expect(await db().selectFrom("content_reports").select("reporter_id").where("suggestion_id", "=", theirs).execute()).toEqual([{ reporter_id: null }]);
  });
});
