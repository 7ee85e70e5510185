// One neutraliser for both formats (decision 024): whatever text a proposal, an answer or an organisation's
// name holds, no cell of an exported CSV or XLSX file begins with what a spreadsheet takes for a formula
// (= + - @, tab, CR, LF and their full-width forms), no XLSX cell is a formula, numbers stay numbers, and text
// reads back as typed (with the quote prefix where one was needed). Property tests over hostile rows.
import ExcelJS from "exceljs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FORMULA_START, type CsvCell } from "../../../app/server/csv.server";
import { tableCsv, tableXlsx, type Table } from "../../../app/server/exports/table-file.server";
import { parseCsv } from "../../support/csv";

const payload = fc.oneof(
  fc.constantFrom('=HYPERLINK("https://evil.example","Click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1", "\r=1+1", "\n=1+1", "=1+1", "-5", "＝1+1", "＋1", "－1", "＠A1", "Київ", "Αθήνα", "x\r\n=1", "a,\"=b\"", "bell\u0007=1", "\u0001=1", "\uD800lone", "\uFFFE"),
  fc.tuple(fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠", "'", "\"", ",", " "), fc.string()).map(([a, b]) => a + b),
  fc.string({ unit: fc.constantFrom("=", "+", "-", "@", "\t", "\n", "\"", ",", "'", "a", "1", " ", "ł", "ж"), maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 12 }), // any code point, controls and lone surrogates included
);
const cell: fc.Arbitrary<CsvCell> = fc.oneof(
  { weight: 5, arbitrary: payload },
  { weight: 2, arbitrary: fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 })) },
  { weight: 1, arbitrary: fc.constant(null) },
);
const table = fc.integer({ min: 1, max: 4 }).chain((width) => fc.record({
  sheet: fc.constantFrom("Proposals", "Shortlist", "a/b?c*[d]:e that is longer than thirty-one characters"),
  header: fc.array(payload, { minLength: width, maxLength: width }),
  rows: fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 5 }),
}));

/** What a reader of the file may see for a typed cell: the text, or the text behind a quote if it looked like a formula. */
function expectReadsAsTyped(read: unknown, typed: CsvCell) {
  if (typeof typed === "number") {
    expect(Number(read)).toBe(typed === 0 ? 0 : typed); // -0 reads back as 0; -5 stays a number
    return;
  }
  // As UTF-8 carries it: a lone surrogate is written as U+FFFD.
  const text = new TextDecoder().decode(new TextEncoder().encode(String(typed ?? "")));
  expect(read, JSON.stringify(typed)).not.toMatch(FORMULA_START);
  expect([text, `'${text}`]).toContain(read);
}

// eslint-disable-next-line no-control-regex -- finding the controls XML refuses is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

async function readXlsx(bytes: Uint8Array, width: number) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer as ArrayBuffer);
  const sheet = wb.worksheets[0]!;
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => rows.push(Array.from({ length: width }, (_, c) => row.getCell(c + 1).value)));
  return { rows, name: sheet.name };
}

describe("an exported table never carries a formula", () => {
  it("as CSV: no cell begins a formula unless it is a number; the rows are the rows; text reads back as typed", () => {
    fc.assert(fc.property(table, (t: Table) => {
      const parsed = parseCsv(new TextDecoder().decode(tableCsv(t)));
      expect(parsed).toHaveLength(t.rows.length + 1);
      [t.header, ...t.rows].forEach((typedRow, r) => {
        expect(parsed[r]).toHaveLength(typedRow.length);
        typedRow.forEach((typed, c) => expectReadsAsTyped(parsed[r]![c], typed));
      });
    }), { numRuns: 300 });
  });

  it("as XLSX: no cell is a formula or text that begins one; numbers are numbers; text reads back as typed", async () => {
    await fc.assert(fc.asyncProperty(table, async (t: Table) => {
      const { rows, name } = await readXlsx(await tableXlsx(t), t.header.length);
      expect(name.length).toBeLessThanOrEqual(31);
      expect(name).not.toMatch(/[\\/?*[\]:]/);
      expect(rows).toHaveLength(t.rows.length + 1);
      [t.header, ...t.rows].forEach((typedRow, r) => typedRow.forEach((typed, c) => {
        const read = rows[r]![c];
        // Characters XML cannot hold are dropped before the rule is applied (xlsxCell), and only those.
        const xmlSafe = typeof typed === "string" ? typed.replace(NOT_XML, "") : typed;
        if (typeof typed === "number") expect(read).toBe(typed === 0 ? 0 : typed); // -0 is written as 0
        else if (xmlSafe === null || xmlSafe === "") expect(read === null || read === "").toBe(true);
        else {
          expect(typeof read, JSON.stringify(typed)).toBe("string"); // never { formula }, never a number or a date
          // XML keeps a carriage return only as a character reference; a reader may give it back as a line feed.
          expectReadsAsTyped((read as string).replace(/\r\n?/g, "\n"), (xmlSafe as string).replace(/\r\n?/g, "\n"));
        }
      }));
    }), { numRuns: 80 });
  }, 60_000);

  it("keeps a negative number a number and prefixes the same characters typed as text", async () => {
    const t: Table = { sheet: "Proposals", header: ["Title", "Score"], rows: [["-5", -5], ["=1+1", 4.33]] };
    expect(parseCsv(new TextDecoder().decode(tableCsv(t)))).toEqual([["Title", "Score"], ["'-5", "-5"], ["'=1+1", "4.33"]]);
    expect((await readXlsx(await tableXlsx(t), 2)).rows).toEqual([["Title", "Score"], ["'-5", -5], ["'=1+1", 4.33]]);
  });
});
