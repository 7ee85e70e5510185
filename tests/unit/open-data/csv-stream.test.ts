// A CSV file written as a stream (openCsvStream): the same bytes as writeCsv for any rows and any batch
// size, rows taken from the source only as the reader asks for them, the source closed when the reader
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

/** A source of rows that counts how many were taken and whether it was closed; it fails at row `failAt`. */
function source(rows: CsvCell[][], failAt = Infinity) {
  const seen = { taken: 0, closed: false };
  const iterator = (async function* () {
    try {
      for (const row of rows) {
        if (seen.taken === failAt) throw new Error("connection lost");
        seen.taken++;
        yield row;
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
  it("writes the same bytes as writeCsv, whatever the rows and the batch size (fast-check)", async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 4 }).chain((width) => fc.tuple(
        fc.array(fc.string(), { minLength: width, maxLength: width }),
        fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 30 }),
      )),
      fc.integer({ min: 1, max: 8 }),
      async ([header, rows], batchRows) => {
        const { iterator, seen } = source(rows);
        expect(await readAll(await openCsvStream(header, iterator, batchRows))).toBe(writeCsv(header, rows));
        expect(seen.closed).toBe(true);
      },
    ), { numRuns: 300 });
  });

  it("takes rows from the source only as the reader asks for them", async () => {
    const { iterator, seen } = source(rowsOf(100 * 10));
    const reader = (await openCsvStream(["name", "n", "formula"], iterator, 10)).getReader();
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
    const { iterator, seen } = source(rowsOf(1000));
    const reader = (await openCsvStream(["name", "n", "formula"], iterator, 10)).getReader();
    await reader.read();
    await reader.cancel();
    expect(seen.closed).toBe(true);
    const taken = seen.taken;
    await settle();
    expect(seen.taken).toBe(taken);
  });

  it("errors the stream when the source fails half-way, after the rows before it", async () => {
    const { iterator } = source(rowsOf(1000), 35);
    const reader = (await openCsvStream(["name", "n", "formula"], iterator, 10)).getReader();
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
    const { iterator } = source(rowsOf(5), 0);
    await expect(openCsvStream(["name"], iterator, 10)).rejects.toThrow("connection lost");
  });
});
