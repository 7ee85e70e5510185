// What an uploaded file really is, from its bytes (the `file-type` package reads the magic numbers and,
// for zip-based formats, the entries), never from the name or the browser's Content-Type. The name's
// extension must agree with what the bytes are, so a program renamed to `report.pdf` is refused.
// CSV has no signature: it is accepted only when named `.csv` and the bytes are UTF-8 text with no NUL.
import type { Readable } from "node:stream";
// The Node entry (named, so that TypeScript reads its types too) takes a Node stream and destroys it when done.
import { fileTypeFromBuffer, fileTypeFromStream } from "file-type/node";

export const FILE_TYPE_MESSAGE = "The selected file must be a PDF, image (PNG, JPEG, GIF or WebP) or spreadsheet (XLSX, ODS or CSV)";
export const EMPTY_FILE_MESSAGE = "The selected file is empty";

/** Allowed media types and the extensions a file of that type may be named with (the first is canonical). */
export const ALLOWED_TYPES: Record<string, readonly string[]> = {
  "application/pdf": ["pdf"],
  "image/png": ["png"],
  "image/jpeg": ["jpg", "jpeg"],
  "image/gif": ["gif"],
  "image/webp": ["webp"],
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ["xlsx"],
  "application/vnd.oasis.opendocument.spreadsheet": ["ods"],
  "text/csv": ["csv"],
};

export type Detected = { ok: true; mediaType: string; ext: string } | { ok: false; message: string };

export function extensionOf(name: string): string {
  const m = /\.([a-z0-9]{1,10})$/i.exec(name.trim());
  return m ? m[1]!.toLowerCase() : "";
}

function isPlainUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The same test over a stream, a chunk at a time (a character may straddle two chunks). */
async function isPlainUtf8Stream(chunks: AsyncIterable<Uint8Array>): Promise<boolean> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    for await (const chunk of chunks) {
      if (chunk.includes(0)) return false;
      decoder.decode(chunk, { stream: true });
    }
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

/** The extension we store a file under when its name says it is one of ours ("jpeg" → "jpg"), or null. */
export function canonicalExtension(name: string): string | null {
  const declared = extensionOf(name);
  const extensions = Object.values(ALLOWED_TYPES).find((list) => list.includes(declared));
  return extensions ? extensions[0]! : null;
}

/** The verdict from what the signature says (if anything), the name, and (for CSV) whether the bytes are text. */
async function verdict(found: { mime: string } | undefined, originalName: string, isText: () => Promise<boolean>): Promise<Detected> {
  const declared = extensionOf(originalName);
  if (found) {
    const extensions = ALLOWED_TYPES[found.mime];
    if (!extensions || !extensions.includes(declared)) return { ok: false, message: FILE_TYPE_MESSAGE };
    return { ok: true, mediaType: found.mime, ext: extensions[0]! };
  }
  if (declared === "csv" && (await isText())) return { ok: true, mediaType: "text/csv", ext: "csv" };
  return { ok: false, message: FILE_TYPE_MESSAGE };
}

export async function detectFileType(bytes: Uint8Array, originalName: string): Promise<Detected> {
  if (bytes.byteLength === 0) return { ok: false, message: EMPTY_FILE_MESSAGE };
  return verdict(await fileTypeFromBuffer(bytes), originalName, async () => isPlainUtf8Text(bytes));
}

/**
 * The same rules for a file already stored, read back as a stream: `file-type` reads only as far as it
 * needs, and a CSV is checked a chunk at a time, so the file is never whole in memory. `open` gives a fresh
 * stream each time it is called.
 */
export async function detectStoredFileType(open: () => Promise<Readable>, size: number, originalName: string): Promise<Detected> {
  if (size === 0) return { ok: false, message: EMPTY_FILE_MESSAGE };
  const read = async <T>(use: (stream: Readable) => Promise<T>): Promise<T> => {
    const stream = await open();
    try {
      return await use(stream);
    } finally {
      stream.destroy();
    }
  };
  const found = await read((stream) => fileTypeFromStream(stream));
  return verdict(found, originalName, () => read((stream) => isPlainUtf8Stream(stream)));
}

/**
 * Characters a name is shown without: controls (C0, DEL, C1), line and paragraph separators, and every
 * invisible format character (Unicode Cf): the bidi overrides, embeddings and isolates (U+202A–U+202E,
 * U+2066–U+2069) and marks (U+200E, U+200F, U+061C) that make "photo\u202Egpj.pdf" show as "photofdp.jpg",
 * zero-width spaces and joiners, word joiners, the BOM, soft hyphens and tag characters.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** The user's file name as we keep and show it: no path, none of those characters, at most 150 characters. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? "").split(/[/\\]/).pop()!.replace(INVISIBLE, "").trim();
  if (!base) return "file";
  if (base.length <= 150) return base;
  const ext = extensionOf(base);
  return ext ? `${base.slice(0, 149 - ext.length)}.${ext}` : base.slice(0, 150);
}
