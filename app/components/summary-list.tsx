// GOV.UK summary list, as "Check your answers" uses it: each answer with a Change link to where it is
// given (the visually hidden text says which answer), and, when an answer stops the next step, why.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

export interface SummaryRow {
  key: string;
  value: ReactNode;
  /** Where to change it; no link when the answer cannot be changed here. */
  href?: string;
  /** Why this answer stops the submission, shown as an error under it; its id is `${id}-error`. */
  error?: string;
  id?: string;
}

export function SummaryList({ rows, className }: { rows: SummaryRow[]; className?: string }) {
  return (
    <dl className={`govuk-summary-list${className ? ` ${className}` : ""}`}>
      {rows.map((r) => (
        <div key={r.key} className={`govuk-summary-list__row${r.href ? "" : " govuk-summary-list__row--no-actions"}`} id={r.id}>
          <dt className="govuk-summary-list__key">{r.key}</dt>
          <dd className="govuk-summary-list__value app-pre-line">
            {r.error ? <p className="govuk-error-message" id={r.id ? `${r.id}-error` : undefined}><span className="govuk-visually-hidden">Error:</span> {r.error}</p> : null}
            {r.value === "" || r.value === null || r.value === undefined ? <span className="govuk-hint govuk-!-margin-bottom-0">Not answered</span> : r.value}
          </dd>
          {r.href ? (
            <dd className="govuk-summary-list__actions">
              <Link className="govuk-link" to={r.href}>Change<span className="govuk-visually-hidden"> {r.key.toLowerCase()}</span></Link>
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}
