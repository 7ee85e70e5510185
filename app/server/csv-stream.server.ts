// A CSV file as a web stream, for files too big to hold in memory (kpis.csv: 100,000 rows at city scale).
// Rows come from an async iterator of batches (a database cursor's chunks), taken one batch at a time and
// only when the reader asks for more, so the reader's pace sets the query's: a reader that stops reading
// leaves the cursor where it is, and one that cancels closes it. A failure half-way errors the stream: a CSV
// has no trailer, so a file cut short must never end as if it were complete.
import { csvLines, type CsvCell } from "./csv.server";

/**
 * The file's header and rows by writeCsv's rules, the same bytes. The first batch is read before this
 * returns, so a query that cannot start fails the request (a 500) rather than the body. A caller that does
 * not hand the stream on must cancel it, which closes the iterator.
 */
export async function openCsvStream(header: string[], batches: AsyncIterator<CsvCell[][]>): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  let ended = false;
  let cancelled = false;
  /** The next rows, or none once the iterator has ended. */
  const nextRows = async (): Promise<CsvCell[][]> => {
    for (;;) {
      const next = await batches.next();
      if (next.done) {
        ended = true;
        return [];
      }
      if (next.value.length) return next.value;
    }
  };
  const first = await nextRows();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLines([header, ...first])));
      if (ended) controller.close();
    },
    async pull(controller) {
      // A rejection errors the stream; the iterator has ended by then (a generator that throws is done).
      const rows = await nextRows();
      if (cancelled) return;
      if (rows.length) controller.enqueue(encoder.encode(csvLines(rows)));
      if (ended) controller.close();
    },
    async cancel() {
      cancelled = true;
      // For a cursor: closes it and gives its connection back to the pool.
      await batches.return?.();
    },
  });
}
