// Small files the demo attaches, made here in code so the repository holds no binaries: a one-page PDF with
// a few lines of text and a PNG bar chart. Both are real files (the upload check reads their type from the
// bytes) and open in any viewer.
import { crc32, deflateSync } from "node:zlib";

/** A one-page A4 PDF with a heading and lines of text (ASCII, Helvetica). */
export function tinyPdf(title: string, lines: string[]): Uint8Array {
  const escape = (s: string) => s.replace(/[^\x20-\x7e]/g, "-").replace(/[\\()]/g, (c) => `\\${c}`);
  const text = [
    "BT /F1 16 Tf 56 780 Td", `(${escape(title)}) Tj`, "/F1 11 Tf 0 -28 Td",
    ...lines.flatMap((l, i) => [i ? "0 -16 Td" : "", `(${escape(l)}) Tj`]).filter(Boolean), "ET",
  ].join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

/** A PNG bar chart: one GOV.UK-blue bar per value (0–1 of the height) on white, 8 pixels a bar. */
export function tinyPng(values: number[], height = 48): Uint8Array {
  const barWidth = 8;
  const width = values.length * barWidth + barWidth;
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3, 0xff); // filter byte 0 ("none"), then RGB
    row[0] = 0;
    values.forEach((v, i) => {
      if (height - y > Math.round(Math.max(0, Math.min(1, v)) * height)) return;
      for (let x = i * barWidth + barWidth / 2; x < (i + 1) * barWidth + barWidth / 2 - 2; x++) row.set([0x1d, 0x70, 0xb8], 1 + x * 3);
    });
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, "ascii");
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, deflate, no filter, no interlace
  return new Uint8Array(Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr), chunk("IDAT", deflateSync(Buffer.concat(rows))), chunk("IEND", Buffer.alloc(0)),
  ]));
}
