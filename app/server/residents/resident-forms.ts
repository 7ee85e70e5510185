// The residents' forms (decision 035), read by their routes and by the demo seed.
import { z } from "zod";
import { TEXT_LIMITS } from "../../lib/field-limits";
import { idField } from "../../lib/ids";
import { requiredText } from "../../lib/validation";

const L = TEXT_LIMITS.residents;

export const suggestionSchema = z.object({
  title: requiredText("a short title", L.title, 5),
  description: requiredText("the problem", L.description, 20),
  themeId: z.number({ error: "Choose a theme" }).int(),
  areaId: z.number({ error: "Choose an area" }).int(),
});

export const reportSchema = z.object({ intent: z.literal("report"), reason: requiredText("what is wrong with it", L.report, 5) });

export const suggestionModerationSchema = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("publish"), suggestionId: idField() }),
  z.object({ decision: z.literal("decline"), suggestionId: idField(), reason: requiredText("the reason", L.reason, 5) }),
  z.object({ decision: z.literal("merge"), suggestionId: idField(), targetId: idField("Choose the suggestion to merge it into") }),
], { error: "Choose what to do with the suggestion" });

export const feedbackModerationSchema = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("publish-feedback"), feedbackId: idField() }),
  z.object({ decision: z.literal("decline-feedback"), feedbackId: idField(), reason: requiredText("the reason", L.reason, 5) }),
], { error: "Choose what to do with the feedback" });

export const reportResolutionSchema = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("dismiss-report"), reportId: idField() }),
  z.object({ decision: z.literal("uphold-report"), reportId: idField(), reason: requiredText("the reason", L.reason, 5) }),
], { error: "Choose what to do with the report" });

export const feedbackSchema = z.object({ intent: z.literal("feedback"), feedback: requiredText("your feedback", L.feedback, 10) });
export const answerSchema = z.object({ intent: z.literal("answer"), feedbackId: idField(), answer: requiredText("your answer", L.answer, 5) });
