// The demo seed makes a living programme, only on an empty database.
import { expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { verifyPassword } from "../../app/server/password.server";
import { DEMO_PASSWORD, demoLogins, isEmpty, seedDemo } from "../../db/seed";
import { searchPublicChallenges } from "../../app/server/challenges/queries.server";
import { computeProposalScores } from "../../jobs/judging/proposal-scores";

it("seeds organisations of every kind, challenges in every state, proposals and a judged challenge", async () => {
  expect(await isEmpty(db())).toBe(true);
  await seedDemo(db());
  expect(await isEmpty(db())).toBe(false);

  const kinds = await db().selectFrom("organisations").select("kind").execute();
  for (const k of ["public_body", "startup", "corporate"]) expect(kinds.filter((o) => o.kind === k).length).toBeGreaterThanOrEqual(3);
  expect(await db().selectFrom("challenges").select("id").execute()).toHaveLength(12);
  const statuses = new Set((await searchPublicChallenges({ status: "any" })).challenges.map((c) => c.status));
  for (const s of ["open", "upcoming"]) expect(statuses).toContain(s);
  expect((await db().selectFrom("challenges").select("id").where("status", "=", "draft").execute()).length).toBe(2);
  const themes = await db().selectFrom("challenges").innerJoin("themes", "themes.id", "challenges.theme_id").select("themes.slug").distinct().execute();
  expect(themes).toHaveLength(3);
  expect((await db().selectFrom("proposals").select("id").where("status", "=", "submitted").execute()).length).toBeGreaterThan(5);

  const offers = await db().selectFrom("sponsorships").select("status").execute();
  expect(offers.filter((o) => o.status === "accepted")).toHaveLength(3);
  expect(offers.filter((o) => o.status === "offered")).toHaveLength(1);

  // Every demo log-in works with the documented password.
  for (const login of demoLogins()) {
    const user = await db().selectFrom("users").select("password_hash").where("email", "=", login.email).executeTakeFirstOrThrow();
    expect(await verifyPassword(user.password_hash, DEMO_PASSWORD)).toBe(true);
  }

  // The judged challenge's reviews are complete and score cleanly.
  const judged = await db().selectFrom("challenges").select("id").where("status", "=", "judging").executeTakeFirstOrThrow();
  const criteria = await db().selectFrom("rubric_criteria").select(["id", "weight", "threshold"]).where("challenge_id", "=", judged.id).execute();
  const rows = await db().selectFrom("reviews").innerJoin("review_scores", "review_scores.review_id", "reviews.id")
    .select(["reviews.id", "reviews.proposal_id", "reviews.judge_id", "review_scores.criterion_id", "review_scores.score"])
    .where("reviews.challenge_id", "=", judged.id).execute();
  const reviews = new Map<string, { proposalId: string; judgeId: string; scores: { criterionId: string; score: number }[] }>();
  for (const r of rows) {
    const v = reviews.get(r.id) ?? { proposalId: r.proposal_id, judgeId: r.judge_id, scores: [] };
    v.scores.push({ criterionId: r.criterion_id, score: r.score! });
    reviews.set(r.id, v);
  }
  const { scores } = computeProposalScores([...reviews.values()], criteria);
  expect(scores.length).toBe(2);
});
