// Real files for the attachment tests, made here rather than committed as binaries: a minimal valid PDF,
// a 1×1 PNG, a real XLSX workbook (an Office Open XML zip), a CSV, and executables (this machine's own
// /bin/true, an ELF program, and a minimal Windows PE header) to rename as documents.
import { readFileSync } from "node:fs";
import { strToU8, zipSync } from "fflate";
import { tinyPdf } from "../../db/seed/files";

/** A one-page PDF with a correct cross-reference table (the demo seed's, db/seed/files.ts). */
export function pdfBytes(text = "Attachment test"): Uint8Array {
  return tinyPdf(text, []);
}

/** A 1×1 transparent PNG. */
export function pngBytes(): Uint8Array {
  return new Uint8Array(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"));
}

/** A zip archive with stored (uncompressed) entries, as Office writes them when asked not to compress. */
export function zipBytes(entries: { name: string; data: string }[]): Uint8Array {
  return zipSync(Object.fromEntries(entries.map((e) => [e.name, [strToU8(e.data), { level: 0 }]])));
}

/** A one-sheet XLSX workbook that spreadsheet programs open. */
export function xlsxBytes(): Uint8Array {
  const ns = "http://schemas.openxmlformats.org";
  return zipBytes([
    { name: "[Content_Types].xml", data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>` },
    { name: "_rels/.rels", data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    { name: "xl/workbook.xml", data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets><sheet name="Budget" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    { name: "xl/_rels/workbook.xml.rels", data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>` },
    { name: "xl/worksheets/sheet1.xml", data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${ns}/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Item</t></is></c><c r="B1"><v>45000</v></c></row></sheetData></worksheet>` },
  ]);
}

export function csvBytes(): Uint8Array {
  return new TextEncoder().encode("site,no2_ugm3\nSt Mary's School,41.2\nCamden Road,38.9\n");
}

/** This machine's /bin/true: a real ELF executable. */
export function elfBytes(): Uint8Array {
  return new Uint8Array(readFileSync("/bin/true"));
}

/** The start of a Windows program: a DOS header pointing at a PE header. */
export function peBytes(): Uint8Array {
  const b = Buffer.alloc(512);
  b.write("MZ", 0, "latin1");
  b.writeUInt32LE(0x80, 0x3c);
  b.write("PE\0\0", 0x80, "latin1");
  b.writeUInt16LE(0x14c, 0x84); // i386
  return new Uint8Array(b);
}
