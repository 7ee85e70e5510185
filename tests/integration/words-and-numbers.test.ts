// What the pages say, checked on the built server: counts read as English and say what is new, a run's
// "has started" becomes its outcome, the "Move to" list offers only judges who can take the review, the
// pairing summary counts exclusions, themes are named, and the public sees verified measurements only.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { startWorker } from "../../jobs/worker";
import {
  closeChallenge, createChallenge, createJudge, createKpi, createMember, createPilotTeam, createProposal, createReview, createSponsorship, createUser,
} from "../support/factories";
import { latestRunId, waitForRun } from "../support/jobs";
import { useAppServer } from "../support/server";

const web = useAppServer();
let worker: Awaited<ReturnType<typeof startWorker>>;
beforeAll(async () => {
  worker = await startWorker();
});
afterAll(async () => {
  await worker?.close();
});

const page = async (path: string, cookie?: string) => {
  const res = await web.http.get(path, cookie);
  expect(res.status, path).toBe(200);
  // Without the comments React puts between adjacent text nodes, so sentences read as on screen.
  return (await res.text()).replaceAll("<!-- -->", "");
};
/** The options of the select with this id, as value → label. */
function optionsOf(html: string, id: string): Record<string, string> {
  const select = new RegExp(`<select[^>]*id="${id}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1];
  if (select === undefined) return {};
  return Object.fromEntries([...select.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].filter((m) => m[1]).map((m) => [m[1], m[2]]));
}

/** A closed challenge (one judge a proposal) with a submitted proposal per start-up. */
async function closedChallenge(startups = 1) {
  const owner = await createMember("public_body");
  const challenge = await createChallenge(owner.orgId);
  await db().updateTable("challenges").set({ reviews_per_proposal: 1 }).where("id", "=", challenge.id).execute();
  const applicants = [];
  for (let i = 0; i < startups; i++) {
    const s = await createMember("startup");
    applicants.push({ ...s, proposalId: (await createProposal(challenge.id, s.orgId, { status: "submitted" })).id });
  }
  await closeChallenge(challenge.id);
  return { owner, challengeId: challenge.id, applicants };
}

async function judge(challengeId: string, opts: { capacity?: number; themes?: string[]; name?: string } = {}) {
  const user = await createUser({ name: opts.name });
  const row = await createJudge({ challenge_id: challengeId, user_id: user.id, capacity: opts.capacity ?? 3, themes: opts.themes ?? [] });
  return { userId: user.id, judgeId: row.id, name: user.name };
}

describe("a background run's banner", () => {
  it("says what is new after each run: 1 new assignment, then 0 on a run that changes nothing; never 'has started' once it has finished", async () => {
    const c = await closedChallenge(1);
    await judge(c.challengeId);
    const assign = async () => {
      const res = await web.http.post(`/my/challenges/${c.challengeId}/assignments`, { intent: "assign" }, c.owner.cookie);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toContain("notice=assignment-started");
      await waitForRun(await latestRunId("assign-judges", c.challengeId));
      return page(`/my/challenges/${c.challengeId}/assignments?notice=assignment-started`, c.owner.cookie);
    };
    const first = await assign();
    expect(first).toContain("Assigning judges has finished. 1 new assignment for 1 proposal.");
    expect(first).not.toContain("has started");
    expect(first).toContain("Every proposal has 1 judge.");
    const again = await assign();
    expect(again).toContain("Assigning judges has finished. 0 new assignments for 1 proposal.");
  });

  it("while the run is waiting, says it has started, and the Refresh link keeps the notice", async () => {
    const c = await closedChallenge(1);
    // A run the worker has not taken (inserted without enqueueing, as when Redis is away).
    await db().insertInto("job_runs").values({ kind: "assign-judges", challenge_id: c.challengeId, requested_by: c.owner.user.id }).execute();
    const html = await page(`/my/challenges/${c.challengeId}/assignments?notice=assignment-started`, c.owner.cookie);
    expect(html).toContain("Assigning judges has started.");
    expect(html).toContain("waiting to start");
    expect(html).toMatch(/href="\/my\/challenges\/[0-9a-f-]+\/assignments\?notice=assignment-started"[^>]*>Refresh</);
  });
});

describe("the Move to list", () => {
  it("offers only the judges who could take the review: not the conflicted, not those at capacity, not those who had it", async () => {
    const c = await closedChallenge(2);
    const [a, b] = c.applicants;
    const assigned = await judge(c.challengeId, { name: "Assigned Judge" });
    const free = await judge(c.challengeId, { name: "Free Judge" });
    const conflicted = await judge(c.challengeId, { name: "Conflicted Judge" });
    await db().insertInto("judge_conflicts").values({ user_id: conflicted.userId, judge_id: conflicted.judgeId, org_id: a!.orgId, relation: "advises", note: "" }).execute();
    const full = await judge(c.challengeId, { name: "Full Judge", capacity: 1 });
    const steppedAside = await judge(c.challengeId, { name: "Recused Judge" });
    const member = await judge(c.challengeId, { name: "Member Judge" });
    await db().insertInto("memberships").values({ user_id: member.userId, org_id: a!.orgId, role: "member" }).execute();
    await db().updateTable("challenges").set({ status: "judging" }).where("id", "=", c.challengeId).execute();
    const review = await createReview({ challenge_id: c.challengeId, proposal_id: a!.proposalId, judge_id: assigned.judgeId, manual: true });
    await db().insertInto("reviews").values([
      { challenge_id: c.challengeId, proposal_id: b!.proposalId, judge_id: full.judgeId, manual: true },
      { challenge_id: c.challengeId, proposal_id: a!.proposalId, judge_id: steppedAside.judgeId, manual: true, status: "recused" },
    ]).execute();

    const html = await page(`/my/challenges/${c.challengeId}/assignments`, c.owner.cookie);
    expect(Object.keys(optionsOf(html, `to-${review.id}`))).toEqual([free.judgeId]);
    // The server refuses the others all the same.
    for (const other of [conflicted, full, steppedAside, member]) {
      const res = await web.http.post(`/my/challenges/${c.challengeId}/assignments`, { intent: "move", reviewId: review.id, toJudgeId: other.judgeId }, c.owner.cookie);
      expect(res.status, other.name).toBe(400);
    }
  });
});

describe("the pairing summary", () => {
  it("counts the pairs the owner excluded", async () => {
    const c = await closedChallenge(1);
    const corp = await createMember("corporate");
    const sponsorship = await createSponsorship({ challenge_id: c.challengeId, org_id: corp.orgId });
    await db().updateTable("challenges").set({ status: "shortlisted" }).where("id", "=", c.challengeId).execute();
    await db().insertInto("pairing_exclusions").values({ proposal_id: c.applicants[0]!.proposalId, sponsorship_id: sponsorship.id, created_by: c.owner.user.id }).execute();
    const result = { challenges: [{ challengeId: c.challengeId, proposals: 1, paired: 0, unpaired: [{ proposalId: c.applicants[0]!.proposalId, reason: "excluded" }], totalFit: 0, locked: 0 }] };
    await db().insertInto("job_runs").values({
      kind: "pair-teams", challenge_id: c.challengeId, requested_by: c.owner.user.id, status: "completed", progress: 100,
      result: sql`cast(${JSON.stringify(result)}::text as jsonb)`, finished_at: new Date(),
    }).execute();
    const html = await page(`/my/challenges/${c.challengeId}/pairing`, c.owner.cookie);
    expect(html).toContain("0 of 1 shortlisted proposal paired (0 kept from before, 1 pair excluded by you)");
  });
});

describe("themes by name", () => {
  it("the panel page names a judge's themes, never their slugs", async () => {
    const c = await closedChallenge(1);
    await judge(c.challengeId, { themes: ["ageing-population", "climate"] });
    const html = await page(`/my/challenges/${c.challengeId}/judges`, c.owner.cookie);
    expect(html).toContain("Preventing climate change, Supporting an ageing population");
    const main = /<main[\s\S]*<\/main>/.exec(html)![0];
    expect(main).not.toContain("ageing-population");
  });
});

describe("a pilot's public page", () => {
  it("shows only verified measurements to the public; the team sees every one, and its query notes", async () => {
    const t = await createPilotTeam();
    await db().updateTable("pilots").set({ status: "approved", approved_at: new Date(), starts_on: "2026-01-01", ends_on: "2099-01-01" }).where("id", "=", t.pilotId).execute();
    const kpi = await createKpi({ pilot_id: t.pilotId });
    await db().insertInto("measurements").values([
      { kpi_id: kpi.id, measured_on: "2026-02-01", value: 31.25, status: "verified" },
      { kpi_id: kpi.id, measured_on: "2026-03-01", value: 27.75, status: "recorded" },
      { kpi_id: kpi.id, measured_on: "2026-04-01", value: 99.5, status: "queried", query_note: "The sensor was unplugged" },
    ]).execute();
    const visitors = [undefined, (await createMember("startup")).cookie];
    for (const cookie of visitors) {
      const html = await page(`/pilots/${t.pilotId}`, cookie);
      expect(html).toContain("31.25");
      for (const hidden of ["27.75", "99.5", "The sensor was unplugged"]) expect(html, hidden).not.toContain(hidden);
    }
    const team = await page(`/pilots/${t.pilotId}`, t.body.cookie);
    for (const shown of ["31.25", "27.75", "99.5", "The sensor was unplugged"]) expect(team, shown).toContain(shown);
  });
});
