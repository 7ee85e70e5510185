// GET /api/openapi.json — the OpenAPI 3.1 document of the public and organisation APIs (decision 038).
import { apiHeaders } from "~/server/open-data/output.server";
import { openApiDocument } from "~/server/api/openapi.server";

export function loader() {
  return new Response(JSON.stringify(openApiDocument()), { headers: apiHeaders() });
}
