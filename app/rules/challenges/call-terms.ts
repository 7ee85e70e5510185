// What an open call may change (decision 027). Citymart's rule: the criteria are fixed before a call opens.
// Once a challenge has opened, its terms (the rubric and weights, the eligibility questions, the closing
// date) change only with a published clarification, the opening date not at all, and the closing date only
// later, never earlier, so nobody who planned to the published deadline loses time. Pure: the caller says
// whether the call has opened, which calendar day a moment falls on (the form's granularity: a stored
// closing time of 17:00 and the form's end of that day are the same deadline) and how to write a day.

import { describeRequiredAnswers, type RequiredAnswer } from "./required-answers";

export interface Criterion {
  name: string;
  description: string;
  weight: number;
  threshold: number | null;
}

export interface CallTerms {
  opensAt: Date;
  closesAt: Date;
  criteria: readonly Criterion[];
  eligibilityQuestions: readonly string[];
  requiredAnswers: readonly RequiredAnswer[];
}

export interface TermsChange {
  field: "closingDate" | "criteria" | "eligibilityQuestions" | "requiredAnswers";
  from: string;
  to: string;
}

export type TermsReview =
  | { ok: true; changes: TermsChange[] }
  | { ok: false; field: "opensAt" | "closesAt"; message: string };

export const OPENING_FIXED = "The challenge has opened, so its opening date cannot change";
export const CLOSING_ONLY_LATER = "The challenge has opened, so its closing date can only move later, not earlier";

export function describeCriteria(criteria: readonly Criterion[]): string {
  return criteria
    .map((c) => `${c.name} (weight ${c.weight}${c.threshold === null ? "" : `, threshold ${c.threshold}`})${c.description ? `: ${c.description}` : ""}`)
    .join("; ");
}

export function describeQuestions(questions: readonly string[]): string {
  return questions.length ? questions.join("; ") : "none";
}

/**
 * The changes from `before` to `after` an owner must publish a clarification for, or the refusal. Before the
 * call opens nothing is frozen and nothing needs publishing.
 */
export function reviewTermsChange(
  before: CallTerms, after: CallTerms, opened: boolean, day: { key: (d: Date) => string; format: (d: Date) => string },
): TermsReview {
  if (!opened) return { ok: true, changes: [] };
  const [closedBefore, closedAfter] = [day.key(before.closesAt), day.key(after.closesAt)];
  if (day.key(after.opensAt) !== day.key(before.opensAt)) return { ok: false, field: "opensAt", message: OPENING_FIXED };
  if (closedAfter < closedBefore) return { ok: false, field: "closesAt", message: CLOSING_ONLY_LATER };
  const changes: TermsChange[] = [];
  if (closedAfter !== closedBefore) {
    changes.push({ field: "closingDate", from: day.format(before.closesAt), to: day.format(after.closesAt) });
  }
  // Compared as data, described in words: two different rubrics can never read as "no change".
  if (!sameCriteria(before.criteria, after.criteria)) {
    changes.push({ field: "criteria", from: describeCriteria(before.criteria), to: describeCriteria(after.criteria) });
  }
  if (JSON.stringify(before.eligibilityQuestions) !== JSON.stringify(after.eligibilityQuestions)) {
    changes.push({ field: "eligibilityQuestions", from: describeQuestions(before.eligibilityQuestions), to: describeQuestions(after.eligibilityQuestions) });
  }
  const answersKey = (qs: readonly RequiredAnswer[]) => JSON.stringify(qs.map((q) => [q.question, q.options, q.accepted]));
  if (answersKey(before.requiredAnswers) !== answersKey(after.requiredAnswers)) {
    changes.push({ field: "requiredAnswers", from: describeRequiredAnswers(before.requiredAnswers), to: describeRequiredAnswers(after.requiredAnswers) });
  }
  return { ok: true, changes };
}

function sameCriteria(a: readonly Criterion[], b: readonly Criterion[]): boolean {
  const key = (cs: readonly Criterion[]) => JSON.stringify(cs.map((c) => [c.name, c.description, c.weight, c.threshold]));
  return key(a) === key(b);
}
