// Dashboards: the programme's figures (read from the roll-up the worker keeps fresh), a challenge owner's
// funnel, score distribution and judging progress, a judge's overview and a start-up's overview.
import { sql } from "kysely";
import type { ProposalStatus, ReviewStatus } from "../../db/schema";
import { derivePilotStatuses, type ProgrammeFigures } from "./dashboards/programme-figures.server";
import { PROGRAMME_ROLLUP_KEY, rollUpProgramme } from "./dashboards/rollup.server";
import type { PilotStatus } from "../rules/pilots/status";
import { REVIEW_STATUSES } from "../lib/review-status";
import { db } from "./connections.server";

/** The programme figures as last rolled up; computed and stored on the first read if there are none yet. */
export async function getProgrammeDashboard(): Promise<ProgrammeFigures> {
  const row = await db().selectFrom("dashboard_rollups").select(["data"]).where("key", "=", PROGRAMME_ROLLUP_KEY).executeTakeFirst();
  if (row) return row.data as ProgrammeFigures;
  return rollUpProgramme(db());
}

export const FUNNEL_STAGES = ["submitted", "reviewed", "shortlisted", "paired", "piloting"] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export const SCORE_BIN_WIDTH = 0.5;

export interface ChallengeDashboard {
  funnel: Record<FunnelStage, number>;
  /** Calibrated scores in bins of 0.5 from the lowest to the highest occupied bin; `from` is inclusive. */
  scoreBins: { from: number; to: number; count: number }[];
  reviews: Record<ReviewStatus, number>;
}

/** One challenge's dashboard; the caller has checked the actor may manage it (requireChallengeManager). */
export async function getChallengeDashboard(challengeId: string): Promise<ChallengeDashboard> {
  const [funnel, bins, reviews] = await Promise.all([
    db().selectFrom("proposals")
      .select([
        sql<string>`count(*)`.as("submitted"),
        sql<string>`count(*) FILTER (WHERE EXISTS (SELECT 1 FROM reviews r WHERE r.proposal_id = proposals.id AND r.status = 'submitted'))`.as("reviewed"),
        sql<string>`count(*) FILTER (WHERE proposals.status IN ('shortlisted', 'paired', 'piloting'))`.as("shortlisted"),
        sql<string>`count(*) FILTER (WHERE EXISTS (SELECT 1 FROM pairings pr WHERE pr.proposal_id = proposals.id AND pr.status IN ('published', 'team')))`.as("paired"),
        sql<string>`count(*) FILTER (WHERE EXISTS (SELECT 1 FROM teams t JOIN pilots pl ON pl.team_id = t.id WHERE t.proposal_id = proposals.id AND pl.status IN ('approved', 'running')))`.as("piloting"),
      ])
      .where("proposals.challenge_id", "=", challengeId)
      .where("proposals.status", "not in", ["draft", "withdrawn"])
      .executeTakeFirstOrThrow(),
    db().selectFrom("proposal_scores")
      .select([sql<number>`floor(calibrated / ${SCORE_BIN_WIDTH})::int`.as("bin"), sql<string>`count(*)`.as("n")])
      .where("challenge_id", "=", challengeId).groupBy(sql`1`).orderBy(sql`1`).execute(),
    db().selectFrom("reviews").select(["status", sql<string>`count(*)`.as("n")])
      .where("challenge_id", "=", challengeId).groupBy("status").execute(),
  ]);
  const scoreBins: ChallengeDashboard["scoreBins"] = [];
  if (bins.length) {
    const counts = new Map(bins.map((b) => [b.bin, Number(b.n)]));
    for (let b = bins[0]!.bin; b <= bins[bins.length - 1]!.bin; b++) {
      scoreBins.push({ from: b * SCORE_BIN_WIDTH, to: (b + 1) * SCORE_BIN_WIDTH, count: counts.get(b) ?? 0 });
    }
  }
  const byStatus = new Map(reviews.map((r) => [r.status, Number(r.n)]));
  return {
    funnel: Object.fromEntries(FUNNEL_STAGES.map((s) => [s, Number(funnel[s])])) as Record<FunnelStage, number>,
    scoreBins,
    reviews: Object.fromEntries(REVIEW_STATUSES.map((s) => [s, byStatus.get(s) ?? 0])) as Record<ReviewStatus, number>,
  };
}

export interface JudgeOverviewRow { challengeId: string; title: string; assigned: number; inProgress: number; submitted: number }

/** Per challenge the user judges: their reviews to do, in progress and submitted (recusals are not counted). */
export async function getJudgeOverview(userId: string): Promise<JudgeOverviewRow[]> {
  const rows = await db().selectFrom("judges").innerJoin("challenges", "challenges.id", "judges.challenge_id")
    .leftJoin("reviews", "reviews.judge_id", "judges.id")
    .select([
      "challenges.id", "challenges.title",
      sql<string>`count(reviews.id) FILTER (WHERE reviews.status = 'assigned')`.as("assigned"),
      sql<string>`count(reviews.id) FILTER (WHERE reviews.status = 'in_progress')`.as("in_progress"),
      sql<string>`count(reviews.id) FILTER (WHERE reviews.status = 'submitted')`.as("submitted"),
    ])
    .where("judges.user_id", "=", userId)
    .groupBy(["challenges.id", "challenges.title", "challenges.closes_at"])
    .orderBy("challenges.closes_at", "desc").execute();
  return rows.map((r) => ({ challengeId: r.id, title: r.title, assigned: Number(r.assigned), inProgress: Number(r.in_progress), submitted: Number(r.submitted) }));
}

export interface StartupOverview {
  proposals: { status: ProposalStatus; count: number }[];
  pilots: { id: string; title: string; challengeTitle: string; status: PilotStatus }[];
}

/** A start-up's proposals by status and its pilots with their derived status; always filtered by the start-up. */
export async function getStartupOverview(orgId: string, today = new Date()): Promise<StartupOverview> {
  const [proposals, pilots] = await Promise.all([
    db().selectFrom("proposals").select(["status", sql<string>`count(*)`.as("n")]).where("org_id", "=", orgId).groupBy("status").execute(),
    derivePilotStatuses(db(), today, { startupOrgId: orgId }),
  ]);
  const order: ProposalStatus[] = ["draft", "submitted", "under_review", "shortlisted", "not_shortlisted", "paired", "piloting", "withdrawn"];
  return {
    proposals: proposals.map((p) => ({ status: p.status, count: Number(p.n) })).sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status)),
    pilots: pilots.map((p) => ({ id: p.id, title: p.title, challengeTitle: p.challengeTitle, status: p.status })),
  };
}
