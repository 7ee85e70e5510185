// The challenge manager's exports (behind requireChallengeManager, decision 019): every submitted proposal
// with its answers, scores, rank and decision as CSV or XLSX, and one proposal's pack as a PDF. Sealed as
// the pages are (decision 003): before the deadline the table has no rows and a pack is "not found".
// The owner and the programme office read applicants' names on every page of a challenge, blind or not
// (blind review hides them from judges and sponsors), so the owner's files name them too.
import { sql } from "kysely";
import type { Actor } from "../auth.server";
import { auditProposalViews } from "../audit.server";
import { db } from "../connections.server";
import { pastDeadlineSql } from "../challenges/sealed.server";
import type { ManagedChallenge } from "../judging/manager.server";
import { readProposalAsManager } from "../proposals/queries.server";
import { listProposalAttachments } from "../attachments/attachments.server";
import { formatBytes } from "../../lib/attachments";
import { formatDateTime, formatMoney } from "../../lib/dates";
import { proposalStatusTag } from "../../lib/proposal-status";
import { renderPackPdf } from "./proposal-pack-pdf.server";
import { recordExport } from "./record.server";
import { fileSlug } from "./response.server";
import { CONTENT_TYPES, figure, tableFile, type ExportFile, type Table, type TableFormat } from "./table-file.server";

function criteriaOf(challengeId: string) {
  return db().selectFrom("rubric_criteria").select(["id", "name", "weight"]).where("challenge_id", "=", challengeId).orderBy("position").execute();
}

/** One row per submitted proposal (not drafts, not withdrawn), ranked ones first in rank order; none before the deadline. */
export async function proposalsTable(challengeId: string): Promise<{ table: Table; proposalIds: string[] }> {
  const [criteria, questions, proposals] = await Promise.all([
    criteriaOf(challengeId),
    db().selectFrom("eligibility_questions").select(["id", "question"]).where("challenge_id", "=", challengeId).orderBy("position").execute(),
    db().selectFrom("proposals")
      .innerJoin("challenges", "challenges.id", "proposals.challenge_id")
      .innerJoin("organisations", "organisations.id", "proposals.org_id")
      .leftJoin("proposal_scores", "proposal_scores.proposal_id", "proposals.id")
      .select(["proposals.id", "proposals.reference", "proposals.title", "proposals.status", "proposals.submitted_at", "proposals.requested_gbp",
        "proposals.trl", "organisations.name as org_name", "proposal_scores.rank", "proposal_scores.raw", "proposal_scores.calibrated",
        "proposal_scores.uncertainty", "proposal_scores.review_count", "proposal_scores.criterion_means", "proposal_scores.passes_thresholds"])
      .where("proposals.challenge_id", "=", challengeId).where(pastDeadlineSql)
      .where("proposals.status", "not in", ["draft", "withdrawn"])
      .orderBy(sql`proposal_scores.rank ASC NULLS LAST`).orderBy("proposals.submitted_at").orderBy("proposals.id")
      .execute(),
  ]);
  const ids = proposals.map((p) => p.id);
  const answers = ids.length
    ? await db().selectFrom("eligibility_answers").select(["proposal_id", "question_id", "answer"]).where("proposal_id", "in", ids).execute()
    : [];
  const answerOf = new Map(answers.map((a) => [`${a.proposal_id}:${a.question_id}`, a.answer]));
  const header = [
    "Reference", "Title", "Organisation", "Decision", "Submitted", "Funding requested (GBP)", "Readiness level (TRL)",
    ...questions.map((q) => q.question),
    ...criteria.map((c) => `${c.name} (mean score, weight ${c.weight})`),
    "Raw mean", "Calibrated score", "Uncertainty (±)", "Reviews", "Rank", "Passes thresholds",
  ];
  const rows = proposals.map((p) => {
    const means = (p.criterion_means ?? {}) as Record<string, number>;
    const scored = p.calibrated !== null;
    return [
      p.reference, p.title, p.org_name, proposalStatusTag(p.status).label, p.submitted_at?.toISOString() ?? null, p.requested_gbp, p.trl,
      ...questions.map((q) => answerOf.get(`${p.id}:${q.id}`) ?? ""),
      ...criteria.map((c) => figure(means[c.id])),
      figure(p.raw), figure(p.calibrated), figure(p.uncertainty), p.review_count, p.rank, scored ? (p.passes_thresholds ? "Yes" : "No") : null,
    ];
  });
  return { table: { sheet: "Proposals", header, rows }, proposalIds: ids };
}

function viewedAs(actor: Actor, challenge: ManagedChallenge) {
  return actor.user.isAdmin && actor.org?.orgId !== challenge.org_id ? "admin" as const : "challenge owner" as const;
}

/** The proposals file, recorded in the audit trail (and each proposal's view in its applicant's). */
export async function exportChallengeProposals(request: Request, actor: Actor, challenge: ManagedChallenge, format: TableFormat): Promise<ExportFile> {
  const { table, proposalIds } = await proposalsTable(challenge.id);
  const file = await tableFile(table, format, `proposals-${fileSlug(challenge.title)}`);
  await recordExport(request, actor, { type: "challenge", id: challenge.id, orgId: challenge.org_id },
    { export: "proposals", format, rows: table.rows.length, challengeId: challenge.id });
  await auditProposalViews(request, proposalIds, viewedAs(actor, challenge));
  return file;
}

/** One proposal's pack as a PDF, or null (→ 404) where the manager may not read it (sealed, draft, withdrawn, another challenge's). */
export async function exportProposalPack(request: Request, actor: Actor, challenge: ManagedChallenge, proposalId: string): Promise<ExportFile | null> {
  const p = await readProposalAsManager(request, actor, challenge, proposalId);
  if (!p) return null;
  const [criteria, score, ranked, attachments] = await Promise.all([
    criteriaOf(challenge.id),
    db().selectFrom("proposal_scores").select(["rank", "raw", "calibrated", "uncertainty", "review_count", "criterion_means", "passes_thresholds"])
      .where("proposal_id", "=", p.id).executeTakeFirst(),
    db().selectFrom("proposal_scores").select(sql<number>`count(*)::int`.as("n")).where("challenge_id", "=", challenge.id).executeTakeFirstOrThrow(),
    listProposalAttachments([p.id]).then((a) => a[p.id] ?? []),
  ]);
  const means = (score?.criterion_means ?? {}) as Record<string, number>;
  const two = (n: number | undefined) => (n === undefined ? "–" : n.toFixed(2));
  const body = await renderPackPdf({
    title: p.title,
    facts: [
      ["Reference", p.reference ?? "–"], ["Applicant", p.org_name], ["Challenge", p.challenge_title],
      ["Decision", proposalStatusTag(p.status).label], ["Submitted", formatDateTime(p.submitted_at)],
    ],
    sections: [
      { heading: "Summary", paragraphs: [p.summary] },
      { heading: "Approach", paragraphs: [p.approach] },
      { heading: "Expected impact", paragraphs: [p.expected_impact] },
      { heading: "Team", paragraphs: [p.team] },
      { heading: "Funding and readiness", facts: [
        ["Funding requested", formatMoney(p.requested_gbp)], ["Readiness level (TRL)", p.trl === null ? "–" : String(p.trl)],
        ["Tags", p.tags.join(", ")], ["Support needed", (p.needs_names ?? []).join(", ")],
      ] },
      { heading: "Eligibility answers", facts: p.questions.map((q) => [q.question, q.answer] as [string, string]), empty: "The challenge asked no questions." },
      score
        ? { heading: "Scores", facts: [
          ["Rank", `${score.rank} of ${ranked.n}`], ["Calibrated score", two(score.calibrated)], ["Raw mean", two(score.raw)],
          ["Uncertainty", `±${two(score.uncertainty)}`], ["Reviews", String(score.review_count)],
          ["Passes thresholds", score.passes_thresholds ? "Yes" : "No"],
          ...criteria.map((c) => [`${c.name} (weight ${c.weight})`, two(means[c.id])] as [string, string]),
        ] }
        : { heading: "Scores", empty: "Not scored yet." },
      { heading: `Attachments (${attachments.length})`, facts: attachments.map((a) => [a.name, `${a.mediaType}, ${formatBytes(a.sizeBytes)}`] as [string, string]),
        empty: "No files are attached to this proposal." },
    ],
  });
  await recordExport(request, actor, { type: "challenge", id: challenge.id, orgId: challenge.org_id },
    { export: "proposal-pack", format: "pdf", rows: 1, challengeId: challenge.id, proposalId: p.id });
  return { filename: `proposal-${fileSlug(p.reference ?? p.title)}.pdf`, contentType: CONTENT_TYPES.pdf, body };
}
