// The programme office's pairing controls: a whole round in one run, the weights, and the in-kind list.
import { afterAll, beforeAll, expect, it } from "vitest";
import * as adminInKind from "../../app/routes/admin.in-kind";
import * as adminPairing from "../../app/routes/admin.pairing";
import * as proposalPage from "../../app/routes/my.proposals.$id";
import * as sponsorshipPage from "../../app/routes/my.sponsorships.$id";
import { db } from "../../app/server/connections.server";
import { startWorker } from "../../jobs/worker";
import { readPairingWeights } from "../../app/server/pairing/weights.server";
import { createAdmin, createChallenge, createMember, createProposal, createSponsorship } from "../support/factories";
import { waitForRun } from "../support/jobs";
import { call, getRequest, postRequest } from "../support/requests";

let worker: Awaited<ReturnType<typeof startWorker>>;
beforeAll(async () => {
  worker = await startWorker();
});
afterAll(async () => {
  await worker?.close();
});

async function shortlistedChallengeWithSponsor(capacity: number) {
  const owner = await createMember("public_body");
  const c = await createChallenge(owner.orgId);
  await db().updateTable("challenges").set({ status: "shortlisted" }).where("id", "=", c.id).execute();
  const corp = await createMember("corporate");
  await createSponsorship({ challenge_id: c.id, org_id: corp.orgId, capacity, status: "accepted", in_kind: ["mentoring"] });
  const proposals = [];
  for (let i = 0; i < 3; i++) {
    const st = await createMember("startup");
    const p = await createProposal(c.id, st.orgId, { status: "submitted" });
    await db().updateTable("proposals").set({ status: "shortlisted" }).where("id", "=", p.id).execute();
    proposals.push(p.id);
  }
  return { challengeId: c.id, proposals };
}

it("pairs every shortlisted challenge of the round in one run, and only admins may start it", async () => {
  const a = await shortlistedChallengeWithSponsor(2);
  const b = await shortlistedChallengeWithSponsor(1);
  const admin = await createAdmin();
  const body = await createMember("public_body");
  expect((await call(adminPairing.action, postRequest("/admin/pairing", { intent: "round" }, body.cookie))).status).toBe(403);
  expect((await call(adminPairing.action, postRequest("/admin/pairing", { intent: "round" }, admin.cookie))).status).toBe(302);
  expect((await call(adminPairing.action, postRequest("/admin/pairing", { intent: "round" }, admin.cookie))).status).toBe(302);
  const runs = await db().selectFrom("job_runs").select("id").where("kind", "=", "pair-teams").where("challenge_id", "is", null).execute();
  expect(runs).toHaveLength(1);
  expect((await waitForRun(runs[0]!.id)).status).toBe("completed");
  const count = async (id: string) => (await db().selectFrom("pairings").select("id").where("challenge_id", "=", id).execute()).length;
  expect(await count(a.challengeId)).toBe(2);
  expect(await count(b.challengeId)).toBe(1);
  // Sponsors of one challenge never pair with another challenge's proposals.
  const cross = await db().selectFrom("pairings").innerJoin("sponsorships", "sponsorships.id", "pairings.sponsorship_id")
    .select("pairings.id").whereRef("sponsorships.challenge_id", "!=", "pairings.challenge_id").execute();
  expect(cross).toHaveLength(0);
  const page = await call(adminPairing.loader, getRequest("/admin/pairing", admin.cookie));
  expect((page.body as { round: unknown[] }).round).toHaveLength(2);
});

it("the programme sets the weights (validated); the job reads them", async () => {
  const admin = await createAdmin();
  const bad = await call(adminPairing.action, postRequest("/admin/pairing", { intent: "weights", score: "0", preferences: "0", needs: "0", readiness: "0", area: "0" }, admin.cookie));
  expect(bad.status).toBe(400);
  const bad2 = await call(adminPairing.action, postRequest("/admin/pairing", { intent: "weights", score: "150", preferences: "x", needs: "0", readiness: "0", area: "0" }, admin.cookie));
  expect(Object.keys((bad2.body as { errors: { fields: object } }).errors.fields).sort()).toEqual(["preferences", "score"]);
  const ok = await call(adminPairing.action, postRequest("/admin/pairing", { intent: "weights", score: "50", preferences: "0", needs: "50", readiness: "0", area: "0" }, admin.cookie));
  expect(ok.status).toBe(302);
  expect(await readPairingWeights(db())).toEqual({ score: 0.5, preferences: 0, needs: 0.5, readiness: 0, area: 0 });
});

it("admins extend the in-kind list; a start-up states the support it needs", async () => {
  const admin = await createAdmin();
  expect((await call(adminInKind.action, postRequest("/admin/in-kind", { name: "Legal advice" }, admin.cookie))).status).toBe(302);
  expect((await call(adminInKind.action, postRequest("/admin/in-kind", { name: "Legal advice" }, admin.cookie))).status).toBe(400);
  const startup = await createMember("startup");
  expect((await call(adminInKind.loader, getRequest("/admin/in-kind", startup.cookie))).status).toBe(403);
  const owner = await createMember("public_body");
  const c = await createChallenge(owner.orgId, { questions: [] });
  const p = await createProposal(c.id, startup.orgId);
  const res = await call(proposalPage.action, postRequest(`/my/proposals/${p.id}`, { intent: "save", title: "Needs test", needs: ["mentoring", "legal-advice"] }, startup.cookie), { id: p.id });
  expect(res.status).toBe(302);
  expect((await db().selectFrom("proposals").select("needs").where("id", "=", p.id).executeTakeFirstOrThrow()).needs).toEqual(["mentoring", "legal-advice"]);
});

it("a blind challenge's sponsor sees no applicant names or identifying text until the pairing is published", async () => {
  const owner = await createMember("public_body");
  const c = await createChallenge(owner.orgId, { blind: true });
  await db().updateTable("challenges").set({ status: "shortlisted" }).where("id", "=", c.id).execute();
  const corp = await createMember("corporate");
  const s = await createSponsorship({ challenge_id: c.id, org_id: corp.orgId });
  const startup = await createMember("startup", { name: "Perpetua Quillfeather" });
  const orgName = (await db().selectFrom("organisations").select("name").where("id", "=", startup.orgId).executeTakeFirstOrThrow()).name;
  const p = await createProposal(c.id, startup.orgId, { status: "submitted", title: `${orgName} heat pumps` });
  await db().updateTable("proposals").set({ status: "shortlisted", summary: `Perpetua Quillfeather leads ${orgName}.` }).where("id", "=", p.id).execute();
  const before = await call(sponsorshipPage.loader, getRequest(`/my/sponsorships/${s.id}`, corp.cookie), { id: s.id });
  expect(before.status).toBe(200);
  expect(before.text).toContain("heat pumps");
  for (const planted of [orgName, "Perpetua Quillfeather"]) expect(before.text).not.toContain(planted);
  await db().updateTable("challenges").set({ pairing_published_at: new Date() }).where("id", "=", c.id).execute();
  const after = await call(sponsorshipPage.loader, getRequest(`/my/sponsorships/${s.id}`, corp.cookie), { id: s.id });
  expect(after.text).toContain(orgName);
});
