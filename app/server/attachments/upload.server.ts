// Reading and checking an upload, before any attachment row is written: a multipart form read with a
// streaming limit, the file part streamed straight into storage (never whole in memory: the storage driver
// holds a chunk, or one S3 part), then checked for presence, size and its real type, which comes from the
// stored bytes read back as a stream (file-types.server.ts), not from its name. A stored file that is
// refused, or that no row comes to name, is removed again (discardUpload), and the orphan sweep removes
// any a crash leaves behind.
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { Readable } from "node:stream";
import { MAX_ATTACHMENT_BYTES, MAX_UPLOAD_REQUEST_BYTES, UPLOAD_TOO_LARGE_HEADER } from "../../lib/attachments";
import { badRequest } from "../http.server";
import { canonicalExtension, cleanFileName, detectStoredFileType, FILE_TYPE_MESSAGE } from "./file-types.server";
import { RuleError } from "../rule-error.server";
import { storage, StoredFileTooLarge, type ByteSource, type StoredFile } from "./storage.server";

export const SELECT_FILE_MESSAGE = "Select a file";
export const TOO_BIG_MESSAGE = "The selected file must be smaller than 10 MB";

/**
 * The file of an upload as received: its cleaned name and, when its name is of a type we take, the stored
 * bytes. `kept` turns true once a committed row names the stored file; until then it is ours to remove.
 */
export interface ReceivedFile {
  name: string;
  stored: StoredFile | null;
  kept: boolean;
}

/** A multipart upload form as read: its text fields and at most one file. */
export interface UploadForm {
  fields: Record<string, string>;
  file: ReceivedFile | null;
  /** The file (or the whole request) was over the limit; its bytes were not kept. */
  tooBig: boolean;
}

const MAX_TEXT_PART = 16 * 1024;
const MAX_PARTS = 20;

/**
 * Stores a file's bytes as they arrive, at most MAX_ATTACHMENT_BYTES of them: "too big" when there were
 * more (nothing kept). A name that is not of a type we take stores nothing: checkUpload refuses it.
 */
export async function receiveFile(filename: string, body: ByteSource): Promise<ReceivedFile | "too big"> {
  const name = cleanFileName(filename);
  const ext = canonicalExtension(name);
  if (!ext) return { name, stored: null, kept: false };
  try {
    return { name, stored: await storage().put(body, { ext, maxBytes: MAX_ATTACHMENT_BYTES }), kept: false };
  } catch (error) {
    if (error instanceof StoredFileTooLarge) return "too big";
    throw error;
  }
}

/**
 * Reads a multipart upload form: text fields, and the first file part named `file`, streamed into storage.
 * A file over the limit is read to its end and dropped (so the form's other fields still arrive) and
 * reported as tooBig, never a 500. The caller must call discardUpload when done (in a finally).
 */
export async function readUploadForm(request: Request): Promise<UploadForm> {
  if (request.headers.get(UPLOAD_TOO_LARGE_HEADER) === "1") return { fields: {}, file: null, tooBig: true };
  const form: UploadForm = { fields: {}, file: null, tooBig: false };
  let parts = 0;
  let total = 0;
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (++parts > MAX_PARTS) throw new UploadRefused("Too many parts");
    // Pulled by hand, so that what a refused file leaves unread can still be drained below.
    const chunks = data[Symbol.asyncIterator]();
    let size = 0;
    async function* counted(): AsyncGenerator<Uint8Array> {
      for (;;) {
        const next = await chunks.next();
        if (next.done) return;
        size += next.value.byteLength;
        total += next.value.byteLength;
        if (total > MAX_UPLOAD_REQUEST_BYTES) throw new UploadRefused("The request is too large");
        yield next.value;
      }
    }
    const drain = async () => {
      for await (const chunk of counted()) void chunk;
    };
    if (typeof filename !== "string") {
      const text: Uint8Array[] = [];
      for await (const chunk of counted()) {
        if (size > MAX_TEXT_PART) throw new UploadRefused("A form field is too long");
        text.push(chunk);
      }
      form.fields[name] = Buffer.concat(text).toString("utf8");
      return undefined;
    }
    // An empty file input is sent as a part with no name and no bytes; later files are not kept.
    if (name !== "file" || form.file !== null || form.tooBig || filename === "") {
      await drain();
      return undefined;
    }
    const received = await receiveFile(filename, counted());
    if (received === "too big") {
      await drain();
      form.tooBig = true;
      return undefined;
    }
    form.file = received;
    if (!received.stored) {
      await drain();
      if (size > MAX_ATTACHMENT_BYTES) form.tooBig = true;
    }
    return undefined;
  };
  try {
    await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    await discardUpload(form);
    if (error instanceof UploadRefused && error.message === "The request is too large") throw new Response("Request too large", { status: 413 });
    badRequest("The form data could not be read");
  }
  return form;
}

/** Removes the upload's stored file unless a committed row names it; safe to call more than once. */
export async function discardUpload(form: UploadForm | null): Promise<void> {
  const file = form?.file;
  if (!file?.stored || file.kept) return;
  await storage().remove(file.stored.storageName);
}

class UploadRefused extends Error {}

export function isMultipart(request: Request): boolean {
  return /^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "");
}

export interface CheckedFile {
  name: string;
  storageName: string;
  size: number;
  sha256: string;
  mediaType: string;
  ext: string;
  /** The upload it came from: marked kept once a row names the file. */
  received: ReceivedFile;
}

/**
 * The uploaded file checked for presence, size and real type; RuleError with the message otherwise (and a
 * refused file is removed at once).
 */
export async function checkUpload(form: UploadForm): Promise<CheckedFile> {
  if (form.tooBig) throw new RuleError(TOO_BIG_MESSAGE);
  const file = form.file;
  if (!file) throw new RuleError(SELECT_FILE_MESSAGE);
  if (!file.stored) throw new RuleError(FILE_TYPE_MESSAGE);
  const { storageName, size, sha256 } = file.stored;
  const open = async () => {
    const opened = await storage().open(storageName);
    if (!opened) throw new Error(`stored upload ${storageName} is missing`);
    return Readable.fromWeb(opened.body as import("node:stream/web").ReadableStream<Uint8Array>);
  };
  const detected = await detectStoredFileType(open, size, file.name);
  if (!detected.ok) {
    await discardUpload(form);
    throw new RuleError(detected.message);
  }
  return { name: file.name, storageName, size, sha256, mediaType: detected.mediaType, ext: detected.ext, received: file };
}

/** A file already in memory (the demo's), received and checked as an upload is. */
export async function checkFileBytes(name: string, bytes: Uint8Array): Promise<CheckedFile> {
  const received = await receiveFile(name, [bytes]);
  return checkUpload(received === "too big" ? { fields: {}, file: null, tooBig: true } : { fields: {}, file: received, tooBig: false });
}
