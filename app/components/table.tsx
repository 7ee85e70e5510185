// The GOV.UK table, from columns: each says its header and how to show a row's cell. Pages say what a
// table holds; the markup (caption, scopes, numeric alignment) is written once, here.
import type { ReactNode } from "react";

export interface Column<T> {
  header: ReactNode;
  cell: (row: T, index: number) => ReactNode;
  /** Right-aligned, as GOV.UK sets numbers. */
  numeric?: boolean;
  /** The cell names its row (a <th scope="row">). */
  rowHeader?: boolean;
  /** More classes on this column's cells, e.g. `app-break` for addresses that must wrap anywhere. */
  className?: string;
  /** The header sorts the table (its link does): the sort it shows, for aria-sort. */
  sort?: "ascending" | "descending" | "none";
}

export function Table<T>({ caption, captionClass, columns, rows, rowKey, rowId, empty }: {
  caption: ReactNode;
  /** "s", "m", "l" for a visible caption of that size; omitted, the caption is for screen readers only. */
  captionClass?: "s" | "m" | "l";
  /** A column given as false or null is left out: the columns only some viewers see. */
  columns: readonly (Column<T> | false | null | undefined)[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => string | number;
  /** A row's id, for a link or a redirect to land on it. */
  rowId?: (row: T) => string;
  /** Said in one cell across the table when there are no rows. */
  empty?: ReactNode;
}) {
  const shown = columns.filter((c): c is Column<T> => Boolean(c));
  const numeric = (c: Column<T>, part: "header" | "cell") => (c.numeric ? ` govuk-table__${part}--numeric` : "");
  const extra = (c: Column<T>) => (c.className ? ` ${c.className}` : "");
  return (
    <table className="govuk-table">
      <caption className={captionClass ? `govuk-table__caption govuk-table__caption--${captionClass}` : "govuk-visually-hidden"}>{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          {shown.map((c, i) => <th key={i} scope="col" className={`govuk-table__header${numeric(c, "header")}`} aria-sort={c.sort}>{c.header}</th>)}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((row, r) => (
          <tr key={rowKey(row, r)} id={rowId?.(row)} className="govuk-table__row">
            {shown.map((c, i) => c.rowHeader
              ? <th key={i} scope="row" className={`govuk-table__header${numeric(c, "header")}${extra(c)}`}>{c.cell(row, r)}</th>
              : <td key={i} className={`govuk-table__cell${numeric(c, "cell")}${extra(c)}`}>{c.cell(row, r)}</td>)}
          </tr>
        ))}
        {rows.length === 0 && empty !== undefined ? (
          <tr className="govuk-table__row"><td className="govuk-table__cell" colSpan={shown.length}>{empty}</td></tr>
        ) : null}
      </tbody>
    </table>
  );
}
