// The GOV.UK summary list: rows of a key and its value, each with an optional action whose visually hidden
// text says which row it acts on. "Check your answers" (`answers`) gives each answer a Change link to where
// it is given and, when an answer stops the next step, says why under it.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

export interface SummaryAction {
  href: string;
  label: string;
  /** Read after the label by screen readers only, to say what the action is for ("two-factor authentication"). */
  hidden: string;
}

export interface SummaryRow {
  key: string;
  value: ReactNode;
  /** Where to change it (a "Change" link); no link when the answer cannot be changed here. */
  href?: string;
  /** Another action than "Change". */
  action?: SummaryAction;
  /** Why this answer stops the submission, shown as an error under it; its id is `${id}-error`. */
  error?: string;
  id?: string;
}

export function SummaryList({ rows, className, answers, preLine }: {
  /** A row given as false or null is left out: the rows shown only when there is something to say. */
  rows: readonly (SummaryRow | false | null | undefined)[];
  className?: string;
  /** Answers someone gave: their line breaks kept, and an empty one reads "Not answered". */
  answers?: boolean;
  /** Values written as paragraphs keep their line breaks. */
  preLine?: boolean;
}) {
  const shown = rows.filter((r): r is SummaryRow => Boolean(r));
  const actionOf = (r: SummaryRow): SummaryAction | undefined => r.action ?? (r.href ? { href: r.href, label: "Change", hidden: r.key.toLowerCase() } : undefined);
  // As GOV.UK: when some rows have actions, the others say they have none, so the columns line up.
  const anyActions = shown.some((r) => actionOf(r));
  const empty = (v: ReactNode) => v === "" || v === null || v === undefined;
  return (
    <dl className={`govuk-summary-list${className ? ` ${className}` : ""}`}>
      {shown.map((r) => {
        const action = actionOf(r);
        return (
          <div key={r.key} className={`govuk-summary-list__row${anyActions && !action ? " govuk-summary-list__row--no-actions" : ""}`} id={r.id}>
            <dt className="govuk-summary-list__key">{r.key}</dt>
            <dd className={`govuk-summary-list__value${answers || preLine ? " app-pre-line" : ""}`}>
              {r.error ? <p className="govuk-error-message" id={r.id ? `${r.id}-error` : undefined}><span className="govuk-visually-hidden">Error:</span> {r.error}</p> : null}
              {answers && empty(r.value) ? <span className="govuk-hint govuk-!-margin-bottom-0">Not answered</span> : r.value}
            </dd>
            {action ? (
              <dd className="govuk-summary-list__actions">
                <Link className="govuk-link" to={action.href}>{action.label}<span className="govuk-visually-hidden"> {action.hidden}</span></Link>
              </dd>
            ) : null}
          </div>
        );
      })}
    </dl>
  );
}
