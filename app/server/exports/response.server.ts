// The answer for an export: the file as a download, never cached (it holds personal data).
import { contentDisposition } from "../attachments/attachments.server";
import type { ExportFile } from "./table-file.server";

export function exportResponse(file: ExportFile): Response {
  return new Response(file.body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": contentDisposition(file.filename),
      "Content-Length": String(file.body.byteLength),
      "Cache-Control": "private, no-store",
    },
  });
}

/** A file name's readable part from a title: letters and digits of any script, joined by hyphens. */
export function fileSlug(title: string): string {
  const slug = title.normalize("NFC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "");
  return slug || "export";
}
