// Required answers (decision 031): an eligibility question an applicant answers by choosing, where only some
// choices can apply ("Are you registered in the UK?" Yes). An applicant whose answer cannot apply is told at
// once, on the page before a proposal is started, so nobody writes a proposal that can never be eligible. Pure.

export interface RequiredAnswer {
  question: string;
  /** The choices offered, in the owner's order. */
  options: readonly string[];
  /** The choices that can apply: a non-empty subset of `options`. */
  accepted: readonly string[];
}

export const YES_NO: readonly string[] = ["Yes", "No"];
export const MAX_REQUIRED_ANSWERS = 3;
export const MAX_OPTIONS = 8;
/** Required answers are stored after the free-text questions, from this position on. */
export const REQUIRED_POSITION_BASE = 100;

export interface RequiredAnswerRow { question?: string; options?: string; accepted?: string }
export type RowResult =
  | { kind: "blank" }
  | { kind: "ok"; value: RequiredAnswer }
  | { kind: "invalid"; errors: Partial<Record<"question" | "options" | "accepted", string>> };

const lines = (text: string | undefined) => [...new Set((text ?? "").split(/\r?\n/).map((l) => l.trim()).filter(Boolean))];
const same = (a: string, b: string) => a.toLocaleLowerCase("en-GB") === b.toLocaleLowerCase("en-GB");

/**
 * One row of the challenge form's "Required answers" table. Choices left blank mean Yes or No; the answers that
 * can apply are matched to the choices ignoring case and written as the choices spell them.
 */
export function readRequiredAnswerRow(row: RequiredAnswerRow, n: number): RowResult {
  const question = (row.question ?? "").trim();
  const typedOptions = lines(row.options);
  const typedAccepted = lines(row.accepted);
  if (!question && typedOptions.length === 0 && typedAccepted.length === 0) return { kind: "blank" };
  const errors: Partial<Record<"question" | "options" | "accepted", string>> = {};
  if (!question) errors.question = `Enter the question for required answer ${n}`;
  else if (question.length > 300) errors.question = `Required answer ${n}'s question must be 300 characters or fewer`;
  const options = typedOptions.length ? typedOptions : [...YES_NO];
  if (typedOptions.length === 1) errors.options = `Give required answer ${n} at least two choices, one per line, or leave it blank for Yes or No`;
  else if (options.length > MAX_OPTIONS) errors.options = `Give required answer ${n} ${MAX_OPTIONS} choices or fewer`;
  else if (options.some((o) => o.length > 100)) errors.options = `Each choice of required answer ${n} must be 100 characters or fewer`;
  const accepted: string[] = [];
  for (const a of typedAccepted) {
    const match = options.find((o) => same(o, a));
    if (!match) {
      errors.accepted = `"${a.slice(0, 60)}" is not one of required answer ${n}'s choices (${options.join(", ")})`;
      break;
    }
    if (!accepted.includes(match)) accepted.push(match);
  }
  if (!errors.accepted && accepted.length === 0) errors.accepted = `Enter the answers to required answer ${n} that can apply, one per line`;
  else if (!errors.accepted && accepted.length === options.length) {
    errors.accepted = `Every choice of required answer ${n} can apply, so it rules nobody out: make it an ordinary question instead`;
  }
  if (Object.keys(errors).length) return { kind: "invalid", errors };
  return { kind: "ok", value: { question, options, accepted } };
}

/** Why this answer stops an application, or null when it can apply. A missing answer is not a refusal. */
export function refusalFor(q: RequiredAnswer, answer: string | null | undefined): string | null {
  if (!answer || q.accepted.includes(answer)) return null;
  const can = q.accepted.map((a) => `"${a}"`).join(" or ");
  return `Only applicants who answer ${can} to "${q.question}" can apply to this challenge`;
}

/** Whether the answer is one of the choices offered (a forged or stale form may send anything). */
export function isChoice(q: RequiredAnswer, answer: string): boolean {
  return q.options.includes(answer);
}

/** Every required answer given, each one of its choices, and none that cannot apply. */
export function checkRequiredAnswers(
  required: readonly (RequiredAnswer & { id: string })[], answers: Record<string, string | undefined>,
): { kind: "ok" } | { kind: "unanswered"; missing: Record<string, string> } | { kind: "refused"; reasons: string[] } {
  const missing: Record<string, string> = {};
  required.forEach((q, i) => {
    const a = answers[q.id];
    if (!a || !isChoice(q, a)) missing[`answers.${q.id}`] = `Answer required question ${i + 1}: ${q.question}`;
  });
  if (Object.keys(missing).length) return { kind: "unanswered", missing };
  const reasons = required.map((q) => refusalFor(q, answers[q.id])).filter((r): r is string => r !== null);
  return reasons.length ? { kind: "refused", reasons } : { kind: "ok" };
}

export function describeRequiredAnswers(qs: readonly RequiredAnswer[]): string {
  return qs.length ? qs.map((q) => `${q.question} (${q.options.join(" / ")}; can apply: ${q.accepted.join(" or ")})`).join("; ") : "none";
}
