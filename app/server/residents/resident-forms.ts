// The residents' forms (decision 035), read by their routes and by the demo seed. Those a resident fills in
// speak the reader's language (decision 042): their messages come from the residents' catalogue.
import { z } from "zod";
import { TEXT_LIMITS } from "../../lib/field-limits";
import { DEFAULT_LOCALE, tFor, type Locale } from "../../lib/i18n";
import { idField } from "../../lib/ids";
import { requiredText, requiredTextSaying } from "../../lib/validation";

const L = TEXT_LIMITS.residents;

function make(locale: Locale) {
  const t = tFor(locale, "residents");
  /** `field` names the field in the catalogue's errors.fields (what / What: its name mid-sentence and first). */
  const text = (field: string, max: number, min: number) => {
    const what = t(`errors.fields.${field}`);
    const What = what.charAt(0).toLocaleUpperCase(locale) + what.slice(1);
    return requiredTextSaying({
      enter: t("common:validation.enter", { what }),
      tooShort: t("common:validation.tooShort", { What, min }),
      tooLong: t("common:validation.tooLong", { What, max }),
    }, max, min);
  };
  return {
    suggestion: z.object({
      title: text("title", L.title, 5),
      description: text("description", L.description, 20),
      themeId: z.number({ error: t("errors.chooseTheme") }).int(),
      areaId: z.number({ error: t("errors.chooseArea") }).int(),
    }),
    report: z.object({ intent: z.literal("report"), reason: text("report", L.report, 5) }),
    feedback: z.object({ intent: z.literal("feedback"), feedback: text("feedback", L.feedback, 10) }),
    answer: z.object({ intent: z.literal("answer"), feedbackId: idField(), answer: text("answer", L.answer, 5) }),
  };
}

const FORMS = { en: make("en"), es: make("es") } satisfies Record<Locale, ReturnType<typeof make>>;

/** The residents' forms, their messages in this language. */
export function residentForms(locale: Locale) {
  return FORMS[locale];
}

export const { suggestion: suggestionSchema, report: reportSchema, feedback: feedbackSchema, answer: answerSchema } = FORMS[DEFAULT_LOCALE];

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
