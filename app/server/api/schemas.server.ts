// The API's answers as zod schemas (decision 038): the OpenAPI document is generated from these
// (openapi.server.ts), the queries that shape each answer are typed by them, and the tests check every real
// answer against the document. Each object is closed (no property beyond those listed), so a field added to a
// query without the document fails the test rather than leaking.
import { z } from "zod";
import { UUID } from "../../lib/ids";
import { PUBLIC_CHALLENGE_STATUSES } from "../challenges/search.server";
import { PILOT_STATUSES } from "../open-data/datasets.server";

/** The document's named schemas: each becomes components.schemas[id], and a $ref where another uses it. */
export const apiSchemas = z.registry<{ id: string; description?: string }>();

// Our one UUID pattern (app/lib/ids.ts): zod's own uuid check is stricter than the ids PostgreSQL accepts.
const id = z.string().regex(UUID);
const when = z.iso.datetime({ offset: false });
const day = z.iso.date();
const challengeStatus = z.enum(["draft", "upcoming", "open", "closed", "judging", "shortlisted", "paired", "piloting", "completed", "cancelled"]);
const pilotStatus = z.enum(PILOT_STATUSES as [string, ...string[]]).describe("Derived from the pilot's KPIs and milestones, never typed in");
const fundingKind = z.enum(["budget", "prize"]);

export const ApiError = z.object({ error: z.string() }).register(apiSchemas, { id: "Error", description: "What was wrong, in words" });

export const PublicChallenge = z.object({
  id, title: z.string(), summary: z.string(), theme: z.string(), areas: z.array(z.string()),
  status: z.enum(PUBLIC_CHALLENGE_STATUSES as [string, ...string[]]),
  funding_kind: fundingKind, funding_gbp: z.int(), pilot_weeks: z.int(), opens_at: when, closes_at: when, owner_organisation: z.string(),
}).register(apiSchemas, { id: "PublicChallenge", description: "A published challenge, as /open-data/challenges.json has it" });

export const PublicPilot = z.object({
  id, title: z.string(), challenge_id: id, theme: z.string(), areas: z.array(z.string()),
  public_body: z.string(), startup: z.string(), sponsor_organisation: z.string(),
  starts_on: day.nullable(), ends_on: day.nullable(), budget_gbp: z.int().nullable(), status: pilotStatus,
}).register(apiSchemas, { id: "PublicPilot", description: "A pilot with an approved plan" });

export const OrgChallenge = z.object({
  id, title: z.string(), summary: z.string(), theme: z.string(), status: challengeStatus,
  funding_kind: fundingKind, funding_gbp: z.int(), opens_at: when, closes_at: when,
  submitted_proposals: z.int().describe("Submitted proposals (drafts and withdrawn ones not counted): before the deadline, all the owner may know"),
}).register(apiSchemas, { id: "OrgChallenge", description: "One of the organisation's own challenges, drafts included" });

export const PROPOSAL_RELATIONS = ["own", "to_own_challenge"] as const;
export const OrgProposal = z.object({
  id, reference: z.string().nullable(), title: z.string(),
  status: z.enum(["draft", "submitted", "withdrawn", "under_review", "shortlisted", "not_shortlisted", "paired", "piloting"]),
  challenge_id: id, challenge_title: z.string(), applicant_organisation: z.string(), submitted_at: when.nullable(),
  relation: z.enum(PROPOSAL_RELATIONS).describe("own: the organisation's own proposal; to_own_challenge: submitted to one of its challenges (only once that challenge has closed)"),
}).register(apiSchemas, { id: "OrgProposal", description: "A proposal the organisation may read in the service" });

export const OrgScore = z.object({
  challenge_id: id, proposal_id: id, proposal_title: z.string(), applicant_organisation: z.string(),
  rank: z.int().min(1), ranked: z.int().min(1).describe("How many proposals of the challenge were ranked"),
  basis: z.enum(["calibrated", "consensus"]), score: z.number(), raw: z.number(), calibrated: z.number(), passes_thresholds: z.boolean(),
  relation: z.enum(PROPOSAL_RELATIONS),
}).register(apiSchemas, { id: "OrgScore", description: "A released result: of a proposal to one of the organisation's challenges, or of its own proposal" });

export const OrgPilot = z.object({
  id, title: z.string(), challenge_id: id, challenge_title: z.string(),
  stage: z.enum(["draft", "approved", "running", "completed"]), status: pilotStatus,
  starts_on: day.nullable(), ends_on: day.nullable(),
  public_body: z.string(), startup: z.string(), sponsor_organisation: z.string(),
  role: z.enum(["public_body", "startup", "corporate"]).describe("The organisation's place in the pilot's team"),
}).register(apiSchemas, { id: "OrgPilot", description: "A pilot whose team includes the organisation, draft plans included" });

function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z.object({
    data: z.array(item), page: z.int().min(1), pageSize: z.int().min(1).max(100), total: z.int().min(0), pageCount: z.int().min(1),
  }).register(apiSchemas, { id: name });
}

export const PublicChallengePage = pageOf(PublicChallenge, "PublicChallengePage");
export const PublicPilotPage = pageOf(PublicPilot, "PublicPilotPage");
export const OrgChallengePage = pageOf(OrgChallenge, "OrgChallengePage");
export const OrgProposalPage = pageOf(OrgProposal, "OrgProposalPage");
export const OrgScorePage = pageOf(OrgScore, "OrgScorePage");
export const OrgPilotPage = pageOf(OrgPilot, "OrgPilotPage");

// Webhooks (decision 039): the JSON body each endpoint receives, per event, as the document's `webhooks` has it.
// An event's data depends on who is told: the variants are alternatives (oneOf), each closed.
const named = z.object({ id, title: z.string() });
const eventId = z.string().regex(/^evt_[0-9a-f]{32}$/).describe("Opaque, the organisation's own, the same for the same event each time: the Webhook-Id header");

function webhookBody<T extends z.ZodType>(type: string, data: T, name: string, description: string) {
  return z.object({ id: eventId, type: z.literal(type), timestamp: when, data }).register(apiSchemas, { id: name, description });
}

export const WEBHOOK_BODIES = {
  "proposal.submitted": webhookBody("proposal.submitted", z.union([
    z.object({ challenge: named, proposal: z.object({ id, reference: z.string().nullable() }), organisation: z.object({ id, name: z.string() }) })
      .describe("To the applicant: its own proposal"),
    z.object({ challenge: named, submittedProposals: z.int().min(0) }).describe("To the challenge's owner: how many, never which or whose (proposals are sealed until the deadline)"),
  ]), "WebhookProposalSubmitted", "A proposal was submitted (not an expression of interest)"),
  "results.released": webhookBody("results.released", z.union([
    z.object({ challenge: named, rankedProposals: z.int().min(0) }).describe("To the challenge's owner"),
    z.object({ challenge: named, proposal: z.object({ id, reference: z.string().nullable() }) }).describe("To each ranked applicant: its own proposal"),
  ]), "WebhookResultsReleased", "A challenge's results were released; read the scores with a token from /api/org/scores"),
  "pairing.published": webhookBody("pairing.published", z.object({
    pairing: z.object({ id }), challenge: named,
    proposal: z.object({ id, reference: z.string().nullable(), organisation: z.string() }),
    sponsorship: z.object({ id, organisation: z.string() }),
  }), "WebhookPairingPublished", "A start-up and a sponsor were published as a team: to the challenge's owner, the start-up and the sponsor"),
  "measurement.verified": webhookBody("measurement.verified", z.object({
    pilot: named, kpi: z.object({ id, name: z.string(), unit: z.string() }), measurement: z.object({ id, measuredOn: day, value: z.number() }),
  }), "WebhookMeasurementVerified", "A pilot's measurement was verified by its public body: to the pilot's three organisations"),
  "webhook.test": webhookBody("webhook.test", z.object({ endpoint: z.object({ id }), message: z.string() }),
    "WebhookTest", "Sent by \"Send a test event\" on the webhooks page, to one endpoint"),
} as const;

export type OrgChallengeRow = z.input<typeof OrgChallenge>;
export type OrgProposalRow = z.input<typeof OrgProposal>;
export type OrgScoreRow = z.input<typeof OrgScore>;
export type OrgPilotRow = z.input<typeof OrgPilot>;
