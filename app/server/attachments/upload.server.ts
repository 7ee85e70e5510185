// Reading and checking an upload, before any attachment is stored: a multipart form read with a streaming
// limit (a file over the limit is dropped, never kept in memory whole), and the file checked for presence,
// size and its real type, which comes from the bytes (file-types.server.ts), not from its name.
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { MAX_ATTACHMENT_BYTES, MAX_UPLOAD_REQUEST_BYTES, UPLOAD_TOO_LARGE_HEADER } from "../../lib/attachments";
import { badRequest } from "../http.server";
import { cleanFileName, detectFileType } from "./file-types.server";
import { RuleError } from "../rule-error.server";

export const SELECT_FILE_MESSAGE = "Select a file";
export const TOO_BIG_MESSAGE = "The selected file must be smaller than 10 MB";

/** A multipart upload form as read: its text fields and at most one file. */
export interface UploadForm {
  fields: Record<string, string>;
  file: { name: string; bytes: Uint8Array } | null;
  /** The file (or the whole request) was over the limit; its bytes were not kept. */
  tooBig: boolean;
}

const MAX_TEXT_PART = 16 * 1024;
const MAX_PARTS = 20;

/**
 * Reads a multipart upload form: text fields, and the first file part named `file`, keeping at most
 * MAX_ATTACHMENT_BYTES of it. A bigger file is read to its end and dropped (so the form's other fields
 * still arrive) and reported as tooBig, never a 500.
 */
export async function readUploadForm(request: Request): Promise<UploadForm> {
  if (request.headers.get(UPLOAD_TOO_LARGE_HEADER) === "1") return { fields: {}, file: null, tooBig: true };
  const fields: Record<string, string> = {};
  const state: { file: UploadForm["file"]; tooBig: boolean } = { file: null, tooBig: false };
  let parts = 0;
  let total = 0;
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (++parts > MAX_PARTS) throw new UploadRefused("Too many parts");
    const chunks: Uint8Array[] = [];
    let size = 0;
    const keep = typeof filename === "string" ? name === "file" && state.file === null : true;
    const limit = typeof filename === "string" ? MAX_ATTACHMENT_BYTES : MAX_TEXT_PART;
    let over = false;
    for await (const chunk of data) {
      size += chunk.byteLength;
      total += chunk.byteLength;
      if (total > MAX_UPLOAD_REQUEST_BYTES) throw new UploadRefused("The request is too large");
      if (!keep || over) continue;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        continue;
      }
      chunks.push(chunk);
    }
    if (typeof filename !== "string") {
      if (over) throw new UploadRefused("A form field is too long");
      fields[name] = Buffer.concat(chunks).toString("utf8");
      return undefined;
    }
    if (!keep) return undefined;
    if (over) {
      state.tooBig = true;
      state.file = { name: cleanFileName(filename), bytes: new Uint8Array() };
      return undefined;
    }
    // An empty file input is sent as a part with no name and no bytes.
    state.file = filename === "" && size === 0 ? null : { name: cleanFileName(filename), bytes: new Uint8Array(Buffer.concat(chunks)) };
    return undefined;
  };
  try {
    await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (error instanceof UploadRefused && error.message === "The request is too large") throw new Response("Request too large", { status: 413 });
    badRequest("The form data could not be read");
  }
  return { fields, file: state.file, tooBig: state.tooBig };
}

class UploadRefused extends Error {}

export function isMultipart(request: Request): boolean {
  return /^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "");
}

export interface CheckedFile {
  name: string;
  bytes: Uint8Array;
  mediaType: string;
  ext: string;
}

/** The uploaded file checked for presence, size and real type; RuleError with the message otherwise. */
export async function checkUpload(form: UploadForm): Promise<CheckedFile> {
  if (form.tooBig) throw new RuleError(TOO_BIG_MESSAGE);
  if (!form.file) throw new RuleError(SELECT_FILE_MESSAGE);
  const detected = await detectFileType(form.file.bytes, form.file.name);
  if (!detected.ok) throw new RuleError(detected.message);
  return { name: form.file.name, bytes: form.file.bytes, mediaType: detected.mediaType, ext: detected.ext };
}
