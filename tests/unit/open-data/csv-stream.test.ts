// A CSV file written as a stream (openCsvStream): the same bytes as writeCsv for any rows in any batches,
// batches taken from the source only as the reader asks for them, the source closed when the reader
// cancels, and a failure half-way an error of the stream, never its end.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openCsvStream } from "../../../app/server/csv-stream.server";
import { writeCsv, type CsvCell } from "../../../app/server/csv.server";

const cell: fc.Arbitrary<CsvCell> = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\n", "\"", ",", "'", "é", "😀", "a", " ") }),
  fc.double({ noNaN: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);

/**
 * A source of rows in batches of `batchRows` (a cursor's chunks), counting the rows taken and whether it was
 * closed; the batch holding row `failAt` fails instead.
 */
function source(rows: CsvCell[][], batchRows: number | number[], failAt = Infinity) {
  const seen = { taken: 0, closed: false };
  const sizes = Array.isArray(batchRows) ? batchRows : [];
  const iterator = (async function* () {
    try {
      for (let i = 0, b = 0; i < rows.length; b++) {
        const size = Array.isArray(batchRows) ? sizes[b % sizes.length]! : batchRows;
        if (failAt < i + Math.max(size, 1)) throw new Error("connection lost");
        const batch = rows.slice(i, i + size);
        i += size;
        seen.taken += batch.length;
        yield batch;
      }
    } finally {
      seen.closed = true;
    }
  })();
  return { iterator, seen };
}

const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => [`kpi ${i}`, i, i % 3 === 0 ? null : `=${i}`]);

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

/** Lets the stream fill its queue as far as it will: a stream that ignores its reader reads everything meanwhile. */
async function settle() {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe("openCsvStream", () => {
  it("writes the same bytes as writeCsv, whatever the rows and however they are cut into batches, empty ones too (fast-check)", async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 4 }).chain((width) => fc.tuple(
        fc.array(fc.string(), { minLength: width, maxLength: width }),
        fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 30 }),
      )),
      fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 5 }).filter((sizes) => sizes.some((n) => n > 0)),
      async ([header, rows], sizes) => {
        const { iterator, seen } = source(rows, sizes);
        expect(await readAll(await openCsvStream(header, iterator))).toBe(writeCsv(header, rows));
        expect(seen.closed).toBe(true);
      },
    ), { numRuns: 300 });
  });

  it("takes rows from the source only as the reader asks for them", async () => {
    const { iterator, seen } = source(rowsOf(100 * 10), 10);
    const reader = (await openCsvStream(["name", "n", "formula"], iterator)).getReader();
    // Opening read the first batch, to fail the request rather than the body if the query cannot start.
    expect(seen.taken).toBe(10);
    expect(new TextDecoder().decode((await reader.read()).value)).toMatch(/^name,n,formula\nkpi 0,0,\nkpi 1,1,'=1\n/);
    await settle();
    // The queue holds one batch ahead of the reader, no more.
    expect(seen.taken).toBe(20);
    await reader.read();
    await settle();
    expect(seen.taken).toBe(30);
  });

  it("closes the source when the reader cancels, and takes no more rows", async () => {
    const { iterator, seen } = source(rowsOf(1000), 10);
    const reader = (await openCsvStream(["name", "n", "formula"], iterator)).getReader();
    await reader.read();
    await reader.cancel();
    expect(seen.closed).toBe(true);
    const taken = seen.taken;
    await settle();
    expect(seen.taken).toBe(taken);
  });

  it("errors the stream when the source fails half-way, after the rows before it", async () => {
    const { iterator } = source(rowsOf(1000), 10, 35);
    const reader = (await openCsvStream(["name", "n", "formula"], iterator)).getReader();
    let text = "";
    const decoder = new TextDecoder();
    const failure = await (async () => {
      for (;;) {
        const next = await reader.read();
        if (next.done) return null;
        text += decoder.decode(next.value);
      }
    })().catch((error: Error) => error);
    expect(failure?.message).toBe("connection lost");
    // Every complete batch before the failure was sent; the one it broke never was.
    expect(text).toBe(writeCsv(["name", "n", "formula"], rowsOf(30)));
  });

  it("fails to open, rather than sending a header and an error, when the first batch cannot be read", async () => {
    const { iterator } = source(rowsOf(5), 10, 0);
    await expect(openCsvStream(["name"], iterator)).rejects.toThrow("connection lost");
  });
});
