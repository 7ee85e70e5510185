// Open-data files and API answers as they go out: the rows of each file, written as CSV (through writeCsv)
// or JSON, and the API's headers, pages and 400s. kpis.csv, one row per measurement (100,000 at city scale,
// 11 MB), is streamed from a cursor (csv-stream.server.ts); the other files are a few hundred rows at most
// per challenge or pilot, and are written whole.
import { audit } from "../audit.server";
import { writeCsv, type CsvCell } from "../csv.server";
import { openCsvStream } from "../csv-stream.server";
import { inDownloadSlot } from "./download-slots.server";
import { CACHE_SECONDS, DATASETS, parseFileName } from "./datasets.server";
import { monitoringRows } from "./monitoring.server";
import { acceptedSponsors, approvedPilotKpiRows, approvedPilotKpis, approvedPilots, programmeTotals, publicChallenges } from "./queries.server";

type Cell = string | number | boolean | null | string[];

/** kpis.csv's rows read and written per batch: about 110 KB of CSV each. */
export const KPI_ROWS_PER_BATCH = 1000;

/** Rows for a file written whole (kpis: one item per KPI with its measurements, as in the JSON). */
async function datasetRows(name: string): Promise<unknown> {
  switch (name) {
    case "challenges": return (await publicChallenges()).data;
    case "sponsors": return acceptedSponsors();
    case "pilots": return approvedPilots();
    case "programme": return programmeTotals();
    case "kpis": return approvedPilotKpis();
    case "monitoring": return monitoringRows();
    default: throw new Error(`unknown dataset ${name}`);
  }
}

const columnsOf = (name: string) => DATASETS.find((d) => d.file === name)!.fields.map((field) => field.name);

/** A row as the CSV's cells, in column order; a list is one cell, its items separated by "; ". */
function cellsOf(columns: string[], row: Record<string, Cell>): CsvCell[] {
  return columns.map((c) => {
    const v = row[c];
    return Array.isArray(v) ? v.join("; ") : v;
  });
}

/** A dataset as CSV, through writeCsv (no cell a spreadsheet would run); numeric columns stay numbers. */
export function toCsv(name: string, rows: Record<string, Cell>[]): string {
  const columns = columnsOf(name);
  // Rows as arrays in column order: several times faster in csv-stringify than objects with `columns`.
  return writeCsv(columns, rows.map((r) => cellsOf(columns, r)));
}

/** kpis.csv as a stream, by the same rules as toCsv: the bytes are the same. */
async function kpisCsvStream(): Promise<ReadableStream<Uint8Array>> {
  const columns = columnsOf("kpis");
  const batches = (async function* () {
    // A slot, or a 503 thrown from openCsvStream's first read (before any answer has gone out).
    for await (const rows of inDownloadSlot(approvedPilotKpiRows(KPI_ROWS_PER_BATCH))) yield rows.map((r) => cellsOf(columns, r));
  })();
  return openCsvStream(columns, batches);
}

/**
 * The body of an open-data file, or null for a file we do not publish. A streamed body holds a database
 * connection until it is read to the end or cancelled: a caller that does not send it must cancel it.
 */
type OpenedFile = { body: string | ReadableStream<Uint8Array>; contentType: string; filename: string };

/** An open-data file by its name (null: no such file), its download recorded in the audit trail. */
export async function openDataFile(request: Request, file: string | undefined): Promise<OpenedFile | null> {
  const parsed = parseFileName(file);
  if (!parsed) return null;
  const opened = await fileBody(parsed.name, parsed.format);
  try {
    await audit(request, { action: "data.exported", subject: { type: "export", id: `${parsed.name}.${parsed.format}` } });
  } catch (error) {
    // A streamed file holds a database connection until it is read or cancelled.
    if (typeof opened.body !== "string") await opened.body.cancel();
    throw error;
  }
  return opened;
}

async function fileBody(name: string, format: "csv" | "json"): Promise<OpenedFile> {
  const filename = `${name}.${format}`;
  if (format === "csv") {
    const body = name === "kpis" ? await kpisCsvStream() : toCsv(name, (await datasetRows(name)) as Record<string, Cell>[]);
    return { body, contentType: "text/csv; charset=utf-8", filename };
  }
  const rows = await datasetRows(name);
  return { body: JSON.stringify({ data: rows, generatedAt: new Date().toISOString() }), contentType: "application/json; charset=utf-8", filename };
}

export function apiHeaders(): HeadersInit {
  return { "Content-Type": "application/json; charset=utf-8", "Cache-Control": `public, max-age=${CACHE_SECONDS}`, "Access-Control-Allow-Origin": "*" };
}

export function badRequestJson(error: string): Response {
  return new Response(JSON.stringify({ error }), { status: 400, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" } });
}

export function pageOf<T>(data: T[], page: number, pageSize: number, total: number) {
  return { data, page, pageSize, total, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}
