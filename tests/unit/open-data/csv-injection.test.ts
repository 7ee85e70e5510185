// Spreadsheet formula injection: whatever text is in a row, no cell of a CSV file we write begins with what
// a spreadsheet takes for a formula (= + - @, tab, carriage return), unless the value is a number (a numeric
// column, written as a number). Property tests over generated rows of every open-data CSV, read back as a
// spreadsheet reads them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DATASETS } from "../../../app/server/open-data/datasets.server";
import { toCsv } from "../../../app/server/open-data/output.server";
import { FORMULA_START, parseCsv } from "../../support/csv";

const CSV_FILES = DATASETS.filter((d) => d.formats.includes("csv"));

// Text a user might type, weighted towards the payloads: formula starts followed by anything, and line
// breaks and quotes inside that could split a cell or a row.
const payload = fc.oneof(
  fc.constantFrom("=HYPERLINK(\"https://evil.example\",\"Click\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1", "\r=1+1", "=1+1", "-5", "+44 20 7946 0000", "@home", "x\r=1+1", "x\n=1+1", "a,\"=b\""),
  fc.tuple(fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\n", "\r\n", "'", "\"", ",", " "), fc.string()).map(([a, b]) => a + b),
  fc.string({ unit: fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\n", "\"", ",", "'", "a", "1", " "), maxLength: 12 }),
  fc.string(),
);
const value = fc.oneof(
  { weight: 4, arbitrary: payload },
  { weight: 2, arbitrary: fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 })) },
  { weight: 1, arbitrary: fc.array(payload, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constant(null) },
);

describe("CSV files never carry a formula", () => {
  for (const dataset of CSV_FILES) {
    const columns = dataset.fields.map((f) => f.name);
    const rows = fc.array(fc.tuple(...columns.map(() => value)).map((vs) => Object.fromEntries(columns.map((c, i) => [c, vs[i]!]))), { maxLength: 6 });

    it(`${dataset.file}.csv: no cell begins with = + - @, tab or CR unless it is a number; text reads back as typed`, () => {
      fc.assert(fc.property(rows, (input) => {
        const parsed = parseCsv(toCsv(dataset.file, input));
        expect(parsed[0]).toEqual(columns);
        // The rows are the rows: nothing typed in a cell starts a new one.
        expect(parsed.length).toBe(input.length + 1);
        parsed.slice(1).forEach((cells, r) => {
          expect(cells).toHaveLength(columns.length);
          cells.forEach((cell, c) => {
            const typed = input[r]![columns[c]!];
            if (typeof typed === "number") {
              expect(Number(cell)).toBe(typed === 0 ? 0 : typed); // a number stays a number, -5 included
              return;
            }
            expect(cell, `${columns[c]} = ${JSON.stringify(typed)}`).not.toMatch(FORMULA_START);
            const text = Array.isArray(typed) ? typed.join("; ") : typed ?? "";
            expect([text, `'${text}`]).toContain(cell);
          });
        });
      }), { numRuns: 300 });
    });
  }

  it("keeps negative numbers in numeric columns as numbers, and prefixes the same text in a text column", () => {
    const [, row] = parseCsv(toCsv("kpis", [{ kpi_id: "k", pilot_id: "p", name: "-2+3", unit: "-5", baseline: -5, target: -2.5, direction: "lower", frequency: "monthly", date: "2026-01-01", value: -3 }]));
    expect(row).toEqual(["k", "p", "'-2+3", "'-5", "-5", "-2.5", "lower", "monthly", "2026-01-01", "-3"]);
  });
});
