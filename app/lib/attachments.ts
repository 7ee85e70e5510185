// Attachments: limits and labels shared by the server and the pages.
import { own } from "./own";
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_PROPOSAL = 5;
export const MAX_ATTACHMENTS_PER_MILESTONE = 5;
/** Above this an upload request is refused outright (413) rather than read, discarded and answered on the page. */
export const MAX_UPLOAD_REQUEST_BYTES = 64 * 1024 * 1024;
/** Set by server.ts (replacing anything a client sent) when an upload's body was too large to keep. */
export const UPLOAD_TOO_LARGE_HEADER = "x-civic-upload-too-large";

/** For the file input's `accept`: a hint to the browser only; the server checks the bytes. */
export const ATTACHMENT_ACCEPT = ".pdf,.png,.jpg,.jpeg,.gif,.webp,.xlsx,.ods,.csv";

export const ATTACHMENT_HINT = "PDF, image (PNG, JPEG, GIF or WebP) or spreadsheet (XLSX, ODS or CSV), up to 10 MB";

const TYPE_LABELS: Record<string, string> = {
  "application/pdf": "PDF",
  "image/png": "PNG image",
  "image/jpeg": "JPEG image",
  "image/gif": "GIF image",
  "image/webp": "WebP image",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel spreadsheet",
  "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument spreadsheet",
  "text/csv": "CSV spreadsheet",
};

export function attachmentTypeLabel(mediaType: string): string {
  return own(TYPE_LABELS, mediaType) ?? "File";
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${Math.max(1, Math.round(n / 1024))} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** An attachment as a page lists it: `name` is neutral ("Attachment 1.pdf") where the viewer must not see the original. */
export interface AttachmentItem {
  id: string;
  name: string;
  mediaType: string;
  sizeBytes: number;
  createdAt: string;
  /** Milestone evidence: whether the viewer's organisation uploaded it (and so may delete it). */
  canDelete?: boolean;
}
