// The GOV.UK table, from columns: each says its header and how to show a row's cell. Pages say what a
// table holds; the markup (caption, scopes, numeric alignment) is written once, here.
import type { ReactNode } from "react";

export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Right-aligned, as GOV.UK sets numbers. */
  numeric?: boolean;
  /** The cell names its row (a <th scope="row">). */
  rowHeader?: boolean;
}

export function Table<T>({ caption, captionClass, columns, rows, rowKey }: {
  caption: string;
  /** "s", "m", "l" for a visible caption of that size; omitted, the caption is for screen readers only. */
  captionClass?: "s" | "m" | "l";
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
}) {
  const numeric = (c: Column<T>) => (c.numeric ? " govuk-table__header--numeric" : "");
  return (
    <table className="govuk-table">
      <caption className={captionClass ? `govuk-table__caption govuk-table__caption--${captionClass}` : "govuk-visually-hidden"}>{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          {columns.map((c, i) => <th key={i} scope="col" className={`govuk-table__header${numeric(c)}`}>{c.header}</th>)}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((row) => (
          <tr key={rowKey(row)} className="govuk-table__row">
            {columns.map((c, i) => c.rowHeader
              ? <th key={i} scope="row" className={`govuk-table__header${numeric(c)}`}>{c.cell(row)}</th>
              : <td key={i} className={`govuk-table__cell${c.numeric ? " govuk-table__cell--numeric" : ""}`}>{c.cell(row)}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
