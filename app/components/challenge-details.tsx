// A challenge as applicants read it: used on the public page and for the owner's preview.
import { challengeStatusTag, type EffectiveChallengeStatus } from "~/lib/challenge-status";
import { formatDate, formatDateTime, formatMoney } from "~/lib/dates";
import { Tag } from "./tag";
import { OrgName, VerifiedExplainer } from "./verified";
import { Table } from "~/components/table";
import { SummaryList } from "~/components/summary-list";

export interface ChallengeDetailView {
  title: string;
  summary: string;
  problem_statement: string;
  theme: string;
  org_name: string;
  org_verified_at: string | null;
  status: EffectiveChallengeStatus;
  funding_kind: "budget" | "prize";
  funding_gbp: number;
  pilot_weeks: number;
  opens_at: string;
  closes_at: string;
  eoi_closes_at: string | null;
  blind_review: boolean;
  areas: { id: number; name: string }[];
  questions: { id: string; question: string; options: string[] | null; accepted: string[] }[];
  criteria: { id: string; name: string; description: string; weight: number }[];
}

export function ChallengeDetails({ challenge: c }: { challenge: ChallengeDetailView }) {
  return (
    <>
      <span className="govuk-caption-l">{c.theme}</span>
      <h1 className="govuk-heading-xl">{c.title}</h1>
      <p className="govuk-body"><Tag {...challengeStatusTag(c.status)} /></p>
      <p className="govuk-body-l">{c.summary}</p>
      <SummaryList rows={[
        { key: "Set by", value: <OrgName name={c.org_name} verified={c.org_verified_at !== null} /> },
        { key: c.funding_kind === "prize" ? "Prize" : "Pilot budget", value: formatMoney(c.funding_gbp) },
        { key: "Pilot length", value: <>{c.pilot_weeks} weeks</> },
        { key: "Opens", value: formatDate(c.opens_at) },
        ...(c.eoi_closes_at ? [
          { key: "Stage one: expressions of interest", value: <>by {formatDateTime(c.eoi_closes_at)} (UK time)</> },
          { key: "Stage two: full proposals", value: <>by invitation, by {formatDateTime(c.closes_at)} (UK time)</> },
        ] : [{ key: "Closes", value: <>{formatDateTime(c.closes_at)} (UK time)</> }]),
        { key: "Areas", value: c.areas.map((a) => a.name).join(", ") },
        { key: "Review", value: c.blind_review ? "Blind: judges do not see who you are" : "Judges see your organisation's name" },
      ]} />
      <VerifiedExplainer />
      <h2 className="govuk-heading-l">The problem</h2>
      {c.problem_statement.split(/\n{2,}/).map((para, i) => <p key={i} className="govuk-body">{para}</p>)}
      <RequiredAnswersList questions={c.questions} />
      {c.questions.some((q) => !q.options) ? (
        <>
          <h2 className="govuk-heading-m">Eligibility questions</h2>
          <ol className="govuk-list govuk-list--number">{c.questions.filter((q) => !q.options).map((q) => <li key={q.id}>{q.question}</li>)}</ol>
        </>
      ) : null}
      <Table caption="How proposals will be judged" captionClass="m" rows={c.criteria} rowKey={(k) => k.id} columns={[
        { header: "Criterion", cell: (k) => <><strong>{k.name}</strong>{k.description ? <><br />{k.description}</> : null}</> },
        { header: "Weight", numeric: true, cell: (k) => <>{k.weight}%</> },
      ]} />
    </>
  );
}


/** Who can apply, said before anyone starts writing (decision 031). */
export function RequiredAnswersList({ questions, heading = true }: { questions: ChallengeDetailView["questions"]; heading?: boolean }) {
  const required = questions.filter((q) => q.options);
  if (!required.length) return null;
  return (
    <>
      {heading ? <h2 className="govuk-heading-m">Who can apply</h2> : null}
      <ul className="govuk-list govuk-list--bullet">
        {required.map((q) => <li key={q.id}>{q.question} Only {q.accepted.map((a) => `“${a}”`).join(" or ")} can apply.</li>)}
      </ul>
    </>
  );
}
