// The proposal's task list, worked out from what is saved: each section is Completed when nothing in it
// stops a submission (missingForSubmission, the rule the submit command applies), Not yet started when
// nothing in it is filled in, and Incomplete otherwise. "Check and submit" opens once nothing is missing.
import { fieldId } from "../../lib/form-errors";
import { sectionStatus, type Task } from "../../lib/task-list";
import { missingForSubmission, type SavedProposal } from "./proposal-form";

export interface ProposalForTasks extends SavedProposal {
  questions: { id: string; question: string; answer: string }[];
}

/** The proposal form's sections, in page order, with the fields each one holds (the names the form posts). */
export function proposalSections(questions: { id: string }[]) {
  return [
    { id: "describe", title: "Describe your proposal", fields: ["title", "summary"], started: ["summary"] },
    { id: "approach", title: "Your approach", fields: ["approach"], started: ["approach"] },
    { id: "impact", title: "Expected impact", fields: ["expectedImpact"], started: ["expectedImpact"] },
    { id: "team", title: "Your team", fields: ["team"], started: ["team"] },
    { id: "funding", title: "Funding and readiness", fields: ["requestedGbp", "trl"], started: ["requestedGbp", "trl"] },
    ...(questions.length
      ? [{ id: "eligibility", title: "Eligibility questions", fields: questions.map((q) => `answers.${q.id}`), started: questions.map((q) => `answers.${q.id}`) }]
      : []),
  ];
}

function filledIn(p: ProposalForTasks, field: string): boolean {
  const answer = (id: string) => p.questions.find((q) => q.id === id)?.answer ?? "";
  const value: unknown = field.startsWith("answers.") ? answer(field.slice("answers.".length))
    : ({ title: p.title, summary: p.summary, approach: p.approach, expectedImpact: p.expected_impact, team: p.team, requestedGbp: p.requested_gbp, trl: p.trl } as Record<string, unknown>)[field];
  return typeof value === "string" ? value.trim() !== "" : value !== null && value !== undefined;
}

export function proposalTasks(p: ProposalForTasks, opts: { attachments: number; submitted: boolean; checkHref: string }): Task[] {
  const missing = missingForSubmission(p, p.questions, Object.fromEntries(p.questions.map((q) => [q.id, q.answer])));
  const sections: Task[] = proposalSections(p.questions).map((s) => ({
    id: s.id,
    title: s.title,
    href: `#${fieldId(s.fields[0]!)}`,
    status: sectionStatus(s.started.map((f) => filledIn(p, f)), s.fields.every((f) => !(f in missing))),
  }));
  const ready = Object.keys(missing).length === 0;
  return [
    ...sections,
    { id: "attachments", title: "Attachments (optional)", href: "#attachments", status: opts.attachments > 0 ? "completed" : "optional" },
    {
      id: "check",
      title: "Check and submit",
      href: opts.submitted || !ready ? null : opts.checkHref,
      status: opts.submitted ? "completed" : ready ? "not-started" : "cannot-start",
      hint: opts.submitted ? "Your proposal has been submitted" : ready ? undefined : "Complete every section above first",
    },
  ];
}
