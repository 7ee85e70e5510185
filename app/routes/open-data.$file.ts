// Open-data files: /open-data/challenges.csv, …/pilots.json, …/programme.json (see /open-data for the list).
// Public, cacheable for five minutes; anything else is a 404. kpis.csv's body is a stream (output.server.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { CACHE_SECONDS } from "~/server/open-data/datasets.server";
import { openDataFile } from "~/server/open-data/output.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const file = await openDataFile(request, params.file);
  if (!file) {
    return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const headers: Record<string, string> = {
    "Content-Type": file.contentType,
    "Cache-Control": `public, max-age=${CACHE_SECONDS}`,
    "Access-Control-Allow-Origin": "*",
  };
  if (file.contentType.startsWith("text/csv")) headers["Content-Disposition"] = `attachment; filename="${file.filename}"`;
  return new Response(file.body, { headers });
}
