// The real type of an upload comes from its bytes, and the name must agree with it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Readable } from "node:stream";
import { canonicalExtension, cleanFileName, detectFileType, detectStoredFileType, EMPTY_FILE_MESSAGE, FILE_TYPE_MESSAGE } from "../../../app/server/attachments/file-types.server";
import { contentDisposition } from "../../../app/server/attachments/attachments.server";
import { csvBytes, elfBytes, pdfBytes, peBytes, pngBytes, xlsxBytes, zipBytes } from "../../support/files";

describe("detecting a file's type from its bytes", () => {
  it("accepts a PDF, a PNG, an XLSX workbook and a CSV named as what they are", async () => {
    expect(await detectFileType(pdfBytes(), "Pilot plan.pdf")).toEqual({ ok: true, mediaType: "application/pdf", ext: "pdf" });
    expect(await detectFileType(pngBytes(), "sensor.PNG")).toEqual({ ok: true, mediaType: "image/png", ext: "png" });
    expect(await detectFileType(xlsxBytes(), "budget.xlsx")).toEqual({
      ok: true, mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ext: "xlsx",
    });
    expect(await detectFileType(csvBytes(), "readings.csv")).toEqual({ ok: true, mediaType: "text/csv", ext: "csv" });
  });

  it("refuses executables renamed as documents", async () => {
    expect(await detectFileType(elfBytes(), "report.pdf")).toEqual({ ok: false, message: FILE_TYPE_MESSAGE });
    expect(await detectFileType(peBytes(), "budget.xlsx")).toEqual({ ok: false, message: FILE_TYPE_MESSAGE });
    expect(await detectFileType(elfBytes(), "readings.csv")).toEqual({ ok: false, message: FILE_TYPE_MESSAGE });
  });

  it("refuses text pretending to be a PDF, and a name that disagrees with the bytes", async () => {
    expect(await detectFileType(new TextEncoder().encode("Just some notes, not a PDF at all."), "notes.pdf")).toEqual({ ok: false, message: FILE_TYPE_MESSAGE });
    expect(await detectFileType(pngBytes(), "photo.pdf")).toEqual({ ok: false, message: FILE_TYPE_MESSAGE });
    expect(await detectFileType(pdfBytes(), "plan")).toEqual({ ok: false, message: FILE_TYPE_MESSAGE });
  });

  it("refuses other formats even when detected (a plain zip, HTML), binary CSVs and empty files", async () => {
    expect(await detectFileType(zipBytes([{ name: "a.txt", data: "hello" }]), "archive.zip")).toEqual({ ok: false, message: FILE_TYPE_MESSAGE });
    expect(await detectFileType(zipBytes([{ name: "a.txt", data: "hello" }]), "budget.xlsx")).toEqual({ ok: false, message: FILE_TYPE_MESSAGE });
    expect(await detectFileType(new TextEncoder().encode("<html><script>alert(1)</script></html>"), "page.html")).toEqual({ ok: false, message: FILE_TYPE_MESSAGE });
    expect(await detectFileType(new Uint8Array([0x61, 0x2c, 0x62, 0x00, 0x0a]), "nul.csv")).toEqual({ ok: false, message: FILE_TYPE_MESSAGE });
    expect(await detectFileType(new Uint8Array([0x61, 0xff, 0xfe, 0x0a]), "latin.csv")).toEqual({ ok: false, message: FILE_TYPE_MESSAGE });
    expect(await detectFileType(new Uint8Array(), "empty.pdf")).toEqual({ ok: false, message: EMPTY_FILE_MESSAGE });
  });
});

describe("detecting the type of a stored file, read back as a stream", () => {
  const samples: [string, () => Uint8Array][] = [
    ["pdf", () => pdfBytes()], ["png", pngBytes], ["xlsx", xlsxBytes], ["csv", csvBytes], ["elf", elfBytes], ["pe", peBytes],
    ["zip", () => zipBytes([{ name: "a.txt", data: "hello" }])], ["utf8", () => new TextEncoder().encode("naïve café, 1\n")],
    ["nul", () => new Uint8Array([0x61, 0x2c, 0x00, 0x0a])], ["latin", () => new Uint8Array([0x61, 0xff, 0xfe])], ["empty", () => new Uint8Array()],
  ];
  const names = ["a.pdf", "a.png", "a.xlsx", "a.csv", "a.jpeg", "a.ods", "a", "a.exe", "a.PDF"];

  it("gives the verdict the bytes in memory give, however the stream is cut into chunks (property)", async () => {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...samples), fc.constantFrom(...names), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 }), fc.uint8Array({ maxLength: 64 }),
      async ([, make], name, cuts, extra) => {
        const base = make();
        // Bytes appended after a signature stay of that type (or stop being text): both readings must agree.
        const bytes = base.byteLength && extra.byteLength ? new Uint8Array([...base, ...extra]) : base;
        const chunks: Uint8Array[] = [];
        for (let at = 0, i = 0; at < bytes.byteLength; i++) {
          const size = cuts[i % cuts.length]!;
          chunks.push(bytes.subarray(at, at + size));
          at += size;
        }
        const stored = await detectStoredFileType(async () => Readable.from(chunks, { objectMode: false }), bytes.byteLength, name);
        expect(stored).toEqual(await detectFileType(bytes, name));
      }), { numRuns: 300 });
  });

  it("stores a file under the canonical extension its name declares, or not at all", () => {
    expect(canonicalExtension("photo.JPEG")).toBe("jpg");
    expect(canonicalExtension("budget.xlsx")).toBe("xlsx");
    expect(canonicalExtension("tool.exe")).toBeNull();
    expect(canonicalExtension("no extension")).toBeNull();
  });
});

describe("file names", () => {
  it("keeps only the base name, without control characters, at most 150 characters", () => {
    expect(cleanFileName("C:\\Users\\me\\plan.pdf")).toBe("plan.pdf");
    expect(cleanFileName("../../etc/passwd")).toBe("passwd");
    expect(cleanFileName("bad\u0000\nname.pdf")).toBe("badname.pdf");
    expect(cleanFileName("")).toBe("file");
    const long = cleanFileName(`${"a".repeat(300)}.pdf`);
    expect(long).toHaveLength(150);
    expect(long.endsWith(".pdf")).toBe(true);
  });

  it("drops bidi controls and other invisible format characters, which make a name show as another", () => {
    expect(cleanFileName("photo\u202Egpj.pdf")).toBe("photogpj.pdf"); // shown as "photofdp.jpg"
    for (const c of ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F",
      "\u061C", "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD", "\u2028", "\u2029", "\u0085", "\u009B", "\u{E0041}"]) {
      expect(cleanFileName(`plan${c}.pdf`), JSON.stringify(c)).toBe("plan.pdf");
    }
    expect(cleanFileName("\u202E\u2066")).toBe("file");
    // Letters of every script stay.
    expect(cleanFileName("تقرير خطة.pdf")).toBe("تقرير خطة.pdf");
    expect(cleanFileName("Café 計画.pdf")).toBe("Café 計画.pdf");
  });

  it("never keeps a control, separator or format character, whatever the name (property)", () => {
    const invisible = fc.constantFrom("\u202A", "\u202E", "\u2066", "\u2069", "\u200E", "\u200F", "\u061C", "\u200B", "\uFEFF", "\u00AD", "\u2028", "\u0000", "\u001F", "\u007F", "\u0085", "\u{E0001}");
    const name = fc.string({ unit: fc.oneof(invisible, fc.constantFrom("a", "z", ".", " ", "/", "\\", "é", "計"), fc.string({ unit: "grapheme", maxLength: 1 })), maxLength: 40 });
    fc.assert(fc.property(name, (n) => {
      const clean = cleanFileName(n);
      expect(clean).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
      expect(clean).not.toMatch(/[/\\]/);
      expect(clean.length).toBeGreaterThan(0);
      expect(clean.length).toBeLessThanOrEqual(150);
      expect(cleanFileName(clean)).toBe(clean);
    }), { numRuns: 2000 });
  });

  it("downloads under an ASCII name with the exact name in RFC 5987 form", () => {
    expect(contentDisposition("Plan.pdf")).toBe(`attachment; filename="Plan.pdf"; filename*=UTF-8''Plan.pdf`);
    expect(contentDisposition('Café "final".pdf')).toBe(`attachment; filename="Caf_ _final_.pdf"; filename*=UTF-8''Caf%C3%A9%20%22final%22.pdf`);
  });
});
