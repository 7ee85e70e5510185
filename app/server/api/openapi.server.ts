// /api/openapi.json (decision 038): an OpenAPI 3.1 document of the public API and the organisation API,
// its schemas generated from the zod schemas the answers are typed by (schemas.server.ts), so the two
// cannot drift apart without the tests saying so (tests/integration/openapi.test.ts checks every real answer).
import type { OpenAPIObject, OperationObject, ParameterObject, PathItemObject, ResponsesObject, SchemaObject } from "openapi3-ts/oas31";
import { z } from "zod";
import { PUBLIC_CHALLENGE_STATUSES } from "../challenges/search.server";
import { PILOT_STATUSES } from "../open-data/datasets.server";
import { apiSchemas, WEBHOOK_BODIES } from "./schemas.server";
import { SCOPE_MEANING } from "./tokens.server";

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: string, description: string) => ({ description, content: { "application/json": { schema: ref(id) } } });

const paging: ParameterObject[] = [
  { name: "page", in: "query", schema: { type: "integer", minimum: 1, maximum: 100000, default: 1 } },
  { name: "pageSize", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 20 } },
];
const filters = (statuses: readonly string[], withQ: boolean): ParameterObject[] => [
  { name: "theme", in: "query", description: "A theme's slug; may be repeated (any of them)", schema: { type: "string" } },
  { name: "area", in: "query", description: "An area's slug", schema: { type: "string" } },
  { name: "status", in: "query", schema: { type: "string", enum: [...statuses] } },
  ...(withQ ? [{ name: "q", in: "query" as const, description: "Words to search for", schema: { type: "string" as const } }] : []),
];

const badRequest = json("Error", "A query parameter is not valid");

function publicGet(summary: string, page: string, parameters: ParameterObject[]): OperationObject {
  return { summary, tags: ["Public"], security: [], parameters, responses: { 200: json(page, "One page"), 400: badRequest } };
}

const orgResponses = (page: string): ResponsesObject => ({
  200: json(page, "One page of the token's organisation's data"),
  400: badRequest,
  401: { ...json("Error", "No token, or one that is malformed, unknown or revoked"), headers: { "WWW-Authenticate": { schema: { type: "string" } } } },
  403: { ...json("Error", "The token's scope does not allow this"), headers: { "WWW-Authenticate": { schema: { type: "string" } } } },
  429: { ...json("Error", "The token has made too many requests this minute"), headers: { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } } },
});

function orgGet(summary: string, description: string, page: string): OperationObject {
  return { summary, description, tags: ["Organisation"], security: [{ organisationToken: ["read"] }], parameters: paging, responses: orgResponses(page) };
}

/** The named schemas as JSON Schema 2020-12 (OpenAPI 3.1's dialect), referring to one another by $ref. */
function componentSchemas(): Record<string, SchemaObject> {
  const { schemas } = z.toJSONSchema(apiSchemas, { target: "draft-2020-12", io: "output", uri: (id) => `#/components/schemas/${id}` });
  // Each comes with its own $schema and $id, which inside components would only confuse a resolver.
  return Object.fromEntries(Object.entries(schemas).map(([name, { $schema: _s, $id: _i, ...schema }]) => [name, schema as SchemaObject]));
}

/** What an organisation's endpoint receives (decision 039): a signed POST, answered 2xx when taken. */
function webhookOperation(event: string, schema: string): PathItemObject {
  const header = (name: string, description: string): ParameterObject => ({ name, in: "header", required: true, description, schema: { type: "string" } });
  return {
    post: {
      summary: `${event} (to the endpoints its organisation's administrators registered at /organisations/{id}/webhooks)`,
      tags: ["Webhooks"],
      parameters: [
        header("Webhook-Id", "The event's id; the same on every retry: de-duplicate on it"),
        header("Webhook-Timestamp", "Seconds since 1970 when this attempt was signed"),
        header("Webhook-Signature", "v1,<base64 of HMAC-SHA256 over \"id.timestamp.body\" keyed with the endpoint's secret> (Standard Webhooks)"),
      ],
      requestBody: { required: true, content: { "application/json": { schema: ref(schema) } } },
      responses: { "2XX": { description: "Taken: not sent again" }, default: { description: "Not taken: tried again later, less and less often, for about 15 hours" } },
    },
  };
}

let cached: OpenAPIObject | undefined;

export function openApiDocument(): OpenAPIObject {
  cached ??= buildDocument();
  return cached;
}

function buildDocument(): OpenAPIObject {
  return {
    openapi: "3.1.0",
    info: {
      title: "Civic Innovation Challenge API",
      version: "1.0.0",
      description: "Public, no personal data: published challenges and approved pilots (Open Government Licence v3.0). "
        + "For an organisation: its own challenges, proposals, released scores and pilots, with a token its administrators make at /organisations/{id}/api-tokens.",
      license: { name: "Open Government Licence v3.0", url: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/" },
    },
    servers: [{ url: "/" }],
    tags: [
      { name: "Public", description: "No token needed" }, { name: "Organisation", description: "An organisation's own data, with its API token" },
      { name: "Webhooks", description: "Events POSTed to an organisation's own endpoints, signed as Standard Webhooks are" },
    ],
    paths: {
      "/api/challenges": { get: publicGet("Published challenges, filtered and paginated", "PublicChallengePage", [...filters(PUBLIC_CHALLENGE_STATUSES, true), ...paging]) },
      "/api/pilots": { get: publicGet("Pilots with approved plans, with their derived status", "PublicPilotPage", [...filters(PILOT_STATUSES, false), ...paging]) },
      "/api/org/challenges": { get: orgGet("The organisation's challenges", "Drafts included; before a challenge closes, only how many proposals it has.", "OrgChallengePage") },
      "/api/org/proposals": { get: orgGet("Proposals the organisation may read", "Its own proposals, and those submitted to its challenges once each challenge has closed.", "OrgProposalPage") },
      "/api/org/scores": { get: orgGet("Released results", "For its challenges whose feedback is released: every ranked proposal. For its own proposals: their own rows only.", "OrgScorePage") },
      "/api/org/pilots": { get: orgGet("Pilots whose team includes the organisation", "Draft plans included; the status is derived from KPIs and milestones.", "OrgPilotPage") },
    },
    webhooks: Object.fromEntries(Object.entries(WEBHOOK_BODIES).map(([event, body]) => [event, webhookOperation(event, apiSchemas.get(body)!.id)])),
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        organisationToken: {
          type: "http", scheme: "bearer",
          description: `An organisation API token (cic_…), shown once when an administrator makes it. Scopes — read: ${SCOPE_MEANING.read}. write: ${SCOPE_MEANING.write}.`,
        },
      },
    },
  };
}
