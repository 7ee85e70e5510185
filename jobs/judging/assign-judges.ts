// The "assign judges" job: gives each submitted proposal k judges, never a conflicted one, never beyond
// a judge's capacity, maximising expertise affinity; keeps reviews already started or placed by hand.
import { sql } from "kysely";
import type { DB } from "../../db/client";
import { messages, notifyAll } from "../../app/server/notifications.server";
import { affinityMatrix } from "../../app/rules/affinity/affinity";
import { buildTfIdfModel } from "../../app/rules/affinity/tfidf";
import { solveBMatching } from "../../app/rules/match/solver";
import type { RunContext } from "../runs";
import { buildAssignmentProblem, shortfalls, type AssignmentInput, type ExistingReview } from "../../app/rules/judging/assignment-problem";

export async function loadAssignmentInput(db: DB, challengeId: string) {
  const challenge = await db.selectFrom("challenges").innerJoin("themes", "themes.id", "challenges.theme_id")
    .select(["challenges.reviews_per_proposal", "themes.slug as theme"]).where("challenges.id", "=", challengeId).executeTakeFirstOrThrow();
  const proposals = await db.selectFrom("proposals")
    .select(["id", "org_id", "title", "summary", "approach", "expected_impact", "tags"])
    .where("challenge_id", "=", challengeId).where("status", "in", ["submitted", "under_review"])
    // Screened out by the owner (decision 028): never given to a judge.
    .where("eligibility", "!=", "ineligible").orderBy("submitted_at").orderBy("id").execute();
  const judges = await db.selectFrom("judges")
    .select(["judges.id", "judges.user_id", "judges.capacity", "judges.themes", "judges.tags", "judges.expertise"])
    .select((eb) => eb.selectFrom("memberships").select(sql<string[]>`coalesce(array_agg(org_id), '{}')`.as("orgs"))
      .whereRef("memberships.user_id", "=", "judges.user_id").as("member_org_ids"))
    .where("challenge_id", "=", challengeId).orderBy("judges.created_at").orderBy("judges.id").execute();
  // A conflict belongs to the person: whichever panel it was declared on, it holds for their judge row here.
  const conflicts = await db.selectFrom("judge_conflicts").innerJoin("judges", "judges.user_id", "judge_conflicts.user_id")
    .select(["judges.id as judge_id", "judge_conflicts.org_id", "judge_conflicts.proposal_id"])
    .where("judges.challenge_id", "=", challengeId).execute();
  const reviews = await db.selectFrom("reviews").select(["proposal_id", "judge_id", "status", "manual"])
    .where("challenge_id", "=", challengeId).execute();

  const model = buildTfIdfModel([
    ...proposals.map(proposalText),
    ...judges.map((j) => j.expertise),
  ]);
  const matrix = affinityMatrix(
    judges.map((j) => ({ themes: j.themes, tags: j.tags, text: j.expertise })),
    proposals.map((p) => ({ theme: challenge.theme, tags: p.tags, text: proposalText(p) })),
    model,
  );

  const existing: ExistingReview[] = reviews
    // Reviews not yet started and placed by a previous run are re-decided; everything else stays.
    .filter((r) => !(r.status === "assigned" && !r.manual))
    .map((r) => ({ proposalId: r.proposal_id, judgeId: r.judge_id, kind: r.status === "recused" ? "recused" : "kept" }));

  const input: AssignmentInput = {
    reviewsPerProposal: challenge.reviews_per_proposal,
    proposals: proposals.map((p) => ({ id: p.id, orgId: p.org_id })),
    judges: judges.map((j) => ({ id: j.id, capacity: j.capacity, memberOrgIds: j.member_org_ids ?? [] })),
    conflicts: conflicts.map((c) => ({ judgeId: c.judge_id, orgId: c.org_id, proposalId: c.proposal_id })),
    existing,
    // Rounded to 6 places so equal-looking affinities are equal and the solver's answer is stable.
    affinity: (pi, ji) => Math.round(matrix[pi * judges.length + ji]! * 1e6) / 1e6,
  };
  return input;
}

function proposalText(p: { title: string; summary: string; approach: string; expected_impact: string }) {
  return `${p.title}\n${p.summary}\n${p.approach}\n${p.expected_impact}`;
}

export async function assignJudges(db: DB, ctx: RunContext) {
  await ctx.progress(10, "Reading the panel, proposals and conflicts");
  const input = await loadAssignmentInput(db, ctx.challengeId);
  await ctx.progress(40, "Computing expertise affinity and solving the assignment");
  const problem = buildAssignmentProblem(input);
  const solution = solveBMatching(problem);
  const weightOf = new Map(problem.edges.map((e) => [`${e.left}|${e.right}`, e.weight]));
  const short = shortfalls(input, solution);
  await ctx.progress(80, "Saving the assignments");
  await ctx.complete(async (tx) => {
    // What each judge had before this run, so only assignments that are new to them are announced.
    const before = new Set((await tx.selectFrom("reviews").select(["proposal_id", "judge_id"]).where("challenge_id", "=", ctx.challengeId).execute())
      .map((r) => `${r.proposal_id}|${r.judge_id}`));
    await tx.deleteFrom("reviews").where("challenge_id", "=", ctx.challengeId).where("status", "=", "assigned").where("manual", "=", false).execute();
    if (solution.pairs.length) {
      await tx.insertInto("reviews").values(solution.pairs.map((p) => ({
        challenge_id: ctx.challengeId, proposal_id: p.left, judge_id: p.right, run_id: ctx.runId,
        affinity: weightOf.get(`${p.left}|${p.right}`) ?? 0,
      }))).onConflict((oc) => oc.columns(["proposal_id", "judge_id"]).doNothing()).execute();
    }
    // Judging has begun: the challenge and its proposals move on.
    await tx.updateTable("challenges").set({ status: "judging", updated_at: sql`now()` })
      .where("id", "=", ctx.challengeId).where("status", "=", "published").execute();
    await tx.updateTable("proposals").set({ status: "under_review", updated_at: sql`now()` })
      .where("challenge_id", "=", ctx.challengeId).where("status", "=", "submitted").where("eligibility", "!=", "ineligible").execute();
    const fresh = solution.pairs.filter((p) => !before.has(`${p.left}|${p.right}`));
    await announceNewAssignments(tx, ctx.challengeId, fresh.map((p) => p.right));
    return fresh.length;
  }, (fresh: number) => ({
    assigned: solution.matched,
    /** Assignments no judge had before this run (a re-run re-decides unstarted ones and may keep most). */
    newAssignments: fresh,
    totalAffinity: solution.totalWeight,
    proposals: input.proposals.length,
    judges: input.judges.length,
    shortfalls: short,
  }));
}

/** "Assignment ready" to each judge with new assignments: how many, never which (the challenge may be blind). */
async function announceNewAssignments(tx: DB, challengeId: string, judgeIdPerNewReview: string[]) {
  if (judgeIdPerNewReview.length === 0) return;
  const counts = new Map<string, number>();
  for (const id of judgeIdPerNewReview) counts.set(id, (counts.get(id) ?? 0) + 1);
  const challenge = await tx.selectFrom("challenges").select("title").where("id", "=", challengeId).executeTakeFirstOrThrow();
  const judges = await tx.selectFrom("judges").select(["id", "user_id"]).where("id", "in", [...counts.keys()]).execute();
  await notifyAll(tx, judges.map((j) => ({
    userId: j.user_id,
    kind: "assignment_ready" as const,
    ...messages.assignmentReady({ challengeTitle: challenge.title, count: counts.get(j.id)! }),
  })));
}
