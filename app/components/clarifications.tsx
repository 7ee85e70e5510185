// Published clarifications of a challenge, newest first: questions and answers, notices, and changes to the
// call's terms with what each was before and after. Never who asked.
import { useTranslation } from "react-i18next";
import { useFormats } from "./use-formats";

interface Item {
  id: string;
  kind: "question" | "notice" | "change";
  question: string;
  answer: string;
  changes: { field: string; from: string; to: string }[];
  published_at: string | Date | null;
}

const FIELDS = new Set(["closingDate", "criteria", "eligibilityQuestions", "requiredAnswers"]);

export function Clarifications({ items, headingLevel = 3 }: { items: Item[]; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation("challenges");
  const f = useFormats();
  if (items.length === 0) return <p className="govuk-body">{t("clarifications.none")}</p>;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <>
      {items.map((c) => (
        <div key={c.id} className="govuk-!-margin-bottom-6">
          <Heading className="govuk-heading-s govuk-!-margin-bottom-1">{c.question}</Heading>
          <p className="govuk-body-s govuk-!-margin-bottom-2">
            {t(`clarifications.${c.kind}`, { date: f.date(c.published_at) })}
          </p>
          <p className="govuk-body app-wrap">{c.answer}</p>
          {c.changes.length ? (
            <dl className="govuk-summary-list">
              {c.changes.map((ch) => (
                <div key={ch.field} className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">{FIELDS.has(ch.field) ? t(`clarifications.field.${ch.field}`) : ch.field}</dt>
                  <dd className="govuk-summary-list__value">
                    <p className="govuk-body-s govuk-!-margin-bottom-1">{t("clarifications.was", { value: ch.from })}</p>
                    <p className="govuk-body-s govuk-!-margin-bottom-0">{t("clarifications.now", { value: ch.to })}</p>
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
