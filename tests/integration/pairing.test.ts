// Sponsorship and team pairing through the real routes and worker: offers, the owner's decision, who
// sees shortlisted proposals, the pairing job (locks, exclusions, re-runs after a decline, one run per
// click), publication, answers, and the team and draft pilot that follow.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as publicPage from "../../app/routes/challenges.$id._index";
import * as sponsor from "../../app/routes/challenges.$id.sponsor";
import * as pairingPage from "../../app/routes/my.challenges.$id.pairing";
import * as sponsors from "../../app/routes/my.challenges.$id.sponsors";
import * as proposalPage from "../../app/routes/my.proposals.$id";
import * as sponsorship from "../../app/routes/my.sponsorships.$id";
import { db } from "../../app/server/connections.server";
import { startWorker } from "../../jobs/worker";
import { closeChallenge, createChallenge, createMember, createProposal } from "../support/factories";
import { latestRunId, waitForRun } from "../support/jobs";
import { call, getRequest, postRequest } from "../support/requests";

let worker: Awaited<ReturnType<typeof startWorker>>;
const s = {} as {
  owner: Awaited<ReturnType<typeof createMember>>;
  challengeId: string;
  startups: Awaited<ReturnType<typeof createMember>>[];
  proposals: string[];
  corps: Awaited<ReturnType<typeof createMember>>[];
  sponsorshipIds: string[];
};

async function offer(corp: Awaited<ReturnType<typeof createMember>>, form: Record<string, string | string[]>) {
  return call(sponsor.action, postRequest(`/challenges/${s.challengeId}/sponsor`, { fundingGbp: "20000", capacity: "1", trlMin: "1", trlMax: "9", ...form }, corp.cookie), { id: s.challengeId });
}

async function pairingAction(form: Record<string, string>, cookie = s.owner.cookie) {
  return call(pairingPage.action, postRequest(`/my/challenges/${s.challengeId}/pairing`, form, cookie), { id: s.challengeId });
}

async function runPairing() {
  expect((await pairingAction({ intent: "pair" })).status).toBe(302);
  return waitForRun(await latestRunId("pair-teams", s.challengeId));
}

async function livePairs() {
  return db().selectFrom("pairings").select(["id", "proposal_id", "sponsorship_id", "status", "locked"]).where("challenge_id", "=", s.challengeId)
    .where("status", "!=", "declined").orderBy("proposal_id").execute();
}

beforeAll(async () => {
  worker = await startWorker();
  s.owner = await createMember("public_body");
  s.challengeId = (await createChallenge(s.owner.orgId, { title: "Cleaner depots" })).id;
  s.startups = [await createMember("startup"), await createMember("startup"), await createMember("startup")];
  s.proposals = [];
  for (const [i, st] of s.startups.entries()) {
    const p = await createProposal(s.challengeId, st.orgId, { status: "submitted", title: `Depot idea ${i}` });
    s.proposals.push(p.id);
  }
  // Verified: only verified corporates' offers can be accepted.
  s.corps = [await createMember("corporate", { verified: true }), await createMember("corporate", { verified: true }), await createMember("corporate", { verified: true })];
});
afterAll(async () => {
  await worker?.close();
});

describe("sponsorship offers", () => {
  it("a corporate offers; bad input is refused with field messages", async () => {
    const bad = await offer(s.corps[0]!, { fundingGbp: "0", capacity: "0", trlMin: "7", trlMax: "3" });
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.body as { errors: { fields: object } }).errors.fields).sort()).toEqual(["capacity", "fundingGbp", "trlMax"]);
    expect(await db().selectFrom("sponsorships").select("id").where("challenge_id", "=", s.challengeId).execute()).toHaveLength(0);
    for (const [i, corp] of s.corps.entries()) {
      const res = await offer(corp, { fundingGbp: String(10_000 * (i + 1)), inKind: ["mentoring"], capacity: "1" });
      expect(res.status).toBe(302);
    }
    s.sponsorshipIds = (await db().selectFrom("sponsorships").select("id").where("challenge_id", "=", s.challengeId).orderBy("funding_gbp").execute()).map((r) => r.id);
    expect(s.sponsorshipIds).toHaveLength(3);
  });

  it("only corporates offer, and only the owner decides", async () => {
    expect((await offer(s.startups[0]!, {})).status).toBe(403);
    const stranger = await createMember("public_body");
    const res = await call(sponsors.action, postRequest(`/my/challenges/${s.challengeId}/sponsors`, { sponsorshipId: s.sponsorshipIds[0]!, decision: "accept" }, stranger.cookie), { id: s.challengeId });
    expect(res.status).toBe(404);
  });

  it("accepted sponsors appear on the public page; offered and declined ones do not", async () => {
    for (const [i, id] of s.sponsorshipIds.entries()) {
      const decision = i < 2 ? "accept" : "decline";
      const res = await call(sponsors.action, postRequest(`/my/challenges/${s.challengeId}/sponsors`, { sponsorshipId: id, decision }, s.owner.cookie), { id: s.challengeId });
      expect(res.status).toBe(302);
    }
    const page = await call(publicPage.loader, getRequest(`/challenges/${s.challengeId}`), { id: s.challengeId });
    const names = (page.body as { sponsors: { name: string }[] }).sponsors.map((x) => x.name);
    expect(names).toHaveLength(2);
    const declinedName = (await db().selectFrom("sponsorships").innerJoin("organisations", "organisations.id", "sponsorships.org_id").select("organisations.name").where("sponsorships.id", "=", s.sponsorshipIds[2]!).executeTakeFirstOrThrow()).name;
    expect(names).not.toContain(declinedName);
  });

  it("a sponsor sees the shortlist of its own sponsored challenge only", async () => {
    // As after judging: the challenge has closed (before that its owner sees no proposal), proposals are shortlisted.
    await closeChallenge(s.challengeId);
    await db().updateTable("proposals").set({ status: "shortlisted" }).where("id", "in", s.proposals).execute();
    await db().updateTable("challenges").set({ status: "shortlisted", feedback_released_at: new Date() }).where("id", "=", s.challengeId).execute();
    const own = await call(sponsorship.loader, getRequest(`/my/sponsorships/${s.sponsorshipIds[0]}`, s.corps[0]!.cookie), { id: s.sponsorshipIds[0]! });
    expect((own.body as { shortlist: unknown[] }).shortlist).toHaveLength(3);
    // Another corporate's sponsorship is not found; a declined sponsor sees no proposals.
    const other = await call(sponsorship.loader, getRequest(`/my/sponsorships/${s.sponsorshipIds[0]}`, s.corps[1]!.cookie), { id: s.sponsorshipIds[0]! });
    expect(other.status).toBe(404);
    expect(other.text).not.toContain("Depot idea");
    const declined = await call(sponsorship.loader, getRequest(`/my/sponsorships/${s.sponsorshipIds[2]}`, s.corps[2]!.cookie), { id: s.sponsorshipIds[2]! });
    expect((declined.body as { shortlist: unknown[] }).shortlist).toHaveLength(0);
    expect(declined.text).not.toContain("Depot idea");
  });
});

describe("the pairing job", () => {
  it("two clicks run one job; each proposal gets at most one sponsor, each sponsor at most its capacity", async () => {
    const a = await pairingAction({ intent: "pair" });
    const b = await pairingAction({ intent: "pair" });
    expect([a.status, b.status]).toEqual([302, 302]);
    const runs = await db().selectFrom("job_runs").select("id").where("kind", "=", "pair-teams").where("challenge_id", "=", s.challengeId).execute();
    expect(runs).toHaveLength(1);
    expect((await waitForRun(runs[0]!.id)).status).toBe("completed");
    const pairs = await livePairs();
    expect(pairs).toHaveLength(2); // two accepted sponsors with one place each
    expect(new Set(pairs.map((p) => p.proposal_id)).size).toBe(2);
    expect(new Set(pairs.map((p) => p.sponsorship_id)).size).toBe(2);
    expect(pairs.every((p) => s.sponsorshipIds.slice(0, 2).includes(p.sponsorship_id))).toBe(true);
    const page = await call(pairingPage.loader, getRequest(`/my/challenges/${s.challengeId}/pairing`, s.owner.cookie), { id: s.challengeId });
    const body = page.body as { result: { unpaired: { reason: string }[] }; pairs: { explanation: { shares: Record<string, number> } }[] };
    expect(body.result.unpaired).toHaveLength(1);
    expect(body.result.unpaired[0]!.reason).toMatch(/better fits/);
    const shares = Object.values(body.pairs[0]!.explanation.shares);
    expect(shares.reduce((t, v) => t + v, 0)).toBeCloseTo(1, 6);
  });

  it("a re-run leaves the same pairs, not duplicates; a locked pair survives an exclusion of its rival", async () => {
    const before = (await livePairs()).map((p) => `${p.proposal_id}|${p.sponsorship_id}`);
    await runPairing();
    expect((await livePairs()).map((p) => `${p.proposal_id}|${p.sponsorship_id}`)).toEqual(before);
    const [first, second] = await livePairs();
    expect((await pairingAction({ intent: "lock", pairingId: first!.id })).status).toBe(302);
    expect((await pairingAction({ intent: "exclude", pairingId: second!.id })).status).toBe(302);
    await runPairing();
    const after = await livePairs();
    expect(after.find((p) => p.id === first!.id)).toMatchObject({ locked: true, proposal_id: first!.proposal_id });
    expect(after.some((p) => p.proposal_id === second!.proposal_id && p.sponsorship_id === second!.sponsorship_id)).toBe(false);
  });

  it("publishes; a start-up cannot answer for another start-up; both accepting forms a team and a draft pilot", async () => {
    expect((await pairingAction({ intent: "publish", confirm: "yes" })).status).toBe(302);
    const pairs = await livePairs();
    expect(pairs.every((p) => p.status === "published")).toBe(true);
    const notices = await db().selectFrom("notifications").select(["user_id", "kind"]).where("kind", "=", "pairing_published").execute();
    const partyUsers = new Set([...s.startups, ...s.corps].map((m) => m.user.id));
    expect(notices.length).toBeGreaterThanOrEqual(pairs.length * 2);
    expect(notices.every((n) => partyUsers.has(n.user_id!))).toBe(true);

    const pair = pairs[0]!;
    const owner = s.startups[s.proposals.indexOf(pair.proposal_id)]!;
    const intruder = s.startups.find((x) => x !== owner)!;
    const sneaky = await call(proposalPage.action, postRequest(`/my/proposals/${pair.proposal_id}`, { intent: "partner-accept" }, intruder.cookie), { id: pair.proposal_id });
    expect(sneaky.status).toBe(404);
    expect((await db().selectFrom("pairings").select("startup_response").where("id", "=", pair.id).executeTakeFirstOrThrow()).startup_response).toBe("pending");

    expect((await call(proposalPage.action, postRequest(`/my/proposals/${pair.proposal_id}`, { intent: "partner-accept" }, owner.cookie), { id: pair.proposal_id })).status).toBe(302);
    const corp = s.corps[s.sponsorshipIds.indexOf(pair.sponsorship_id)]!;
    const wrongCorp = s.corps.find((c) => c !== corp)!;
    const sneakySponsor = await call(sponsorship.action, postRequest(`/my/sponsorships/${pair.sponsorship_id}`, { pairingId: pair.id, answer: "accept" }, wrongCorp.cookie), { id: pair.sponsorship_id });
    expect(sneakySponsor.status).toBe(404);
    expect((await call(sponsorship.action, postRequest(`/my/sponsorships/${pair.sponsorship_id}`, { pairingId: pair.id, answer: "accept" }, corp.cookie), { id: pair.sponsorship_id })).status).toBe(302);

    const team = await db().selectFrom("teams").selectAll().where("pairing_id", "=", pair.id).executeTakeFirstOrThrow();
    expect(team).toMatchObject({ public_org_id: s.owner.orgId, startup_org_id: owner.orgId, corporate_org_id: corp.orgId, proposal_id: pair.proposal_id });
    expect(await db().selectFrom("pilots").select("status").where("team_id", "=", team.id).executeTakeFirstOrThrow()).toEqual({ status: "draft" });
    expect((await db().selectFrom("proposals").select("status").where("id", "=", pair.proposal_id).executeTakeFirstOrThrow()).status).toBe("paired");
    // The start-up heard that the sponsor accepted.
    const heard = await db().selectFrom("notifications").select("user_id").where("kind", "=", "partner_response").where("user_id", "=", owner.user.id).execute();
    expect(heard.length).toBeGreaterThan(0);
  });

  it("a decline frees the place; re-running keeps the accepted team and re-pairs the rest", async () => {
    const declinedPair = (await livePairs()).find((p) => p.status === "published")!;
    const st = s.startups[s.proposals.indexOf(declinedPair.proposal_id)]!;
    expect((await call(proposalPage.action, postRequest(`/my/proposals/${declinedPair.proposal_id}`, { intent: "partner-decline" }, st.cookie), { id: declinedPair.proposal_id })).status).toBe(302);
    const teamsBefore = await db().selectFrom("teams").select("id").execute();
    await runPairing();
    const after = await livePairs();
    expect(after.filter((p) => p.status === "team")).toHaveLength(1);
    // The freed sponsor place goes to another proposal; the decliner is never offered that sponsor again.
    expect(after.some((p) => p.proposal_id === declinedPair.proposal_id && p.sponsorship_id === declinedPair.sponsorship_id)).toBe(false);
    expect(after.some((p) => p.sponsorship_id === declinedPair.sponsorship_id && p.status === "proposed")).toBe(true);
    expect(await db().selectFrom("teams").select("id").execute()).toEqual(teamsBefore);
  });
});
