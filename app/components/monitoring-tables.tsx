// The equality monitoring tables as published (decision 033): one per question, answers by furthest stage
// of the funnel, with "[c]" where a count is withheld. The figures come suppressed from the roll-up; this
// only lays them out.
import { Table } from "~/components/table";
import { STAGE_LABEL, type PublishedMonitoring, type PublishedPopulation } from "~/rules/inclusion/funnel";
import { answerLabel, MONITORING_QUESTIONS } from "~/rules/inclusion/questions";

const Withheld = () => <>[c]<span className="govuk-visually-hidden"> (withheld)</span></>;
const shown = (v: number | null) => (v === null ? <Withheld /> : v);

export function MonitoringTables({ figures }: { figures: PublishedMonitoring }) {
  return (
    <>
      <p className="govuk-body">
        Start-ups&apos; founders and judges may answer short equality monitoring questions about themselves. Each founder is
        counted once, at the furthest stage any proposal of theirs reached. A count under {figures.threshold} is
        withheld, shown as [c], and so is any count from which one could be worked out; a stage with fewer than{" "}
        {figures.threshold} people answering is left out.
      </p>
      <Population title="Start-ups' founders" population={figures.startups} threshold={figures.threshold} totalLabel="All who applied" />
      <Population title="Judges" population={figures.judges} threshold={figures.threshold} totalLabel={null} />
    </>
  );
}

function Population({ title, population: p, threshold, totalLabel }: { title: string; population: PublishedPopulation; threshold: number; totalLabel: string | null }) {
  if (p.withheld) {
    return (
      <>
        <h3 className="govuk-heading-s">{title}</h3>
        <p className="govuk-body">{`Fewer than ${threshold} have answered so far: nothing is shown.`}</p>
      </>
    );
  }
  const withTotal = totalLabel !== null && p.columns.length > 1;
  return (
    <>
      <h3 className="govuk-heading-s">{title}</h3>
      <p className="govuk-body">
        {`${p.total} answered. `}
        {p.withheldColumns.length ? `Left out, with fewer than ${threshold} answering: ${p.withheldColumns.map((s) => STAGE_LABEL[s as keyof typeof STAGE_LABEL]).join(", ")}.` : null}
      </p>
      {p.questions.map((q) => {
        const question = MONITORING_QUESTIONS.find((x) => x.key === q.key)!;
        const rows = [...q.rows.map((r) => ({ label: answerLabel(q.key, r.answer), cells: r.cells, total: r.total })), { label: "All who answered", cells: p.columnTotals, total: p.total }];
        return (
          <details className="govuk-details" key={q.key}>
            <summary className="govuk-details__summary"><span className="govuk-details__summary-text">{`${title}: ${question.label}`}</span></summary>
            <div className="govuk-details__text">
              <Table caption={`${title}: ${question.label}`} captionClass="s" rows={rows} rowKey={(r) => r.label} columns={[
                { header: "Answer", rowHeader: true, cell: (r) => r.label },
                ...p.columns.map((s, j) => ({ header: STAGE_LABEL[s as keyof typeof STAGE_LABEL], numeric: true, cell: (r: (typeof rows)[number]) => shown(r.cells[j] ?? null) })),
                withTotal && { header: totalLabel, numeric: true, cell: (r: (typeof rows)[number]) => shown(r.total) },
              ]} />
            </div>
          </details>
        );
      })}
    </>
  );
}
