// One table, two formats: a CSV through writeCsv and an XLSX workbook through exceljs, every cell through the
// same neutraliseCell (csv.server.ts), so a title typed as "=HYPERLINK(…)" is text in both. exceljs writes a
// string as a string (never a formula unless given one as `{ formula }`), but a workbook is also saved on as
// CSV or pasted into another sheet, where the leading "=" would come back to life: the one rule holds for both.
import ExcelJS from "exceljs";
import { neutraliseCell, writeCsv, type CsvCell } from "../csv.server";

export type TableFormat = "csv" | "xlsx";

export interface Table {
  /** The worksheet's name in the workbook (at most 31 characters, none of \ / ? * [ ] :). */
  sheet: string;
  header: string[];
  rows: CsvCell[][];
}

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Uint8Array<ArrayBuffer>;
}

export const CONTENT_TYPES = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
} as const;

/** The table as CSV bytes (UTF-8 with no byte-order mark, as the open-data files are). */
export function tableCsv(table: Table): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(writeCsv(table.header, table.rows));
}

/** The table as an XLSX workbook of one sheet: a bold, frozen header row; numbers stay numbers. */
export async function tableXlsx(table: Table): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Civic Innovation Challenge";
  const sheet = workbook.addWorksheet(sheetName(table.sheet), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.addRow(table.header.map(xlsxCell)).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map(xlsxCell));
  sheet.columns.forEach((column, i) => {
    const longest = Math.max(...[table.header[i] ?? "", ...table.rows.map((r) => String(r[i] ?? ""))].map((s) => s.length));
    column.width = Math.min(60, Math.max(10, longest + 2));
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export async function tableFile(table: Table, format: TableFormat, basename: string): Promise<ExportFile> {
  return {
    filename: `${basename}.${format}`,
    contentType: CONTENT_TYPES[format],
    body: format === "csv" ? tableCsv(table) : await tableXlsx(table),
  };
}

// Characters XML 1.0 cannot hold (C0 controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF): in a
// cell they make a workbook no spreadsheet opens, so they are dropped. A CSV keeps them, as typed.
// eslint-disable-next-line no-control-regex -- finding the controls XML refuses is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A cell made XML-safe, then by the one rule (neutraliseCell): in this order, so "\u0001=1" cannot become "=1". */
export function xlsxCell(cell: CsvCell): string | number {
  return neutraliseCell(typeof cell === "string" ? cell.replace(NOT_XML, "") : cell);
}

/** A worksheet name Excel accepts. */
function sheetName(name: string): string {
  return name.replace(/[\\/?*[\]:]/g, " ").slice(0, 31).trim() || "Sheet1";
}

/** A figure as the results page shows it (two decimals), as a number; empty when there is none. */
export function figure(n: number | null | undefined): number | null {
  return n === null || n === undefined ? null : Math.round(n * 100) / 100;
}
