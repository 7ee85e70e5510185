// A challenge as applicants read it: used on the public page and for the owner's preview.
import { challengeStatusTag, type EffectiveChallengeStatus } from "~/lib/challenge-status";
import { useTranslation } from "react-i18next";
import { useFormats } from "./use-formats";
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
  const { t } = useTranslation("challenges");
  const f = useFormats();
  return (
    <>
      <span className="govuk-caption-l">{c.theme}</span>
      <h1 className="govuk-heading-xl">{c.title}</h1>
      <p className="govuk-body"><Tag label={t(`status.${c.status}`)} colour={challengeStatusTag(c.status).colour} /></p>
      <p className="govuk-body-l">{c.summary}</p>
      <SummaryList rows={[
        { key: t("details.setBy"), value: <OrgName name={c.org_name} verified={c.org_verified_at !== null} /> },
        { key: t(`details.funding.${c.funding_kind}`), value: f.money(c.funding_gbp) },
        { key: t("details.pilotLength"), value: t("details.weeks", { count: c.pilot_weeks }) },
        { key: t("details.opens"), value: f.date(c.opens_at) },
        ...(c.eoi_closes_at ? [
          { key: t("details.stageOne"), value: t("details.stageOneBy", { when: f.dateTime(c.eoi_closes_at) }) },
          { key: t("details.stageTwo"), value: t("details.stageTwoBy", { when: f.dateTime(c.closes_at) }) },
        ] : [{ key: t("details.closes"), value: t("details.closesAt", { when: f.dateTime(c.closes_at) }) }]),
        { key: t("details.areas"), value: c.areas.map((a) => a.name).join(", ") },
        { key: t("details.review"), value: c.blind_review ? t("details.blind") : t("details.named") },
      ]} />
      <VerifiedExplainer />
      <h2 className="govuk-heading-l">{t("details.problem")}</h2>
      {c.problem_statement.split(/\n{2,}/).map((para, i) => <p key={i} className="govuk-body">{para}</p>)}
      <RequiredAnswersList questions={c.questions} />
      {c.questions.some((q) => !q.options) ? (
        <>
          <h2 className="govuk-heading-m">{t("details.eligibility")}</h2>
          <ol className="govuk-list govuk-list--number">{c.questions.filter((q) => !q.options).map((q) => <li key={q.id}>{q.question}</li>)}</ol>
        </>
      ) : null}
      <Table caption={t("details.criteria")} captionClass="m" rows={c.criteria} rowKey={(k) => k.id} columns={[
        { header: t("details.criterion"), cell: (k) => <><strong>{k.name}</strong>{k.description ? <><br />{k.description}</> : null}</> },
        { header: t("details.weight"), numeric: true, cell: (k) => t("details.percent", { value: k.weight / 100 }) },
      ]} />
    </>
  );
}


/** Who can apply, said before anyone starts writing (decision 031). */
export function RequiredAnswersList({ questions, heading = true }: { questions: ChallengeDetailView["questions"]; heading?: boolean }) {
  const { t } = useTranslation("challenges");
  const required = questions.filter((q) => q.options);
  if (!required.length) return null;
  return (
    <>
      {heading ? <h2 className="govuk-heading-m">{t("details.whoCanApply")}</h2> : null}
      <ul className="govuk-list govuk-list--bullet">
        {required.map((q) => <li key={q.id}>{q.question} {t("details.onlyAccepted", { answers: q.accepted.map((a) => t("details.quoted", { answer: a })).join(t("details.or")) })}</li>)}
      </ul>
    </>
  );
}
