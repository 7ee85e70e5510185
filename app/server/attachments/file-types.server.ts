// What an uploaded file really is, from its bytes (the `file-type` package reads the magic numbers and,
// for zip-based formats, the entries), never from the name or the browser's Content-Type. The name's
// extension must agree with what the bytes are, so a program renamed to `report.pdf` is refused.
// CSV has no signature: it is accepted only when named `.csv` and the bytes are UTF-8 text with no NUL.
import { fileTypeFromBuffer } from "file-type";

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

export async function detectFileType(bytes: Uint8Array, originalName: string): Promise<Detected> {
  if (bytes.byteLength === 0) return { ok: false, message: EMPTY_FILE_MESSAGE };
  const declared = extensionOf(originalName);
  const found = await fileTypeFromBuffer(bytes);
  if (found) {
    const extensions = ALLOWED_TYPES[found.mime];
    if (!extensions || !extensions.includes(declared)) return { ok: false, message: FILE_TYPE_MESSAGE };
    return { ok: true, mediaType: found.mime, ext: extensions[0]! };
  }
  if (declared === "csv" && isPlainUtf8Text(bytes)) return { ok: true, mediaType: "text/csv", ext: "csv" };
  return { ok: false, message: FILE_TYPE_MESSAGE };
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
