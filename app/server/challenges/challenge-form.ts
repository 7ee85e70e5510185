// The challenge form: what a public body must tell applicants, validated before anything is saved.
import { z } from "zod";
import { dayField, optionalText, requiredText, wholeNumber } from "../../lib/validation";
import { TEXT_LIMITS } from "../../lib/field-limits";
import { MAX_REQUIRED_ANSWERS, readRequiredAnswerRow, type RequiredAnswer } from "../../rules/challenges/required-answers";

export const MAX_CRITERIA = 8;
export const MAX_QUESTIONS = 10;

const criterionRow = z
  .object({
    name: z.string().trim().max(120, "Criterion name must be 120 characters or fewer").optional(),
    description: z.string().trim().max(500, "Criterion description must be 500 characters or fewer").optional(),
    weight: z.number({ error: "Weight must be a whole number from 1 to 100" }).optional(),
    threshold: z.number({ error: "Threshold must be a number from 0 to 5" }).optional(),
  })
  .optional();

const EOI_DEADLINE = dayField("expression of interest deadline", "end");

export const challengeFormSchema = z
  .object({
    title: requiredText("a title", 150, 5),
    summary: requiredText("a summary", TEXT_LIMITS.challenge.summary, 20),
    problemStatement: requiredText("a problem statement", TEXT_LIMITS.challenge.problemStatement, 50),
    themeId: z.number({ error: "Select a theme" }).int(),
    areaIds: z.array(z.number().int(), { error: "Select at least one area" }).min(1, "Select at least one area")
      .or(z.number().int().transform((n) => [n])),
    fundingKind: z.enum(["budget", "prize"], { error: "Select whether the money is a pilot budget or a prize" }),
    fundingGbp: wholeNumber("the amount", 0, 100_000_000),
    pilotWeeks: wholeNumber("the pilot length", 1, 156),
    opensAt: dayField("opening date", "start"),
    closesAt: dayField("closing date", "end"),
    // A two-stage call (decision 032): expressions of interest until this day, full proposals by invitation
    // until the closing date. Read in the transform, and only when the call has two stages.
    twoStage: z.enum(["yes", "no"]).default("no"),
    eoiClosesAt: z.unknown().optional(),
    blindReview: z.enum(["yes", "no"], { error: "Select whether judges review proposals blind" }),
    reviewsPerProposal: wholeNumber("the number of judges per proposal", 1, 10),
    eligibilityQuestions: optionalText("eligibility questions", TEXT_LIMITS.challenge.eligibilityQuestions),
    criteria: z.array(criterionRow).max(MAX_CRITERIA).optional(),
    // Closed questions with the answers that can apply (decision 031); blank rows are ignored.
    requiredAnswers: z.array(z.object({
      question: z.string().max(1_000).optional(),
      options: z.string().max(2_000).optional(),
      accepted: z.string().max(2_000).optional(),
    }).optional()).max(MAX_REQUIRED_ANSWERS).optional(),
    // Once the challenge is open, changes to its terms are published with this explanation (decision 027).
    clarification: optionalText("the explanation of the change", TEXT_LIMITS.clarification.answer),
  })
  .transform((v, ctx) => {
    if (v.closesAt <= v.opensAt) {
      ctx.addIssue({ code: "custom", path: ["closesAt"], message: "The closing date must be after the opening date" });
    }
    const questions = v.eligibilityQuestions.split(/\r?\n/).map((q) => q.trim()).filter(Boolean);
    if (questions.length > MAX_QUESTIONS) {
      ctx.addIssue({ code: "custom", path: ["eligibilityQuestions"], message: `Enter ${MAX_QUESTIONS} eligibility questions or fewer` });
    }
    if (questions.some((q) => q.length > 300)) {
      ctx.addIssue({ code: "custom", path: ["eligibilityQuestions"], message: "Each eligibility question must be 300 characters or fewer" });
    }
    let eoiClosesAt: Date | null = null;
    if (v.twoStage === "yes") {
      const eoi = EOI_DEADLINE.safeParse(v.eoiClosesAt);
      if (!eoi.success) ctx.addIssue({ code: "custom", path: ["eoiClosesAt"], message: eoi.error.issues[0]!.message });
      else if (eoi.data <= v.opensAt || eoi.data >= v.closesAt) {
        ctx.addIssue({ code: "custom", path: ["eoiClosesAt"], message: "The expression of interest deadline must be after the opening date and before the closing date" });
      } else eoiClosesAt = eoi.data;
    }
    const requiredAnswers: RequiredAnswer[] = [];
    (v.requiredAnswers ?? []).forEach((row, i) => {
      const read = readRequiredAnswerRow(row ?? {}, i + 1);
      if (read.kind === "ok") requiredAnswers.push(read.value);
      if (read.kind === "invalid") {
        for (const [field, message] of Object.entries(read.errors)) ctx.addIssue({ code: "custom", path: ["requiredAnswers", i, field], message });
      }
    });
    // Blank rows in the rubric table are ignored; a row with anything in it must be complete.
    const criteria: { name: string; description: string; weight: number; threshold: number | null }[] = [];
    (v.criteria ?? []).forEach((row, i) => {
      if (!row || (!row.name && !row.description && row.weight === undefined && row.threshold === undefined)) return;
      if (!row.name) ctx.addIssue({ code: "custom", path: ["criteria", i, "name"], message: `Enter a name for criterion ${i + 1}` });
      const w = row.weight;
      if (w === undefined || !Number.isInteger(w) || w < 1 || w > 100) {
        ctx.addIssue({ code: "custom", path: ["criteria", i, "weight"], message: `Weight for criterion ${i + 1} must be a whole number from 1 to 100` });
      }
      const t = row.threshold;
      if (t !== undefined && (t < 0 || t > 5)) {
        ctx.addIssue({ code: "custom", path: ["criteria", i, "threshold"], message: `Threshold for criterion ${i + 1} must be from 0 to 5` });
      }
      criteria.push({ name: row.name ?? "", description: row.description ?? "", weight: w ?? 0, threshold: t ?? null });
    });
    if (criteria.length === 0) {
      ctx.addIssue({ code: "custom", path: ["criteria"], message: "Enter at least one evaluation criterion" });
    } else {
      const total = criteria.reduce((s, c) => s + c.weight, 0);
      if (total !== 100) {
        ctx.addIssue({ code: "custom", path: ["criteria"], message: `Criterion weights must add up to 100 (they add up to ${total})` });
      }
    }
    return {
      title: v.title,
      summary: v.summary,
      problemStatement: v.problemStatement,
      themeId: v.themeId,
      areaIds: [...new Set(v.areaIds)],
      fundingKind: v.fundingKind,
      fundingGbp: v.fundingGbp,
      pilotWeeks: v.pilotWeeks,
      opensAt: v.opensAt,
      closesAt: v.closesAt,
      eoiClosesAt,
      blindReview: v.blindReview === "yes",
      reviewsPerProposal: v.reviewsPerProposal,
      eligibilityQuestions: questions,
      requiredAnswers,
      criteria,
      clarification: v.clarification,
    };
  });

export type ChallengeInput = z.output<typeof challengeFormSchema>;
