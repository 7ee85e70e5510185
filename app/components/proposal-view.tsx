// A proposal read-only, as its applicant sees it once submitted and as the challenge owner sees it.
import { formatMoney } from "~/lib/dates";
import { SummaryList } from "~/components/summary-list";

export interface ProposalView {
  title: string;
  summary: string;
  approach: string;
  expected_impact: string;
  team: string;
  requested_gbp: number | null;
  trl: number | null;
  tags: string[];
  needs?: string[];
  /** The names of the support in `needs`, as the vocabulary has them. */
  needs_names?: string[];
  questions: { id: string; question: string; answer: string }[];
}

export function ProposalDetails({ proposal: p }: { proposal: ProposalView }) {
  const rows: [string, React.ReactNode][] = [
    ["Summary", p.summary],
    ["Approach", p.approach],
    ["Expected impact", p.expected_impact],
    ["Team", p.team],
    ["Requested budget", p.requested_gbp === null ? "Not given" : formatMoney(p.requested_gbp)],
    ["Technology readiness level", p.trl === null ? "Not given" : `TRL ${p.trl}`],
    ["Tags", p.tags.length ? p.tags.join(", ") : "None"],
    ...(p.needs ? [["Support needed besides money", p.needs.length ? (p.needs_names ?? p.needs).join(", ") : "None"] as [string, React.ReactNode]] : []),
    ...p.questions.map((q, i): [string, React.ReactNode] => [`Eligibility ${i + 1}: ${q.question}`, q.answer || "Not answered"]),
  ];
  return (
    <SummaryList preLine rows={rows.map(([key, value]) => ({ key, value }))} />
  );
}
