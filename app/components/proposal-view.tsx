// A proposal read-only, as its applicant sees it once submitted and as the challenge owner sees it.
import { formatMoney } from "~/lib/dates";

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
  /** The names of the support in `needs`, as the catalogue has them. */
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
    <dl className="govuk-summary-list">
      {rows.map(([k, v]) => (
        <div key={k} className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">{k}</dt>
          <dd className="govuk-summary-list__value app-pre-line">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
