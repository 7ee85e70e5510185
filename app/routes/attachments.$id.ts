// Downloading an attachment: only to those who may see its proposal (or its pilot's milestones), as a
// download under its name (a neutral one for blind reviewers), never shown inline. Everyone else: 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentForDownload, contentDisposition } from "~/server/attachments/attachments.server";
import { openFile } from "~/server/attachments/storage.server";
import { audit } from "~/server/audit.server";
import { requireActor } from "~/server/auth.server";
import { notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const attachment = await attachmentForDownload(actor, requireId(params.id));
  if (!attachment) notFound();
  const file = await openFile(attachment.storageName);
  if (!file) notFound("The file is missing");
  await audit(request, {
    action: "attachment.downloaded",
    subject: { type: "attachment", id: attachment.id, orgId: attachment.orgId },
    detail: attachment.proposalId ? { proposalId: attachment.proposalId } : { milestoneId: attachment.milestoneId },
  });
  return new Response(file.body, {
    status: 200,
    headers: {
      "Content-Type": attachment.mediaType,
      "Content-Length": String(file.size),
      "Content-Disposition": contentDisposition(attachment.filename),
      // X-Content-Type-Options: nosniff and the Content-Security-Policy come from helmet (server.ts), as on every response.
      "Cache-Control": "private, no-store",
    },
  });
}
