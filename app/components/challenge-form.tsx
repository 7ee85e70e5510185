// The challenge form, shared by "new" and "edit". Works without JavaScript: the rubric is a fixed set of
// rows, and blank rows are ignored.
import { Form } from "@remix-run/react";
import type { FormErrors } from "~/lib/form-errors";
import { fieldId } from "~/lib/form-errors";
import { Choices, DateInput, Select, Textarea, TextInput, valueOf } from "./fields";
import { TEXT_LIMITS } from "~/lib/field-limits";
import { Button } from "~/components/button";
import { Table } from "~/components/table";
import { MAX_REQUIRED_ANSWERS } from "~/rules/challenges/required-answers";

export const CRITERIA_ROWS = 6;
// The criteria table's columns: the field each row's input fills, its header, and its hidden label.
const CRITERION_FIELDS = [
  { col: "name", header: "Criterion", label: "Name" },
  { col: "description", header: "Description", label: "Description" },
  { col: "weight", header: "Weight (%)", label: "Weight" },
  { col: "threshold", header: "Threshold", label: "Threshold" },
] as const;

export interface ChallengeFormValues {
  title?: string;
  summary?: string;
  problem_statement?: string;
  theme_id?: number;
  areas?: { id: number }[];
  funding_kind?: string;
  funding_gbp?: number;
  pilot_weeks?: number;
  opens_at?: string;
  closes_at?: string;
  eoi_closes_at?: string | null;
  blind_review?: boolean;
  reviews_per_proposal?: number;
  questions?: { question: string; options?: string[] | null; accepted?: string[] }[];
  criteria?: { name: string; description: string; weight: number; threshold: number | null }[];
}

export function ChallengeForm({
  errors, saved, themes, areas, submitLabel, frozen = false,
}: {
  errors?: FormErrors | null;
  saved?: ChallengeFormValues;
  themes: { id: number; name: string }[];
  areas: { id: number; name: string }[];
  submitLabel: string;
  /** The challenge has opened: its terms change only with a published clarification (decision 027). */
  frozen?: boolean;
}) {
  const s = saved ?? {};
  const criteriaError = errors?.fields["criteria"];
  const freeText = s.questions?.filter((q) => !q.options) ?? [];
  const required = s.questions?.filter((q) => q.options) ?? [];
  return (
    <Form method="post" noValidate>
      {frozen ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            This challenge is open. Its opening date cannot change and its closing date can only move later. A change to
            the closing date, the eligibility questions, the required answers or the evaluation criteria is published on the challenge page as a
            clarification, with your explanation, and everyone who has started a proposal is told by email.
          </strong>
        </div>
      ) : null}
      <TextInput name="title" label="Title" errors={errors} defaultValue={s.title} />
      <Textarea name="summary" label="Summary" rows={3} hint="One or two sentences shown in listings and search results, at least 20 characters" errors={errors} defaultValue={s.summary} maxLength={TEXT_LIMITS.challenge.summary} />
      <Textarea name="problemStatement" label="Problem statement" rows={10}
        hint="The problem, who it affects, what has been tried and what a good solution would change. Leave a blank line between paragraphs."
        errors={errors} defaultValue={s.problem_statement} maxLength={TEXT_LIMITS.challenge.problemStatement} />
      <Select name="themeId" label="Theme" errors={errors} defaultValue={s.theme_id}
        options={[{ value: "", label: "Choose a theme" }, ...themes.map((t) => ({ value: String(t.id), label: t.name }))]} />
      <Choices type="checkbox" small name="areaIds" label="Boroughs or areas" hint="Select all that apply" errors={errors}
        defaultValue={s.areas?.map((a) => String(a.id))} options={areas.map((a) => ({ value: String(a.id), label: a.name }))} />
      <Choices type="radio" inline name="fundingKind" label="Is the money a pilot budget or a prize?" errors={errors}
        defaultValue={s.funding_kind} options={[{ value: "budget", label: "Pilot budget" }, { value: "prize", label: "Prize" }]} />
      <TextInput name="fundingGbp" label="Amount" prefix="£" width="10" inputMode="numeric" errors={errors} defaultValue={s.funding_gbp} />
      <TextInput name="pilotWeeks" label="Pilot length in weeks" width="3" inputMode="numeric" errors={errors} defaultValue={s.pilot_weeks} />
      <DateInput name="opensAt" label="Opening date" hint="Proposals can be submitted from the start of this day (UK time). For example, 27 3 2027" errors={errors} defaultValue={s.opens_at} />
      <DateInput name="closesAt" label="Closing date" hint="The deadline is 11:59pm UK time on this day. In a two-stage call, this is the deadline for full proposals." errors={errors} defaultValue={s.closes_at} />
      <Choices type="radio" inline name="twoStage" label="Does the call have two stages?"
        hint="In a two-stage call, applicants first send a short expression of interest. You then invite some of them to send a full proposal by the closing date."
        errors={errors} defaultValue={s.eoi_closes_at ? "yes" : "no"}
        options={[{ value: "yes", label: "Yes" }, { value: "no", label: "No" }]} />
      <DateInput name="eoiClosesAt" label="Expression of interest deadline (two-stage calls only)"
        hint="11:59pm UK time on this day. It must be after the opening date and before the closing date." errors={errors} defaultValue={s.eoi_closes_at ?? undefined} />
      <Choices type="radio" inline name="blindReview" label="Should judges review proposals blind?"
        hint="In a blind review, judges do not see who the applicant is" errors={errors}
        defaultValue={s.blind_review === undefined ? undefined : s.blind_review ? "yes" : "no"}
        options={[{ value: "yes", label: "Yes" }, { value: "no", label: "No" }]} />
      <TextInput name="reviewsPerProposal" label="Judges per proposal" width="2" inputMode="numeric" errors={errors} defaultValue={s.reviews_per_proposal ?? 3} />
      <Textarea name="eligibilityQuestions" label="Eligibility questions (optional)" rows={4}
        hint="One question per line. Every applicant must answer each one." errors={errors}
        defaultValue={freeText.map((q) => q.question).join("\n")} maxLength={TEXT_LIMITS.challenge.eligibilityQuestions} />

      <fieldset className="govuk-fieldset govuk-!-margin-bottom-6" aria-describedby="required-answers-hint">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">Required answers (optional)</legend>
        <div className="govuk-hint" id="required-answers-hint">
          A question applicants answer by choosing, where only some answers can apply, for example &ldquo;Are you registered
          in the UK?&rdquo; where only &ldquo;Yes&rdquo; can apply. Applicants answer these before they start a proposal, and
          anyone whose answer cannot apply is told at once. Leave unused questions blank.
        </div>
        {Array.from({ length: MAX_REQUIRED_ANSWERS }, (_, i) => {
          const q = required[i];
          return (
            <div key={i} className="govuk-!-margin-bottom-4">
              <h3 className="govuk-heading-s">Required answer {i + 1}</h3>
              <TextInput name={`requiredAnswers[${i}].question`} label="Question" errors={errors} defaultValue={q?.question} />
              <Textarea name={`requiredAnswers[${i}].options`} label="Answers to choose from (optional)" rows={3}
                hint="One per line. Leave blank for Yes or No." errors={errors} defaultValue={q?.options?.join("\n")} />
              <Textarea name={`requiredAnswers[${i}].accepted`} label="Answers that can apply" rows={2}
                hint="One per line, each one of the answers to choose from." errors={errors} defaultValue={q?.accepted?.join("\n")} />
            </div>
          );
        })}
      </fieldset>

      <div className={`govuk-form-group${criteriaError ? " govuk-form-group--error" : ""}`}>
        <fieldset className="govuk-fieldset" id={fieldId("criteria")} aria-describedby="criteria-hint" tabIndex={-1}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">Evaluation criteria</legend>
          <div className="govuk-hint" id="criteria-hint">
            Judges score each criterion from 0 to 5. Weights are percentages and must add up to 100. A threshold (optional)
            is the lowest average score a proposal may get on that criterion and still pass. Leave unused rows blank.
          </div>
          {criteriaError ? <p className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {criteriaError}</p> : null}
          <Table caption="Criteria" rows={Array.from({ length: CRITERIA_ROWS }, (_, i) => i)} rowKey={(i) => i}
            columns={CRITERION_FIELDS.map(({ col, header, label }) => ({ header, cell: (i: number) => {
              const name = `criteria[${i}].${col}`;
              const error = errors?.fields[name];
              return (
                <div className={`govuk-form-group govuk-!-margin-bottom-0${error ? " govuk-form-group--error" : ""}`}>
                  <label className="govuk-label govuk-visually-hidden" htmlFor={fieldId(name)}>{label} of criterion {i + 1}</label>
                  {error ? <p className="govuk-error-message" id={`${fieldId(name)}-error`}><span className="govuk-visually-hidden">Error:</span> {error}</p> : null}
                  <input
                    className={`govuk-input${col === "weight" || col === "threshold" ? " govuk-input--width-3" : ""}${error ? " govuk-input--error" : ""}`}
                    id={fieldId(name)} name={name} type="text"
                    inputMode={col === "weight" ? "numeric" : col === "threshold" ? "decimal" : undefined}
                    defaultValue={valueOf(errors, name, s.criteria?.[i]?.[col] ?? "")}
                    aria-describedby={error ? `${fieldId(name)}-error` : undefined}
                    aria-invalid={error ? true : undefined}
                  />
                </div>
              );
            } }))} />
        </fieldset>
      </div>
      {frozen ? (
        <Textarea name="clarification" label="Explain the change to applicants (if you change the terms)" rows={4}
          hint="Needed only if you change the closing date, the eligibility questions or the evaluation criteria. It is published with the change."
          errors={errors} maxLength={TEXT_LIMITS.clarification.answer} />
      ) : null}
      <Button>{submitLabel}</Button>
    </Form>
  );
}
