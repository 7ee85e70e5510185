// A CSV file as a web stream, for files too big to hold in memory (kpis.csv: 100,000 rows at city scale).
// Rows are taken from an async iterator (a database cursor) a batch at a time, only when the reader asks
// for more, so the reader's pace sets the query's: a reader that stops reading leaves the cursor where it
// is, and one that cancels closes it. A failure half-way errors the stream: a CSV has no trailer, so a file
// cut short must never end as if it were complete.
import { csvLines, type CsvCell } from "./csv.server";

/**
 * The file's header and rows by writeCsv's rules, the same bytes. The first batch is read before this
 * returns, so a query that cannot start fails the request (a 500) rather than the body; after that, each
 * pull of the stream writes the next `batchRows` rows. A caller that does not hand the stream on must
 * cancel it, which closes the iterator.
 */
export async function openCsvStream(header: string[], rows: AsyncIterator<CsvCell[]>, batchRows: number): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  let ended = false;
  let cancelled = false;
  const nextBatch = async (): Promise<CsvCell[][]> => {
    const batch: CsvCell[][] = [];
    while (!ended && batch.length < batchRows) {
      const next = await rows.next();
      if (next.done) ended = true;
      else batch.push(next.value);
    }
    return batch;
  };
  const first = await nextBatch();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLines([header, ...first])));
      if (ended) controller.close();
    },
    async pull(controller) {
      // A rejection errors the stream; the iterator has ended by then (a generator that throws is done).
      const batch = await nextBatch();
      if (cancelled) return;
      if (batch.length) controller.enqueue(encoder.encode(csvLines(batch)));
      if (ended) controller.close();
    },
    async cancel() {
      cancelled = true;
      // For a cursor: closes it and gives its connection back to the pool.
      await rows.return?.();
    },
  });
}
