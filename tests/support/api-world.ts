// A small programme for the organisation API's tests (decision 038): two public bodies, two start-ups and a
// corporate, each with something only it may read, and a token of each organisation.
import { sql } from "kysely";
import { db } from "../../app/server/connections.server";
import { apiTokenHash, generateApiToken, type ApiTokenScope } from "../../app/server/api/tokens.server";
import { closeChallenge, createChallenge, createMember, createPairedPilot, createProposal } from "./factories";

export type WorldOrg = "bodyA" | "bodyB" | "startupA" | "startupB" | "corporate";
export const WORLD_ORGS: WorldOrg[] = ["bodyA", "bodyB", "startupA", "startupB", "corporate"];

/** A token row written as the page's command writes it (its hash only); the token returned to the test. */
export async function tokenFor(orgId: string, scope: ApiTokenScope = "read", name = "Test token") {
  const token = generateApiToken();
  const { id } = await db().insertInto("api_tokens").values({ org_id: orgId, name, scope, token_hash: apiTokenHash(token) }).returning("id").executeTakeFirstOrThrow();
  return { id, token };
}

/** Released results for a closed challenge: scores for its proposals and its feedback out. */
async function releaseScores(challengeId: string, proposalIds: string[]) {
  const run = await db().insertInto("job_runs").values({ kind: "score-proposals", challenge_id: challengeId, status: "completed" }).returning("id").executeTakeFirstOrThrow();
  await db().insertInto("proposal_scores").values(proposalIds.map((proposal_id, i) => ({
    proposal_id, challenge_id: challengeId, run_id: run.id, raw: 4 - i * 0.5, calibrated: 3.9 - i * 0.5, uncertainty: 0.2, review_count: 3,
    disagreement: false, passes_thresholds: true, criterion_means: sql`'{}'::jsonb`, rank: i + 1,
  }))).execute();
  await db().updateTable("proposals").set({ status: "under_review" }).where("id", "in", proposalIds).execute();
  await db().updateTable("challenges").set({ status: "shortlisted", feedback_released_at: new Date() }).where("id", "=", challengeId).execute();
}

export async function seedApiWorld() {
  const members = Object.fromEntries(await Promise.all(WORLD_ORGS.map(async (o) =>
    [o, await createMember(o.startsWith("body") ? "public_body" : o.startsWith("startup") ? "startup" : "corporate")] as const)));
  const m = members as Record<WorldOrg, Awaited<ReturnType<typeof createMember>>>;
  const orgId = Object.fromEntries(WORLD_ORGS.map((o) => [o, m[o].orgId])) as Record<WorldOrg, string>;
  // Body A: a draft, an open challenge with a submitted proposal (sealed: only counted), and a closed, scored one.
  await createChallenge(orgId.bodyA, { status: "draft", title: "Body A's draft" });
  const openA = await createChallenge(orgId.bodyA, { title: "Body A's open call" });
  await createProposal(openA.id, orgId.startupA, { status: "submitted", title: "Start-up A to the open call" });
  const closedA = await createChallenge(orgId.bodyA, { title: "Body A's closed call" });
  const pA = await createProposal(closedA.id, orgId.startupA, { status: "submitted", title: "Start-up A to the closed call" });
  const pB = await createProposal(closedA.id, orgId.startupB, { status: "submitted", title: "Start-up B to the closed call" });
  // A draft of a start-up outside the world: never sent, so nobody but its own organisation reads it.
  await createProposal(closedA.id, (await createMember("startup")).orgId, { status: "draft", title: "An unsent draft" });
  await closeChallenge(closedA.id);
  await releaseScores(closedA.id, [pA.id, pB.id]);
  // Body B: a closed challenge start-up B applied to, and a pilot with B, B and the corporate.
  const closedB = await createChallenge(orgId.bodyB, { title: "Body B's closed call" });
  const pB2 = await createProposal(closedB.id, orgId.startupB, { status: "submitted", title: "Start-up B to body B" });
  await closeChallenge(closedB.id);
  await createPairedPilot({ challengeId: closedB.id, proposalId: pB2.id, publicOrgId: orgId.bodyB, startupOrgId: orgId.startupB, corporateOrgId: orgId.corporate });
  const tokens = Object.fromEntries(await Promise.all(WORLD_ORGS.map(async (o) => [o, (await tokenFor(orgId[o])).token] as const))) as Record<WorldOrg, string>;
  return { members: m, orgId, tokens, challenges: { openA: openA.id, closedA: closedA.id, closedB: closedB.id } };
}

export type ApiWorld = Awaited<ReturnType<typeof seedApiWorld>>;
