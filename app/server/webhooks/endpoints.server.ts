// An organisation's webhook endpoints (decision 039): registered, disabled, enabled and deleted by its
// administrators only, each change audited in its transaction (the API tokens' pattern, decision 038).
// The signing secret is in the registration's result and nowhere else that anyone reads: it is stored
// encrypted for the worker, never listed, logged or audited.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { z } from "zod";
import type { DB } from "../../../db/client";
import { adminCheck, type AdminRefusal } from "../organisations/admin-only.server";
import { TEST_EVENT, WEBHOOK_EVENTS } from "../../lib/webhook-events";
import { audit } from "../audit.server";
import { db } from "../connections.server";
import { env } from "../env.server";
import { idField } from "../ids.server";
import { envelope, eventIdFor } from "./events.server";
import { encryptWebhookSecret, generateWebhookSecret } from "./signing.server";
import { checkTargetUrl, type TargetRule } from "./target-url.server";

/** The target rule in force: WEBHOOKS_ALLOW_LOOPBACK, for tests and development only. */
export function targetRuleFromEnv(): TargetRule {
  return { allowLoopback: env().WEBHOOKS_ALLOW_LOOPBACK === "true" };
}

/** An organisation may keep this many endpoints. */
export const MAX_ENDPOINTS = 10;

const eventList = z.preprocess(
  (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.string()).min(1, "Select at least one event")
    // On the list, not on one item, so the message sits by the checkboxes.
    .refine((list) => list.every((e) => (WEBHOOK_EVENTS as readonly string[]).includes(e)), "Choose from the events listed"),
);

export const registerEndpointSchema = z.object({
  intent: z.literal("register"),
  url: z.string({ error: "Enter the address to send events to" }).trim().min(1, "Enter the address to send events to").max(2000, "The address must be 2000 characters or fewer"),
  events: eventList,
});
const endpointIdSchema = (intent: "disable" | "enable" | "delete" | "test") => z.object({ intent: z.literal(intent), endpointId: idField("Choose an endpoint") });

export const webhookActionSchema = z.discriminatedUnion("intent", [
  registerEndpointSchema, endpointIdSchema("disable"), endpointIdSchema("enable"), endpointIdSchema("delete"), endpointIdSchema("test"),
], { error: "Choose what to do" });

type Refused = AdminRefusal;
export type RegisterResult = Refused | { ok: false; reason: "bad-url"; message: string } | { ok: false; reason: "too-many" } | { ok: true; id: string; secret: string };


/** Registers an endpoint; the secret is in the result and is never shown again. */
export function registerEndpoint(
  request: Request, orgId: string, userId: string, input: { url: string; events: readonly string[] }, rule: TargetRule = targetRuleFromEnv(),
) {
  return db().transaction().execute(async (tx): Promise<RegisterResult> => {
    const refused = await adminCheck(tx, orgId, userId);
    if (refused) return refused;
    const checked = checkTargetUrl(input.url, rule);
    if (!checked.ok) return { ok: false, reason: "bad-url", message: checked.reason };
    const { n } = await tx.selectFrom("webhook_endpoints").select(sql<string>`count(*)`.as("n")).where("org_id", "=", orgId).executeTakeFirstOrThrow();
    if (Number(n) >= MAX_ENDPOINTS) return { ok: false, reason: "too-many" };
    const secret = generateWebhookSecret();
    const events = WEBHOOK_EVENTS.filter((e) => input.events.includes(e));
    const { id } = await tx.insertInto("webhook_endpoints")
      .values({ org_id: orgId, url: checked.url.href, events, secret_encrypted: encryptWebhookSecret(secret, env().TOTP_ENCRYPTION_KEY), created_by: userId })
      .returning("id").executeTakeFirstOrThrow();
    // The host only: a path or query string may hold a receiver's own token. The secret is never recorded.
    await audit(tx, request, { action: "organisation.webhook_registered", subject: { type: "organisation", id: orgId, orgId }, detail: { endpointId: id, host: checked.url.host, events: events.join(" ") } });
    return { ok: true, id, secret };
  });
}

async function lockEndpoint(tx: DB, orgId: string, endpointId: string) {
  return tx.selectFrom("webhook_endpoints").select(["id", "enabled", "url"]).where("id", "=", endpointId).where("org_id", "=", orgId).forUpdate().executeTakeFirst();
}

/** Turns an endpoint off or on; no change, no audit. Deliveries waiting while it is off wait (they are not sent or lost). */
export function setEndpointEnabled(request: Request, orgId: string, userId: string, endpointId: string, enabled: boolean) {
  return db().transaction().execute(async (tx): Promise<Refused | { ok: true; changed: boolean }> => {
    const refused = await adminCheck(tx, orgId, userId);
    if (refused) return refused;
    const endpoint = await lockEndpoint(tx, orgId, endpointId);
    if (!endpoint) return { ok: false, reason: "not-found" };
    if (endpoint.enabled === enabled) return { ok: true, changed: false };
    await tx.updateTable("webhook_endpoints").set({ enabled, updated_at: sql`now()` }).where("id", "=", endpointId).execute();
    await audit(tx, request, { action: enabled ? "organisation.webhook_enabled" : "organisation.webhook_disabled", subject: { type: "organisation", id: orgId, orgId }, detail: { endpointId } });
    return { ok: true, changed: true };
  });
}

/** Deletes an endpoint and its delivery history. */
export function deleteEndpoint(request: Request, orgId: string, userId: string, endpointId: string) {
  return db().transaction().execute(async (tx): Promise<Refused | { ok: true }> => {
    const refused = await adminCheck(tx, orgId, userId);
    if (refused) return refused;
    const endpoint = await lockEndpoint(tx, orgId, endpointId);
    if (!endpoint) return { ok: false, reason: "not-found" };
    await tx.deleteFrom("webhook_endpoints").where("id", "=", endpointId).execute();
    await audit(tx, request, { action: "organisation.webhook_deleted", subject: { type: "organisation", id: orgId, orgId }, detail: { endpointId, host: new URL(endpoint.url).host } });
    return { ok: true };
  });
}

/** Queues a test event for one endpoint (enabled or not: it is how an administrator checks it before turning it on). */
export function sendTestEvent(request: Request, orgId: string, userId: string, endpointId: string) {
  return db().transaction().execute(async (tx): Promise<Refused | { ok: true; eventId: string }> => {
    const refused = await adminCheck(tx, orgId, userId);
    if (refused) return refused;
    const endpoint = await lockEndpoint(tx, orgId, endpointId);
    if (!endpoint) return { ok: false, reason: "not-found" };
    // As opaque as every other event's id (the document says evt_ and 32 hex); each test is a new event.
    const eventId = eventIdFor(`${TEST_EVENT}:${randomUUID()}`, orgId);
    const payload = envelope(TEST_EVENT, eventId, { endpoint: { id: endpointId }, message: "A test event from the Civic Innovation Challenge" }, new Date());
    await tx.insertInto("webhook_deliveries").values({ endpoint_id: endpointId, event: TEST_EVENT, event_id: eventId, payload: sql`cast(${JSON.stringify(payload)}::text as jsonb)` }).execute();
    await audit(tx, request, { action: "organisation.webhook_tested", subject: { type: "organisation", id: orgId, orgId }, detail: { endpointId } });
    return { ok: true, eventId };
  });
}

/** The organisation's endpoints for its administrators' page: never the secret. */
export function listEndpoints(orgId: string) {
  return db().selectFrom("webhook_endpoints")
    .leftJoin("users as creator", "creator.id", "webhook_endpoints.created_by")
    .select(["webhook_endpoints.id", "webhook_endpoints.url", "webhook_endpoints.events", "webhook_endpoints.enabled", "webhook_endpoints.created_at",
      "creator.name as created_by_name"])
    .where("webhook_endpoints.org_id", "=", orgId)
    .orderBy("webhook_endpoints.created_at", "desc").orderBy("webhook_endpoints.id")
    .execute();
}

/** The newest deliveries to the organisation's endpoints, with their outcome (not their payloads). */
export function listRecentDeliveries(orgId: string, limit = 50) {
  return db().selectFrom("webhook_deliveries")
    .innerJoin("webhook_endpoints", "webhook_endpoints.id", "webhook_deliveries.endpoint_id")
    .select(["webhook_deliveries.id", "webhook_deliveries.event", "webhook_deliveries.event_id", "webhook_deliveries.status", "webhook_deliveries.attempts",
      "webhook_deliveries.next_attempt_at", "webhook_deliveries.last_attempt_at", "webhook_deliveries.last_status_code", "webhook_deliveries.last_error",
      "webhook_deliveries.created_at", "webhook_deliveries.delivered_at", "webhook_endpoints.url"])
    .where("webhook_endpoints.org_id", "=", orgId)
    .orderBy("webhook_deliveries.created_at", "desc").orderBy("webhook_deliveries.id")
    .limit(limit).execute();
}
