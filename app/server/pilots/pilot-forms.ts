// The pilot forms: the plan, a milestone, a KPI, a measurement and a review of one. Messages follow the
// GOV.UK pattern; dates come from GOV.UK date inputs (dayField) and are stored as UK calendar days.
import { z } from "zod";
import { ukDay } from "../../lib/pilots";
import { dayField, optionalText, requiredText, wholeNumber } from "../../lib/validation";
import { TEXT_LIMITS } from "../../lib/field-limits";

const decimal = (what: string, label: string) =>
  z.number({ error: (issue) => (issue.input === undefined ? `Enter ${what}` : `${label} must be a number, like 12 or 3.5`) })
    .min(-1e12, `${label} must be -1,000,000,000,000 or more`)
    .max(1e12, `${label} must be 1,000,000,000,000 or less`);

const uuid = (message: string) => z.string({ error: message }).uuid(message);

export const planSchema = z
  .object({
    startsOn: dayField("start date", "start").transform(ukDay),
    endsOn: dayField("end date", "start").transform(ukDay),
    budgetGbp: wholeNumber("the budget", 0, 100_000_000).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.endsOn <= v.startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "The end date must be after the start date" });
  });

export const milestoneSchema = z
  .object({
    milestoneId: uuid("Choose a milestone").optional(),
    title: requiredText("the milestone", 200),
    dueOn: dayField("due date", "start").transform(ukDay),
    ownerOrgId: uuid("Choose who is responsible for the milestone"),
    milestoneStatus: z.enum(["planned", "done"], { error: "Choose whether the milestone is planned or done" }),
    // Checked only when the milestone is done.
    doneOn: z.unknown().optional(),
    evidence: optionalText("the evidence", TEXT_LIMITS.pilot.evidence),
  })
  .transform((v, ctx) => {
    if (v.milestoneStatus !== "done") return { ...v, doneOn: null };
    const done = dayField("date it was done", "start").safeParse(v.doneOn);
    if (!done.success) {
      ctx.addIssue({ code: "custom", path: ["doneOn"], message: done.error.issues[0]?.message ?? "Enter the date it was done" });
      return z.NEVER;
    }
    const doneOn = ukDay(done.data);
    if (doneOn > ukDay(new Date())) {
      ctx.addIssue({ code: "custom", path: ["doneOn"], message: "The date it was done must be today or in the past" });
      return z.NEVER;
    }
    return { ...v, doneOn };
  });

export const kpiSchema = z.object({
  kpiId: uuid("Choose a KPI").optional(),
  name: requiredText("the KPI name", 150),
  unit: requiredText("the unit", 40),
  baseline: decimal("the baseline", "Baseline"),
  target: decimal("the target", "Target"),
  direction: z.enum(["higher", "lower"], { error: "Choose whether higher or lower is better" }),
  frequency: z.enum(["weekly", "monthly", "quarterly"], { error: "Choose how often it is measured" }),
}).superRefine((v, ctx) => {
  if (v.direction === "higher" && v.target <= v.baseline) ctx.addIssue({ code: "custom", path: ["target"], message: "The target must be higher than the baseline when higher is better" });
  if (v.direction === "lower" && v.target >= v.baseline) ctx.addIssue({ code: "custom", path: ["target"], message: "The target must be lower than the baseline when lower is better" });
});

export const measurementSchema = z
  .object({
    kpiId: uuid("Choose the KPI you measured"),
    measuredOn: dayField("date of the measurement", "start").transform(ukDay)
      .refine((d) => d <= ukDay(new Date()), "The date of the measurement must be today or in the past"),
    value: decimal("the value", "Value"),
    note: optionalText("the note", TEXT_LIMITS.pilot.measurementNote),
  });

export const reviewSchema = z
  .object({
    measurementId: uuid("Choose a measurement"),
    decision: z.enum(["verify", "query"]),
    queryNote: optionalText("the query", TEXT_LIMITS.pilot.queryNote),
  })
  .superRefine((v, ctx) => {
    if (v.decision === "query" && !v.queryNote) ctx.addIssue({ code: "custom", path: ["queryNote"], message: "Enter what needs checking in this measurement" });
  });

export type PlanInput = z.output<typeof planSchema>;
export type MilestoneInput = z.output<typeof milestoneSchema>;
export type KpiFormInput = z.output<typeof kpiSchema>;
export type MeasurementInput = z.output<typeof measurementSchema>;
export type ReviewInput = z.output<typeof reviewSchema>;
