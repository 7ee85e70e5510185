// The consensus report on a proposal (decision 025): the owner chooses a rapporteur among the proposal's
// panel; the rapporteur, once their own review is in, writes a score per criterion (0–5, as the reviews) and
// a summary, saves drafts and submits it; a submitted report is final and from then on the ranking and the
// applicant's feedback stand on it, the calibrated score beside it. Each command writes its change, its
// audit row and its notices in one transaction.
import { sql } from "kysely";
import { z } from "zod";
import type { DB } from "../../../db/client";
import type { CriterionScore } from "../../rules/score/rubric";
import { TEXT_LIMITS } from "../../lib/field-limits";
import { audit, auditChallengeChange, type ManagedRef } from "../audit.server";
import { db } from "../connections.server";
import { forbidden, notFound } from "../http.server";
import { RuleError } from "../rule-error.server";
import { pastDeadlineSql } from "../challenges/sealed.server";
import { notifyConsensusSubmitted, notifyRapporteurChosen } from "./consensus-notices.server";
import { panelOf, panelSeat, proposalForPanel, SUBMIT_FIRST } from "./panel-discussion.server";

export const REPORT_FINAL = "The consensus report has been submitted and can no longer change";
export const NOT_ON_PANEL = "Choose one of the judges on this proposal's panel";
export const THRESHOLDS_FIXED = "Feedback has been released, so the thresholds it was judged by can no longer change";

// Conform does not coerce inside records, so a score may arrive as text or as a number.
const score = z.union([z.number(), z.string()]).optional().transform((v, ctx) => {
  if (v === undefined || v === "") return undefined;
  const n = typeof v === "number" ? v : /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 5) {
    ctx.addIssue({ code: "custom", message: "Score each criterion with a whole number from 0 to 5" });
    return z.NEVER;
  }
  return n;
});

export const consensusFormSchema = z.object({
  intent: z.enum(["save", "submit"]).default("save"),
  summary: z.string().trim().max(TEXT_LIMITS.panel.consensusSummary, "The summary must be 5,000 characters or fewer").optional().transform((v) => v ?? ""),
  scores: z.record(z.string(), z.object({
    score,
    comment: z.string().trim().max(TEXT_LIMITS.panel.consensusComment, "Each comment must be 2,000 characters or fewer").optional().transform((v) => v ?? ""),
  }).optional()).optional(),
});
export type ConsensusInput = z.output<typeof consensusFormSchema>;

export const rapporteurSchema = z.object({ rapporteur: z.string({ error: NOT_ON_PANEL }).min(1, NOT_ON_PANEL) });

export const totalThresholdSchema = z.object({
  totalThreshold: z.string().trim().optional().transform((v, ctx) => {
    if (v === undefined || v === "") return null;
    const n = /^\d(\.\d{1,2})?$/.test(v) ? Number(v) : NaN;
    if (!(n >= 0 && n <= 5)) {
      ctx.addIssue({ code: "custom", message: "The total threshold must be a number from 0 to 5, with at most 2 decimal places" });
      return z.NEVER;
    }
    return n;
  }),
});

/** The owner (or the programme office) chooses the proposal's rapporteur; the rapporteur is told. */
export async function chooseRapporteur(request: Request, { challengeId, orgId }: ManagedRef, proposalId: string, judgeId: string, chosenBy: string): Promise<void> {
  await db().transaction().execute(async (tx) => {
    const proposal = await tx.selectFrom("proposals").innerJoin("challenges", "challenges.id", "proposals.challenge_id")
      .select(["proposals.id", "challenges.title as challenge_title"])
      .where("proposals.id", "=", proposalId).where("proposals.challenge_id", "=", challengeId)
      .where("proposals.status", "not in", ["draft", "withdrawn"]).where(pastDeadlineSql).executeTakeFirst();
    if (!proposal) notFound();
    const judge = (await panelOf(tx, proposalId).execute()).find((j) => j.judge_id === judgeId);
    if (!judge) throw new RuleError(NOT_ON_PANEL, "rapporteur");
    const existing = await tx.selectFrom("consensus_reports").select(["status", "rapporteur_judge_id"]).where("proposal_id", "=", proposalId).forUpdate().executeTakeFirst();
    if (existing?.status === "submitted") throw new RuleError(REPORT_FINAL, "rapporteur");
    if (existing?.rapporteur_judge_id === judgeId) return;
    await tx.insertInto("consensus_reports").values({ proposal_id: proposalId, challenge_id: challengeId, rapporteur_judge_id: judgeId, chosen_by: chosenBy })
      .onConflict((oc) => oc.column("proposal_id").doUpdateSet({ rapporteur_judge_id: judgeId, chosen_by: chosenBy, chosen_at: sql`now()`, updated_at: sql`now()` }))
      .execute();
    await audit(tx, request, { action: "consensus.rapporteur_chosen", subject: { type: "proposal", id: proposalId, orgId }, detail: { judgeId } });
    await notifyRapporteurChosen(tx, { userId: judge.user_id, proposalId, judgeId, challengeTitle: proposal.challenge_title });
  });
}

export type SaveConsensusResult = { result: "saved" | "submitted" } | { result: "incomplete"; missing: Record<string, string> };

/** The rapporteur saves or submits the report. Anyone else on the panel is refused (403); anyone off it finds nothing (404). */
export async function saveConsensusReport(request: Request, ref: { proposalId: string; userId: string }, input: ConsensusInput): Promise<SaveConsensusResult> {
  return db().transaction().execute(async (tx) => {
    const seat = await panelSeat(tx, ref);
    if (!seat) notFound();
    const report = await tx.selectFrom("consensus_reports").select(["status", "rapporteur_judge_id", "challenge_id"])
      .where("proposal_id", "=", ref.proposalId).forUpdate().executeTakeFirst();
    if (!report || report.rapporteur_judge_id !== seat.judgeId) forbidden("Only the rapporteur the challenge owner chose writes the consensus report");
    if (!seat.submitted) throw new RuleError(SUBMIT_FIRST, "summary");
    if (report.status === "submitted") throw new RuleError(REPORT_FINAL, "summary");
    const criteria = await tx.selectFrom("rubric_criteria").select(["id", "name"]).where("challenge_id", "=", report.challenge_id).orderBy("position").execute();
    for (const c of criteria) {
      const entry = input.scores?.[c.id];
      const values = { score: entry?.score ?? null, comment: entry?.comment ?? "" };
      await tx.insertInto("consensus_scores").values({ proposal_id: ref.proposalId, criterion_id: c.id, ...values })
        .onConflict((oc) => oc.columns(["proposal_id", "criterion_id"]).doUpdateSet(values)).execute();
    }
    await tx.updateTable("consensus_reports").set({ summary: input.summary, updated_at: sql`now()` }).where("proposal_id", "=", ref.proposalId).execute();
    const ownerOrgId = (await proposalForPanel(tx, ref.proposalId))!.ownerOrgId;
    const audited = (action: "consensus.saved" | "consensus.submitted") =>
      audit(tx, request, { action, subject: { type: "proposal", id: ref.proposalId, orgId: ownerOrgId } });
    const missing: Record<string, string> = {};
    if (input.intent === "submit") {
      for (const c of criteria) if (input.scores?.[c.id]?.score === undefined) missing[`scores.${c.id}.score`] = `Score “${c.name}” from 0 to 5 before submitting`;
      if (!input.summary) missing.summary = "Write the panel's summary before submitting";
    }
    // What was typed is kept, and audited as saved, even when a submission has gaps.
    if (input.intent !== "submit" || Object.keys(missing).length) {
      await audited("consensus.saved");
      return input.intent === "submit" ? { result: "incomplete", missing } : { result: "saved" };
    }
    await tx.updateTable("consensus_reports").set({ status: "submitted", submitted_at: sql`now()` }).where("proposal_id", "=", ref.proposalId).execute();
    await audited("consensus.submitted");
    const panel = await panelOf(tx, ref.proposalId).execute();
    const challenge = await tx.selectFrom("challenges").select("title").where("id", "=", report.challenge_id).executeTakeFirstOrThrow();
    await notifyConsensusSubmitted(tx, { proposalId: ref.proposalId, challengeTitle: challenge.title, userIds: panel.map((j) => j.user_id) });
    return { result: "submitted" };
  });
}

/** The report as the panel page shows it (texts through the blinder), or null before a rapporteur is chosen. */
export async function consensusForPanel(proposalId: string, seat: { judgeId: string }, clean: (t: string) => string) {
  const report = await reportOf(db(), proposalId);
  if (!report) return null;
  return {
    ...report, summary: clean(report.summary), isRapporteur: report.rapporteurJudgeId === seat.judgeId,
    criteria: report.criteria.map((c) => ({ ...c, comment: clean(c.comment) })),
  };
}

/** The report with its rapporteur's name and its score and comment per criterion (every criterion of the rubric). */
async function reportOf(executor: DB, proposalId: string) {
  const r = await executor.selectFrom("consensus_reports")
    .innerJoin("judges", "judges.id", "consensus_reports.rapporteur_judge_id").innerJoin("users", "users.id", "judges.user_id")
    .select(["consensus_reports.challenge_id", "consensus_reports.rapporteur_judge_id", "users.name as rapporteur", "consensus_reports.status",
      "consensus_reports.summary", "consensus_reports.submitted_at"])
    .where("consensus_reports.proposal_id", "=", proposalId).executeTakeFirst();
  if (!r) return null;
  const criteria = await executor.selectFrom("rubric_criteria")
    .leftJoin("consensus_scores", (j) => j.onRef("consensus_scores.criterion_id", "=", "rubric_criteria.id").on("consensus_scores.proposal_id", "=", proposalId))
    .select(["rubric_criteria.id", "rubric_criteria.name", "rubric_criteria.description", "rubric_criteria.weight", "rubric_criteria.threshold",
      "consensus_scores.score", "consensus_scores.comment"])
    .where("rubric_criteria.challenge_id", "=", r.challenge_id).orderBy("rubric_criteria.position").execute();
  return {
    rapporteurJudgeId: r.rapporteur_judge_id, rapporteur: r.rapporteur, status: r.status, summary: r.summary, submittedAt: r.submitted_at,
    criteria: criteria.map((c) => ({ id: c.id, name: c.name, description: c.description, weight: c.weight, threshold: c.threshold, score: c.score, comment: c.comment ?? "" })),
  };
}

/** What the owner's proposal page shows: the panel to choose from, the report, and how long the discussion is. */
export async function consensusForManager(challengeId: string, proposalId: string) {
  const [panel, report, messages] = await Promise.all([
    panelOf(db(), proposalId).execute(),
    reportOf(db(), proposalId),
    db().selectFrom("panel_messages").select(sql<number>`count(*)::int`.as("n")).where("proposal_id", "=", proposalId).executeTakeFirstOrThrow(),
  ]);
  if (report && !panel.some((j) => j.judge_id === report.rapporteurJudgeId) && report.status === "draft") {
    // The rapporteur has left the panel (recused, or a conflict found since): the owner chooses again.
    return { panel: panel.map(panelEntry), report: { ...report, stale: true }, messageCount: messages.n, challengeId };
  }
  return { panel: panel.map(panelEntry), report: report && { ...report, stale: false }, messageCount: messages.n, challengeId };
}

const panelEntry = (j: { judge_id: string; name: string; review_status: string }) => ({ judgeId: j.judge_id, name: j.name, submitted: j.review_status === "submitted" });

/** Every submitted report of a challenge: proposal id → its score per criterion, and its summary. */
export async function submittedConsensus(challengeId: string): Promise<Map<string, { scores: CriterionScore[]; summary: string; comments: Record<string, string> }>> {
  const rows = await db().selectFrom("consensus_reports")
    .innerJoin("consensus_scores", "consensus_scores.proposal_id", "consensus_reports.proposal_id")
    .select(["consensus_reports.proposal_id", "consensus_reports.summary", "consensus_scores.criterion_id", "consensus_scores.score", "consensus_scores.comment"])
    .where("consensus_reports.challenge_id", "=", challengeId).where("consensus_reports.status", "=", "submitted").execute();
  const out = new Map<string, { scores: CriterionScore[]; summary: string; comments: Record<string, string> }>();
  for (const r of rows) {
    const entry = out.get(r.proposal_id) ?? { scores: [], summary: r.summary, comments: {} };
    if (r.score !== null) entry.scores.push({ criterionId: r.criterion_id, score: r.score });
    if (r.comment) entry.comments[r.criterion_id] = r.comment;
    out.set(r.proposal_id, entry);
  }
  return out;
}

/** The owner sets (or clears) the minimum total, until feedback is released. */
export async function setTotalThreshold(request: Request, ref: ManagedRef, totalThreshold: number | null): Promise<void> {
  await db().transaction().execute(async (tx) => {
    const c = await tx.selectFrom("challenges").select("feedback_released_at").where("id", "=", ref.challengeId).forUpdate().executeTakeFirstOrThrow();
    if (c.feedback_released_at) throw new RuleError(THRESHOLDS_FIXED, "totalThreshold");
    await tx.updateTable("challenges").set({ total_threshold: totalThreshold, updated_at: sql`now()` }).where("id", "=", ref.challengeId).execute();
    await auditChallengeChange(tx, request, "challenge.updated", ref, "total-threshold");
  });
}
