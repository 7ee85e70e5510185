// Published clarifications of a challenge, newest first: questions and answers, notices, and changes to the
// call's terms with what each was before and after. Never who asked.
import { formatDate } from "~/lib/dates";

interface Item {
  id: string;
  kind: "question" | "notice" | "change";
  question: string;
  answer: string;
  changes: { field: string; from: string; to: string }[];
  published_at: string | Date | null;
}

const FIELD: Record<string, string> = {
  closingDate: "Closing date",
  criteria: "Evaluation criteria",
  eligibilityQuestions: "Eligibility questions",
  requiredAnswers: "Required answers",
};

export function Clarifications({ items, headingLevel = 3 }: { items: Item[]; headingLevel?: 2 | 3 }) {
  if (items.length === 0) return <p className="govuk-body">No clarifications have been published.</p>;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <>
      {items.map((c) => (
        <div key={c.id} className="govuk-!-margin-bottom-6">
          <Heading className="govuk-heading-s govuk-!-margin-bottom-1">{c.question}</Heading>
          <p className="govuk-body-s govuk-!-margin-bottom-2">
            {c.kind === "question" ? "Question from an applicant, answered" : c.kind === "change" ? "Change to the challenge, published" : "Published"} {formatDate(c.published_at)}
          </p>
          <p className="govuk-body app-wrap">{c.answer}</p>
          {c.changes.length ? (
            <dl className="govuk-summary-list">
              {c.changes.map((ch) => (
                <div key={ch.field} className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">{FIELD[ch.field] ?? ch.field}</dt>
                  <dd className="govuk-summary-list__value">
                    <p className="govuk-body-s govuk-!-margin-bottom-1">Was: {ch.from}</p>
                    <p className="govuk-body-s govuk-!-margin-bottom-0">Now: {ch.to}</p>
                  </dd>
                </div>
              ))}
            </dl>
          ) : null}
        </div>
      ))}
    </>
  );
}
