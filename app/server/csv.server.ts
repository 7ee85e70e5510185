// The one way the service writes CSV (every CSV writer calls writeCsv, or csvLines for a file written in
// pieces), so that nothing a user typed — a KPI's name, a challenge's title, an organisation's name — is run
// as a formula when the file is opened in a spreadsheet. OWASP's rule ("CSV Injection"): a cell that begins
// with = + - @, a tab or a carriage return is prefixed with a single quote, which spreadsheets show as text
// and do not display. The full-width forms of = + - @ (which some spreadsheets also take as a formula) and a
// line feed are treated the same way.
//
// Numbers: a cell whose value is a JavaScript number (a numeric column: funding, budgets, KPI baselines,
// targets and values) is written as the number, so -5 stays -5 and is read as a number; a number is never
// a formula. The same characters in a *string* are prefixed, whatever they look like ("-2+3", "-5"): text
// columns are text. So callers must pass numeric columns as numbers, as they come from the database.
import { stringify } from "csv-stringify/sync";

export type CsvCell = string | number | boolean | null | undefined;

/** What a spreadsheet reads as the start of a formula (OWASP's list, plus line feed and full-width forms). */
export const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

/** A text cell a spreadsheet would take for a formula, made plain text; numbers, booleans and empties as they are. */
export function neutraliseCell(cell: CsvCell): string | number {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") return cell;
  if (typeof cell === "boolean") return String(cell);
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/**
 * A CSV file: the header row, then the rows, every cell through neutraliseCell. Cells holding a carriage
 * return are quoted as well as those holding commas, quotes or line feeds (csv-stringify leaves a bare CR
 * unquoted, which some spreadsheets take for the end of a row, and so for the start of a new cell).
 */
export function writeCsv(header: string[], rows: CsvCell[][]): string {
  return csvLines([header, ...rows]);
}

/**
 * Rows as CSV lines, each ending in a line feed, by writeCsv's rules. csv-stringify keeps no state from one
 * row to the next (no header or BOM asked for), so a file written a batch of rows at a time
 * (csv-stream.server.ts) is the same bytes as writeCsv's.
 */
export function csvLines(rows: CsvCell[][]): string {
  return stringify(rows.map((row) => row.map(neutraliseCell)), { quoted_match: /\r/ });
}
