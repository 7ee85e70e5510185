// The shortlist the sponsor's page shows, as an XLSX workbook: anonymised while the challenge is blind (decision 024).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { requirePermission } from "~/server/permissions.server";
import { exportShortlist } from "~/server/exports/shortlist.server";
import { exportResponse } from "~/server/exports/response.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "offer:sponsorship");
  const file = await exportShortlist(request, actor, requireId(params.id), "xlsx");
  if (!file) notFound();
  return exportResponse(file);
}
