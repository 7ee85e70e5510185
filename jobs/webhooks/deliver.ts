// Delivering the webhook outbox (decision 039). Each batch of due deliveries is claimed with FOR UPDATE
// SKIP LOCKED and, in that same short transaction, leased: its attempt is counted and its next try pushed
// past the time a request can take. So two workers never send one delivery at once, and no transaction
// stays open across a slow receiver. The outcome is written only if the lease is still this attempt's.
// Delivery is at least once: a worker that dies after the receiver answered but before the outcome is
// written sends again when the lease runs out, with the same Webhook-Id, which is how receivers de-duplicate.
//
// Each request: POST of the JSON body with the Standard Webhooks headers, a fresh timestamp and signature
// per attempt; 10 s in all; redirects are not followed (a 3xx is a failure); 2xx is delivered. Before
// connecting, the host is resolved and every address it has is checked against the target rule, and the
// connection is made to the address that was checked (the socket's lookup answers it), so a name that
// resolves, or is re-pointed, to an internal address is refused rather than reached (DNS rebinding). A
// refused target fails at once: it is a configuration to fix, not a fault to retry.
import { lookup as dnsLookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import { decryptWebhookSecret, retryDelayMs, webhookHeaders } from "../../app/server/webhooks/signing.server";
import { checkTargetUrl, literalAddress, refusedAddress, type TargetRule } from "../../app/server/webhooks/target-url.server";
import { TEST_EVENT } from "../../app/lib/webhook-events";

export interface WebhookDeliveryOptions {
  rule: TargetRule;
  /** TOTP_ENCRYPTION_KEY, from which the secrets' key is derived. */
  encryptionKey: string;
  batchSize?: number;
  timeoutMs?: number;
  /** How long a claimed delivery is left alone before another worker may try it (longer than a request). */
  leaseSeconds?: number;
  /** Requests sent at once within a batch. */
  concurrency?: number;
  /** Name resolution (tests give their own); every address is checked. */
  resolve?: (host: string) => Promise<string[]>;
}

export interface WebhookDeliveryResult {
  delivered: number;
  retrying: number;
  failed: number;
}

export type SendOutcome =
  | { kind: "answered"; status: number }
  | { kind: "error"; error: string }
  | { kind: "refused"; error: string };

const USER_AGENT = "CivicInnovationChallenge-Webhooks/1";

async function systemResolve(host: string): Promise<string[]> {
  return (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);
}

/** POSTs the body to the URL as the rule allows, connecting only to an address that was checked. */
export async function sendWebhook(
  target: string, headers: Record<string, string>, body: string,
  options: { rule: TargetRule; timeoutMs?: number; resolve?: (host: string) => Promise<string[]> },
): Promise<SendOutcome> {
  const checked = checkTargetUrl(target, options.rule);
  if (!checked.ok) return { kind: "refused", error: checked.reason };
  const url = checked.url;
  let address = literalAddress(url);
  if (!address) {
    let addresses: string[];
    try {
      addresses = await (options.resolve ?? systemResolve)(url.hostname);
    } catch (error) {
      return { kind: "error", error: `Could not find ${url.hostname}: ${(error as { code?: string }).code ?? String(error)}` };
    }
    if (addresses.length === 0) return { kind: "error", error: `Could not find ${url.hostname}` };
    for (const a of addresses) {
      const refused = refusedAddress(a, options.rule);
      if (refused) return { kind: "refused", error: `${url.hostname} resolves to ${a}, which ${refused}` };
    }
    address = addresses[0]!;
  }
  const family = address.includes(":") ? 6 : 4;
  const pinned: LookupFunction = (_host, opts, callback) => {
    if (opts.all) (callback as unknown as (e: null, list: { address: string; family: number }[]) => void)(null, [{ address: address!, family }]);
    else callback(null, address!, family);
  };
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise<SendOutcome>((resolve) => {
    const client = url.protocol === "https:" ? https : http;
    const req = client.request(url, {
      method: "POST",
      agent: false, // a connection of its own: never one pooled to another address
      lookup: pinned,
      headers: { ...headers, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), "User-Agent": USER_AGENT },
    }, (res) => {
      clearTimeout(timer);
      resolve({ kind: "answered", status: res.statusCode ?? 0 });
      res.destroy(); // the answer's body is not read
    });
    const timer = setTimeout(() => req.destroy(new Error(`No answer within ${timeoutMs / 1000} s`)), timeoutMs);
    req.on("error", (error) => {
      clearTimeout(timer);
      resolve({ kind: "error", error: error.message || String(error) });
    });
    req.end(body);
  });
}

/** Sends every due delivery, batch by batch, and records each outcome. */
export async function deliverDueWebhooks(db: DB, options: WebhookDeliveryOptions): Promise<WebhookDeliveryResult> {
  const batchSize = options.batchSize ?? 20;
  const leaseSeconds = options.leaseSeconds ?? 120;
  const concurrency = options.concurrency ?? 4;
  const total: WebhookDeliveryResult = { delivered: 0, retrying: 0, failed: 0 };
  for (;;) {
    const claimed = await claimDue(db, batchSize, leaseSeconds);
    const queue = [...claimed];
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        const outcome = await attempt(d, options);
        total[await record(db, d, outcome)]++;
      }
    }));
    if (claimed.length < batchSize) return total;
  }
}

type Claimed = Awaited<ReturnType<typeof claimDue>>[number];

async function claimDue(db: DB, batchSize: number, leaseSeconds: number) {
  return db.transaction().execute(async (tx) => {
    const due = await tx.selectFrom("webhook_deliveries")
      .innerJoin("webhook_endpoints", "webhook_endpoints.id", "webhook_deliveries.endpoint_id")
      .select("webhook_deliveries.id")
      .where("webhook_deliveries.status", "=", "pending")
      .where("webhook_deliveries.next_attempt_at", "<=", sql<Date>`now()`)
      // A turned-off endpoint's deliveries wait for it; a test event is how it is checked, so it goes anyway.
      .where((eb) => eb.or([eb("webhook_endpoints.enabled", "=", true), eb("webhook_deliveries.event", "=", TEST_EVENT)]))
      .orderBy("webhook_deliveries.next_attempt_at").orderBy("webhook_deliveries.id")
      .limit(batchSize).forUpdate("webhook_deliveries").skipLocked().execute();
    if (due.length === 0) return [];
    const leased = await tx.updateTable("webhook_deliveries")
      .set((eb) => ({
        attempts: eb("attempts", "+", 1),
        last_attempt_at: sql`now()`,
        next_attempt_at: sql`now() + make_interval(secs => ${leaseSeconds})`,
      }))
      .where("id", "in", due.map((d) => d.id))
      .returning(["id", "endpoint_id", "event_id", "payload", "attempts"]).execute();
    const endpoints = await tx.selectFrom("webhook_endpoints").select(["id", "url", "secret_encrypted"])
      .where("id", "in", [...new Set(leased.map((d) => d.endpoint_id))]).execute();
    const byId = new Map(endpoints.map((e) => [e.id, e]));
    return leased.map((d) => ({ ...d, url: byId.get(d.endpoint_id)!.url, secret: byId.get(d.endpoint_id)!.secret_encrypted }));
  });
}

async function attempt(d: Claimed, options: WebhookDeliveryOptions): Promise<SendOutcome> {
  let secret: string;
  try {
    secret = decryptWebhookSecret(d.secret, options.encryptionKey);
  } catch {
    return { kind: "refused", error: "The endpoint's secret cannot be read (the encryption key has changed): register the endpoint again" };
  }
  const body = JSON.stringify(d.payload);
  const headers = webhookHeaders(secret, d.event_id, Math.floor(Date.now() / 1000), body);
  return sendWebhook(d.url, headers, body, { rule: options.rule, timeoutMs: options.timeoutMs, resolve: options.resolve });
}

/** Writes the attempt's outcome, if its lease is still this attempt's; says which total it adds to. */
async function record(db: DB, d: Claimed, outcome: SendOutcome): Promise<keyof WebhookDeliveryResult> {
  const code = outcome.kind === "answered" ? outcome.status : null;
  const ok = outcome.kind === "answered" && outcome.status >= 200 && outcome.status < 300;
  const error = ok ? null : (outcome.kind === "answered" ? `The endpoint answered ${outcome.status}` : outcome.error).slice(0, 1000);
  const delay = ok || outcome.kind === "refused" ? null : retryDelayMs(d.attempts);
  const status = ok ? "delivered" as const : delay === null ? "failed" as const : "pending" as const;
  await db.updateTable("webhook_deliveries")
    .set({
      status,
      last_status_code: code,
      last_error: error,
      ...(ok ? { delivered_at: sql<Date>`now()` } : {}),
      ...(status === "pending" ? { next_attempt_at: sql<Date>`now() + make_interval(secs => ${delay! / 1000})` } : {}),
    })
    .where("id", "=", d.id).where("attempts", "=", d.attempts).where("status", "=", "pending").execute();
  return ok ? "delivered" : status === "failed" ? "failed" : "retrying";
}
