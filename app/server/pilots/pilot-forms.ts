// The pilot forms: the plan, a milestone, a KPI, a measurement and a review of one. Messages follow the
// GOV.UK pattern; dates come from GOV.UK date inputs (dayField) and are stored as UK calendar days.
import { z } from "zod";
import { idField } from "../../lib/ids";
import { ukDay } from "../../lib/pilots";
import { dayField, optionalText, requiredText, wholeNumber } from "../../lib/validation";
import { TEXT_LIMITS } from "../../lib/field-limits";

const decimal = (what: string, label: string) =>
  z.number({ error: (issue) => (issue.input === undefined ? `Enter ${what}` : `${label} must be a number, like 12 or 3.5`) })
    .min(-1e12, `${label} must be -1,000,000,000,000 or more`)
    .max(1e12, `${label} must be 1,000,000,000,000 or less`);

const uuid = (message: string) => idField(message);

export const planSchema = z
  .object({
    startsOn: dayField("start date", "start").transform(ukDay),
    endsOn: dayField("end date", "start").transform(ukDay),
    budgetGbp: wholeNumber("the budget", 0, 100_000_000).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.endsOn <= v.startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "The end date must be after the start date" });
  });

// A milestone as planned: what, when and who is responsible. Marking it done is the owner's, on a form of its own.
const milestoneFields = {
  title: requiredText("the milestone", 200),
  dueOn: dayField("due date", "start").transform(ukDay),
  ownerOrgId: uuid("Choose who is responsible for the milestone"),
};

export const milestoneSchema = z.object({
  milestoneId: uuid("Choose a milestone").optional(),
  ...milestoneFields,
  evidence: optionalText("the evidence", TEXT_LIMITS.pilot.evidence),
});

/** A day that is today or in the past (UK calendar days), for things that have happened. */
const pastDay = (what: string) =>
  dayField(what, "start").transform(ukDay).refine((d) => d <= ukDay(new Date()), `The ${what} must be today or in the past`);

export const milestoneDoneSchema = z.object({
  doneMilestoneId: uuid("Choose the milestone that is done"),
  doneOn: pastDay("date it was done"),
  doneEvidence: optionalText("the evidence", TEXT_LIMITS.pilot.evidence),
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
    measuredOn: pastDay("date of the measurement"),
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

// A change to an approved plan: any of these parts, at least one; each part left blank is no change.
const blank = (v: unknown): boolean =>
  v === undefined || v === null || v === "" || (typeof v === "object" && Object.values(v as object).every(blank));
const optionalPart = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (blank(v) ? undefined : v), schema.optional());
const idList = (message: string) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(uuid(message)).max(50, message));

export const planChangeSchema = z
  .object({
    reason: requiredText("why the plan needs to change", TEXT_LIMITS.pilot.changeReason),
    addKpi: optionalPart(kpiSchema),
    removeKpiIds: idList("Choose the KPIs to remove"),
    addMilestone: optionalPart(z.object(milestoneFields)),
    moveMilestone: optionalPart(z.object({ milestoneId: uuid("Choose the milestone to move"), dueOn: dayField("new due date", "start").transform(ukDay) })),
    removeMilestoneIds: idList("Choose the milestones to remove"),
  })
  .superRefine((v, ctx) => {
    if (!v.addKpi && !v.addMilestone && !v.moveMilestone && v.removeKpiIds.length === 0 && v.removeMilestoneIds.length === 0) {
      ctx.addIssue({ code: "custom", path: ["changes"], message: "Choose at least one change to the plan" });
    }
  });

export const planDecisionSchema = z.object({
  requestId: uuid("Choose a change request"),
  decision: z.enum(["approve", "decline"], { error: "Choose whether to approve or decline the change" }),
  note: optionalText("the note", TEXT_LIMITS.pilot.changeReason),
});

export type PlanInput = z.output<typeof planSchema>;
export type MilestoneInput = z.output<typeof milestoneSchema>;
export type MilestoneDoneInput = z.output<typeof milestoneDoneSchema>;
export type PlanChangeInput = z.output<typeof planChangeSchema>;
export type PlanDecisionInput = z.output<typeof planDecisionSchema>;
export type KpiFormInput = z.output<typeof kpiSchema>;
export type MeasurementInput = z.output<typeof measurementSchema>;
export type ReviewInput = z.output<typeof reviewSchema>;
