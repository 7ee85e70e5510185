// The proposal form. Saving a draft accepts gaps (a start-up writes over several sittings); submitting
// requires every part, checked by missingForSubmission.
import { z } from "zod";
import { optionalText, requiredText, tagList } from "../../lib/validation";
import { checkRequiredAnswers, refusalFor } from "../../rules/challenges/required-answers";
import { PROPOSAL_MINIMUMS as MIN, PROPOSAL_TITLE_MAX, TEXT_LIMITS } from "../../lib/field-limits";

export const proposalFormSchema = z.object({
  // "check" saves the draft, then the page goes on to Check your answers.
  intent: z.enum(["save", "check", "submit"]).default("save"),
  title: requiredText("a title", PROPOSAL_TITLE_MAX, MIN.title),
  summary: optionalText("the summary", TEXT_LIMITS.proposal.summary),
  approach: optionalText("the approach", TEXT_LIMITS.proposal.approach),
  expectedImpact: optionalText("the expected impact", TEXT_LIMITS.proposal.expectedImpact),
  team: optionalText("the team description", TEXT_LIMITS.proposal.team),
  requestedGbp: z
    .number({ error: "Requested budget must be a whole number of pounds" })
    .int("Requested budget must be a whole number of pounds")
    .min(0, "Requested budget must be £0 or more")
    .max(100_000_000, "Requested budget must be £100,000,000 or less")
    .optional(),
  trl: z
    .number({ error: "Select a technology readiness level from 1 to 9" })
    .int()
    .min(1, "Select a technology readiness level from 1 to 9")
    .max(9, "Select a technology readiness level from 1 to 9")
    .optional(),
  tags: tagList(10),
  // In-kind support the start-up needs besides money (slugs of in_kind_types), matched against sponsors' offers.
  needs: z.array(z.string().max(60)).max(20).optional().or(z.string().max(60).transform((v) => [v])).transform((v) => v ?? []),
  answers: z.record(z.string(), z.string().trim().max(TEXT_LIMITS.proposal.answer, "Each answer must be 3,000 characters or fewer").optional()).optional(),
});

export type ProposalInput = z.output<typeof proposalFormSchema>;

export interface SavedProposal {
  title: string;
  summary: string;
  approach: string;
  expected_impact: string;
  team: string;
  requested_gbp: number | null;
  trl: number | null;
}

export interface AskedQuestion { id: string; question: string; options?: string[] | null; accepted?: string[] }

/** Field name → message for each part a submission still needs, an answer that cannot apply included. */
export function missingForSubmission(p: SavedProposal, questions: AskedQuestion[], answers: Record<string, string>): Record<string, string> {
  const missing: Record<string, string> = {};
  if (p.summary.trim().length < MIN.summary) missing.summary = `Enter a summary of at least ${MIN.summary} characters before submitting`;
  if (p.approach.trim().length < MIN.approach) missing.approach = `Describe your approach in at least ${MIN.approach} characters before submitting`;
  if (p.expected_impact.trim().length < MIN.expectedImpact) missing.expectedImpact = `Describe the expected impact in at least ${MIN.expectedImpact} characters before submitting`;
  if (p.team.trim().length < MIN.team) missing.team = `Describe your team in at least ${MIN.team} characters before submitting`;
  if (p.requested_gbp === null) missing.requestedGbp = "Enter the budget you are requesting before submitting";
  if (p.trl === null) missing.trl = "Select a technology readiness level before submitting";
  const freeText = questions.filter((q) => !q.options);
  freeText.forEach((q, i) => {
    if (!answers[q.id]?.trim()) missing[`answers.${q.id}`] = `Answer eligibility question ${i + 1} before submitting`;
  });
  const required = questions.flatMap((q) => (q.options ? [{ ...q, options: q.options, accepted: q.accepted ?? [] }] : []));
  const check = checkRequiredAnswers(required, answers);
  if (check.kind === "unanswered") Object.assign(missing, check.missing);
  if (check.kind === "refused") {
    // A required answer added by a clarification after this proposal began may rule it out: said next to it.
    for (const q of required) {
      const reason = refusalFor(q, answers[q.id]);
      if (reason) missing[`answers.${q.id}`] = reason;
    }
  }
  return missing;
}
