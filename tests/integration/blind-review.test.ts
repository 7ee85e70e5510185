// Blind review over HTTP against the built server: nothing a judge (or a sponsor of a blind shortlist) is sent
// about a proposal names the applicant, whatever form the applicant wrote its names in: pages, data requests,
// file names. Applicants of a blind challenge are told on the proposal form what will be hidden.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import {
  addMember, closeChallenge, createAttachment, createChallenge, createJudge, createMember, createOrg, createProposal, createReview, createSponsorship,
  createUser, sessionCookieFor,
} from "../support/factories";
import { decodeHtml, httpClient } from "../support/http-client";
import { startAppServer } from "../support/server";

let app: Awaited<ReturnType<typeof startAppServer>>;
let http: ReturnType<typeof httpClient>;

// Each is looked for as a word of its own (so "weight" does not count as "wei"), in any case.
const IDENTIFYING = ["airsense", "airsenselabs", "wei", "chen", "weichen", "priya", "natarajan", "hughes", "airsense.example"];

function expectBlind(where: string, body: string) {
  const text = decodeHtml(body);
  for (const word of IDENTIFYING) {
    expect(text, `${where} shows “${word}”`).not.toMatch(new RegExp(`(?<![\\p{L}])${word.replace(/\./g, "\\.")}(?![\\p{L}])`, "iu"));
  }
  expect(text, where).not.toMatch(/[\p{L}.]+@[\p{L}-]+\.example/iu);
}

const s = {} as {
  challengeId: string; proposalId: string; reviewId: string; attachmentId: string;
  judgeCookie: string; startup: { orgId: string; cookie: string };
};

beforeAll(async () => {
  app = await startAppServer();
  http = httpClient(app.url);
  const owner = await createMember("public_body");
  s.challengeId = (await createChallenge(owner.orgId, { blind: true, title: "Blind kerbside air quality", questions: ["Are you registered in the UK?"] })).id;
  const org = await createOrg("startup", { name: "AirSense Labs" });
  await db().updateTable("organisations").set({ website: "https://www.airsense.example" }).where("id", "=", org.id).execute();
  const wei = await createUser({ name: "Wei Chen", email: "wei.chen@airsense.example" });
  const priya = await createUser({ name: "Priya Natarajan-Hughes", email: "priya@airsense.example" });
  await addMember(wei.id, org.id, "owner");
  await addMember(priya.id, org.id, "member");
  s.startup = { orgId: org.id, cookie: await sessionCookieFor(wei.id, org.id) };
  const p = await createProposal(s.challengeId, org.id, { status: "submitted", title: "AirSense's kerbside sensors" });
  s.proposalId = p.id;
  await db().updateTable("proposals").set({
    summary: "Built by the airsense team; see airsense.example and https://airsense.example/pilot.",
    approach: "Wei Chen (wei.chen on GitHub) and Priya lead. AirSenseLabs ran pilots; write to wei.chen@airsense.example or WEICHEN.",
    expected_impact: "Natarajan-Hughes's model, tested by Chen's team: #airsense2026, @AirSense, air-sense-labs.example.",
    team: "Wei Chen and Priya Natarajan-Hughes",
    tags: ["airsense", "air quality", "AirSense-Labs"],
  }).where("id", "=", p.id).execute();
  const question = await db().selectFrom("eligibility_questions").select("id").where("challenge_id", "=", s.challengeId).executeTakeFirstOrThrow();
  await db().insertInto("eligibility_answers").values({ proposal_id: p.id, question_id: question.id, answer: "Yes: AirSense Labs Ltd (www.airsense.example/about), director W. Chen." }).execute();
  s.attachmentId = (await createAttachment({ proposalId: p.id }, { orgId: org.id, name: "AirSense plan for Wei.pdf" })).id;
  const judge = await createUser();
  const judgeRow = await createJudge({ challenge_id: s.challengeId, user_id: judge.id, capacity: 3 });
  s.reviewId = (await createReview({ challenge_id: s.challengeId, proposal_id: p.id, judge_id: judgeRow.id, manual: true })).id;
  s.judgeCookie = await sessionCookieFor(judge.id, null);
  await closeChallenge(s.challengeId);
});

afterAll(async () => {
  await app?.close();
});

describe("what a judge of a blind challenge is sent", () => {
  it("the review page and its data hold none of the applicant's names, in any form, nor any address", async () => {
    const page = await http.get(`/judging/reviews/${s.reviewId}`, s.judgeCookie);
    expect(page.status).toBe(200);
    const html = await page.text();
    expectBlind("review page", html);
    expect(html).toContain("[applicant]");
    expect(html).toContain("[web address]");
    expect(html).toContain("[email address]");
    const data = await http.data(`/judging/reviews/${s.reviewId}`, "routes/judging.reviews.$reviewId", s.judgeCookie);
    expect(data.status).toBe(200);
    const body = await data.text();
    expectBlind("review data", body);
    const parsed = JSON.parse(body) as { proposal: { tags: string[]; questions: { answer: string }[] } };
    expect(parsed.proposal.tags).toEqual(["[applicant]", "air quality", "[applicant]"]);
    expect(parsed.proposal.questions[0]!.answer).toBe("Yes: [applicant] Ltd ([web address]), director W. [applicant].");
  });

  it("nor do their list of reviews, their overview, or the file's name", async () => {
    for (const path of ["/judging", "/my/overview"]) {
      const res = await http.get(path, s.judgeCookie);
      expect(res.status, path).toBe(200);
      expectBlind(path, await res.text());
    }
    expectBlind("/judging data", await (await http.data("/judging", "routes/judging._index", s.judgeCookie)).text());
    const file = await http.get(`/attachments/${s.attachmentId}`, s.judgeCookie);
    expect(file.status).toBe(200);
    expectBlind("attachment name", file.headers.get("content-disposition") ?? "");
    await file.arrayBuffer();
  });

  it("nor does a sponsor's view of the blind shortlist before the pairing is published", async () => {
    const corporate = await createMember("corporate");
    const sponsorship = await createSponsorship({ challenge_id: s.challengeId, org_id: corporate.orgId });
    await db().updateTable("proposals").set({ status: "shortlisted" }).where("id", "=", s.proposalId).execute();
    try {
      const path = `/my/sponsorships/${sponsorship.id}`;
      const page = await http.get(path, corporate.cookie);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("[applicant]");
      expectBlind("sponsor page", html);
      expectBlind("sponsor data", await (await http.data(path, "routes/my.sponsorships.$id", corporate.cookie)).text());
    } finally {
      await db().updateTable("proposals").set({ status: "submitted" }).where("id", "=", s.proposalId).execute();
    }
  });
});

describe("what an applicant is told", () => {
  it("on a blind challenge, the proposal form says what will be hidden from judges and where; on a named one it does not", async () => {
    const owner = await createMember("public_body");
    const blind = await createChallenge(owner.orgId, { blind: true });
    const named = await createChallenge(owner.orgId, { blind: false });
    const draftBlind = await createProposal(blind.id, s.startup.orgId);
    const draftNamed = await createProposal(named.id, s.startup.orgId);
    const html = decodeHtml(await (await http.get(`/my/proposals/${draftBlind.id}`, s.startup.cookie)).text());
    expect(html).toMatch(/This challenge is reviewed blind/);
    for (const what of ["title", "summary", "approach", "expected impact", "tags", "eligibility answers", "email address", "web address", "Team", "file"]) {
      expect(html.toLowerCase(), what).toContain(what.toLowerCase());
    }
    expect(html).toContain("[applicant]");
    const other = decodeHtml(await (await http.get(`/my/proposals/${draftNamed.id}`, s.startup.cookie)).text());
    expect(other).not.toMatch(/reviewed blind/);
  });
});

describe("a judge's other views of a blind proposal", () => {
  async function judgeWith(titles: { org: string; title: string }[]) {
    const user = await createUser();
    const judge = await createJudge({ challenge_id: s.challengeId, user_id: user.id, capacity: 5 });
    const rows = [];
    for (const t of titles) {
      const org = t.org === "AirSense Labs" ? { id: s.startup.orgId } : await createOrg("startup", { name: t.org });
      const proposalId = t.org === "AirSense Labs" ? s.proposalId : (await createProposal(s.challengeId, org.id, { status: "submitted", title: t.title })).id;
      const review = await createReview({ challenge_id: s.challengeId, proposal_id: proposalId, judge_id: judge.id, manual: true });
      rows.push({ orgId: org.id, proposalId, reviewId: review.id });
    }
    return { user, cookie: await sessionCookieFor(user.id, null), rows };
  }

  it("after stepping aside, the personal-data export names the proposal as the review page did: redacted", async () => {
    const j = await judgeWith([{ org: "Brightwater Mobility", title: "Brightwater's tidal buses" }]);
    const review = j.rows[0]!;
    const stepped = await http.post(`/judging/reviews/${review.reviewId}`, { intent: "recuse", reason: "I used to work there" }, j.cookie);
    expect(stepped.status).toBe(302);
    const exported = await http.get("/account/export", j.cookie);
    expect(exported.status).toBe(200);
    const text = await exported.text();
    expect(text.toLowerCase()).not.toContain("brightwater");
    const data = JSON.parse(text) as { conflicts: { proposal: string | null }[]; judging: { conflicts: { proposal: string | null }[] }[] };
    expect(data.conflicts.map((c) => c.proposal)).toEqual(["[applicant]'s tidal buses"]);
    expect(data.judging[0]!.conflicts.map((c) => c.proposal)).toEqual(["[applicant]'s tidal buses"]);
    // Nor anything else the judge is sent: their mail.
    const mail = await db().selectFrom("notifications").select(["subject", "body"]).where("user_id", "=", j.user.id).execute();
    expect(JSON.stringify(mail).toLowerCase()).not.toContain("brightwater");
  });

  it("declaring a conflict after assignment does not single out which assigned proposal was the organisation's", async () => {
    const j = await judgeWith([
      { org: "Quietstreet Cycling", title: "Quietstreet cycle lanes" },
      { org: "AirSense Labs", title: "" },
      { org: "Lanternfish Energy", title: "Lanternfish night buses" },
    ]);
    const airsense = j.rows[1]!;
    // The judge had started the applicant's proposal: a draft saved.
    expect((await http.post(`/judging/reviews/${airsense.reviewId}`, { intent: "save", comment: "DRAFT-REMARK on kerbs" }, j.cookie)).status).toBe(302);
    const unrelated = await createOrg("startup", { name: "Unrelated Robotics" });

    // Declaring a conflict with an organisation that has no proposal here, and with the applicant, answer alike.
    const notices: string[] = [];
    for (const orgId of [unrelated.id, s.startup.orgId]) {
      const res = await http.post(`/judging/${s.challengeId}/profile`, { intent: "conflict", orgId, relation: "advises", note: "" }, j.cookie);
      expect(res.status).toBe(302);
      const location = res.headers.get("location")!;
      expect(location).toBe(`/judging/${s.challengeId}/profile?notice=conflict-declared`);
      const page = decodeHtml(await (await http.get(location, j.cookie)).text());
      notices.push(/govuk-notification-banner__heading">([^<]*)</.exec(page)?.[1] ?? "");
      expect(page).not.toContain(airsense.reviewId);
    }
    expect(notices[0]).toMatch(/If you were assigned any of its proposals, they have been removed/);
    expect(notices[1]).toBe(notices[0]);

    // The list that follows numbers what is left 1, 2: no gap, no mention of what went.
    const list = decodeHtml(await (await http.get("/judging", j.cookie)).text());
    expect(list).not.toContain(airsense.reviewId);
    const labels = [...list.matchAll(/>(Proposal \d+)</g)].map((m) => m[1]);
    expect(labels).toEqual(["Proposal 1", "Proposal 2"]);
    expect(list).not.toMatch(/removed|withdrawn|stepped aside/i);

    // The export keeps the judge's own draft words, and names no proposal (docs/security.md says what the
    // review ids in it, like the judge's own memory, still tell).
    const text = await (await http.get("/account/export", j.cookie)).text();
    expect(text).toContain("DRAFT-REMARK on kerbs");
    expect(text.toLowerCase()).not.toContain("kerbside sensors");
  });
});
