// A proposal's pack as a PDF (pdfkit): its text, answers, scores and the files attached to it, listed.
// pdfkit's standard fonts (Helvetica…) encode only Latin-1, so "Łódź", "Київ" or "Αθήνα" would come out as
// wrong glyphs: the text is set in Noto Sans (embedded, subset by pdfkit), which covers Latin, Greek and
// Cyrillic. Text PDF readers extract comes from the font's glyph-to-Unicode map, which pdfkit writes.
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";

const require = createRequire(import.meta.url);
const REGULAR = require.resolve("@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf");
const BOLD = require.resolve("@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf");

export interface PackContent {
  title: string;
  /** Lines under the title: reference, applicant, challenge, status, dates. */
  facts: [label: string, value: string][];
  sections: { heading: string; paragraphs?: string[]; facts?: [label: string, value: string][]; empty?: string }[];
}

/** The pack's bytes. Nothing is read here: the caller has checked access and gathered the content. */
export function renderPackPdf(content: PackContent): Promise<Uint8Array<ArrayBuffer>> {
  const doc = new PDFDocument({ size: "A4", margin: 56, font: REGULAR, info: { Title: content.title, Creator: "Civic Innovation Challenge" } });
  doc.registerFont("regular", REGULAR);
  doc.registerFont("bold", BOLD);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
  });

  doc.font("bold").fontSize(18).text(content.title);
  doc.moveDown(0.5);
  for (const [label, value] of content.facts) fact(doc, label, value);
  for (const section of content.sections) {
    doc.moveDown(1);
    doc.font("bold").fontSize(13).text(section.heading);
    doc.moveDown(0.3);
    doc.font("regular").fontSize(10.5);
    for (const p of section.paragraphs ?? []) {
      doc.text(p || "–");
      doc.moveDown(0.4);
    }
    for (const [label, value] of section.facts ?? []) fact(doc, label, value);
    if (section.empty && !section.paragraphs?.length && !section.facts?.length) doc.text(section.empty);
  }
  doc.end();
  return done;
}

function fact(doc: PDFKit.PDFDocument, label: string, value: string) {
  doc.font("bold").fontSize(10.5).text(`${label}: `, { continued: true }).font("regular").text(value || "–");
}
