// Downloading an attachment: only to those who may see its proposal (or its pilot's milestones), as a
// download under its name (a neutral one for blind reviewers), never shown inline. Everyone else: 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { contentDisposition, downloadAttachment } from "~/server/attachments/attachments.server";
import { requireActor } from "~/server/auth.server";
import { notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const attachment = await downloadAttachment(request, actor, requireId(params.id));
  if (!attachment) notFound();
  if (attachment === "missing") notFound("The file is missing");
  return new Response(attachment.body, {
    status: 200,
    headers: {
      "Content-Type": attachment.mediaType,
      "Content-Length": String(attachment.size),
      "Content-Disposition": contentDisposition(attachment.filename),
      // X-Content-Type-Options: nosniff and the Content-Security-Policy come from helmet (server.ts), as on every response.
      "Cache-Control": "private, no-store",
    },
  });
}
