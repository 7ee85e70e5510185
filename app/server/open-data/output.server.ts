// Open-data files and API answers as they go out: the rows of each file, written as CSV (through writeCsv)
// or JSON, and the API's headers, pages and 400s.
import { writeCsv } from "../csv.server";
import { CACHE_SECONDS, DATASETS, parseFileName } from "./datasets.server";
import { acceptedSponsors, approvedPilotKpis, approvedPilots, programmeTotals, publicChallenges } from "./queries.server";

type Cell = string | number | boolean | null | string[];

/** Rows for a file, flat (as in the CSV) or nested (as in the JSON). */
async function datasetRows(name: string, format: "csv" | "json"): Promise<unknown> {
  switch (name) {
    case "challenges": return (await publicChallenges()).data;
    case "sponsors": return acceptedSponsors();
    case "pilots": return approvedPilots();
    case "programme": return programmeTotals();
    case "kpis": {
      const kpis = await approvedPilotKpis();
      if (format === "json") return kpis;
      return kpis.flatMap(({ measurements, ...k }) =>
        (measurements.length ? measurements : [{ date: null, value: null }]).map((m) => ({ ...k, date: m.date, value: m.value })));
    }
    default: throw new Error(`unknown dataset ${name}`);
  }
}

/** A dataset as CSV, through writeCsv (no cell a spreadsheet would run); numeric columns stay numbers. */
export function toCsv(name: string, rows: Record<string, Cell>[]): string {
  const columns = DATASETS.find((d) => d.file === name)!.fields.map((field) => field.name);
  // Rows as arrays in column order: several times faster in csv-stringify than objects with `columns`.
  const records = rows.map((r) => columns.map((c) => {
    const v = r[c];
    return Array.isArray(v) ? v.join("; ") : v;
  }));
  return writeCsv(columns, records);
}

/** The body of an open-data file, or null for a file we do not publish. */
export async function openDataFile(file: string | undefined): Promise<{ body: string; contentType: string; filename: string } | null> {
  const parsed = parseFileName(file);
  if (!parsed) return null;
  const rows = await datasetRows(parsed.name, parsed.format);
  const filename = `${parsed.name}.${parsed.format}`;
  if (parsed.format === "csv") {
    return { body: toCsv(parsed.name, rows as Record<string, Cell>[]), contentType: "text/csv; charset=utf-8", filename };
  }
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
