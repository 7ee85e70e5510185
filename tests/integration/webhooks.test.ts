// Webhooks (decision 039), against real PostgreSQL and a real HTTP receiver on 127.0.0.1: the page (register
// with the secret shown once, turn off and on, delete, test event; each audited), signatures checked by the
// receiver with the Standard Webhooks library, retries with back-off until a 2xx and never after, the same
// event written twice delivered once, two workers racing over one outbox, targets refused at registration and
// at delivery (private addresses, http and loopback without the flag, a name resolving to a private
// address), and the four events produced by the real commands, each to the organisations entitled to it only.
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { randomUUID as randomId } from "node:crypto";
import { sql } from "kysely";
import { Webhook } from "standardwebhooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as page from "../../app/routes/organisations.$id_.webhooks";
import * as proposalPage from "../../app/routes/my.proposals.$id";
import { openApiDocument } from "../../app/server/api/openapi.server";
import { db } from "../../app/server/connections.server";
import { env } from "../../app/server/env.server";
import { releaseFeedback } from "../../app/server/judging/results.server";
import { publishPairing } from "../../app/server/pairing/pairings.server";
import { requirePilotRole } from "../../app/server/pilots/access.server";
import { reviewMeasurement } from "../../app/server/pilots/commands.server";
import { registerEndpoint, sendTestEvent } from "../../app/server/webhooks/endpoints.server";
import { emitWebhookEvent, eventIdFor } from "../../app/server/webhooks/events.server";
import { generateWebhookSecret, MAX_ATTEMPTS, verifyWebhook } from "../../app/server/webhooks/signing.server";
import { deliverDueWebhooks, type WebhookDeliveryOptions } from "../../jobs/webhooks/deliver";
import {
  closeChallenge, createChallenge, createKpi, createMeasurement, createMember, createPairing, createPilotTeam, createProposal, createSponsorship,
} from "../support/factories";
import { call, getRequest, postRequest } from "../support/requests";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

const ON = { allowLoopback: true };
const OFF = { allowLoopback: false };
let receiver: Receiver;

beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await receiver.close();
});

const options = (extra: Partial<WebhookDeliveryOptions> = {}): WebhookDeliveryOptions => ({ rule: ON, encryptionKey: env().TOTP_ENCRYPTION_KEY, ...extra });
const deliver = (extra: Partial<WebhookDeliveryOptions> = {}) => deliverDueWebhooks(db(), options(extra));
const request = (path: string, cookie?: string) => postRequest(path, {}, cookie);

type Member = Awaited<ReturnType<typeof createMember>>;
/** Registers an endpoint at the receiver for this administrator's organisation, with the real command. */
async function endpointFor(m: Member, events: string[], url = receiver.url()) {
  const r = await registerEndpoint(request(`/organisations/${m.orgId}/webhooks`, m.cookie), m.orgId, m.user.id, { url, events }, ON);
  if (!r.ok) throw new Error(`not registered: ${JSON.stringify(r)}`);
  return r;
}
// Every body is checked against what /api/openapi.json says that event's endpoints receive (its `webhooks`).
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(openApiDocument() as object, "openapi");
function documentedErrors(event: string, body: unknown) {
  const schema = `openapi#/webhooks/${event}/post/requestBody/content/application~1json/schema`;
  return ajv.validate({ $ref: schema }, body) ? [] : ajv.errors;
}

const deliveriesOf = (endpointId: string) => db().selectFrom("webhook_deliveries").selectAll().where("endpoint_id", "=", endpointId).orderBy("created_at").execute();
/** Makes every waiting delivery due now, as if its back-off had passed. */
const timePasses = () => db().updateTable("webhook_deliveries").set({ next_attempt_at: sql`now()` }).where("status", "=", "pending").execute();

function checkSignature(secret: string, r: Receiver["received"][number]) {
  const headers = { id: String(r.headers["webhook-id"]), timestamp: String(r.headers["webhook-timestamp"]), signature: String(r.headers["webhook-signature"]) };
  expect(verifyWebhook(secret, headers, r.body, Math.floor(Date.now() / 1000))).toBe(true);
  // And by the Standard Webhooks library, an implementation that is not ours.
  expect(() => new Webhook(secret).verify(r.body, { "webhook-id": headers.id, "webhook-timestamp": headers.timestamp, "webhook-signature": headers.signature })).not.toThrow();
  expect(Math.abs(Number(headers.timestamp) - Date.now() / 1000)).toBeLessThan(10);
  expect(verifyWebhook(generateWebhookSecret(), headers, r.body, Math.floor(Date.now() / 1000))).toBe(false);
}

describe("the webhooks page", () => {
  it("registers an endpoint showing its secret once, stores it encrypted, and audits each change without it", async () => {
    const admin = await createMember("public_body");
    const path = `/organisations/${admin.orgId}/webhooks`;
    const made = await call(page.action, postRequest(path, { intent: "register", url: receiver.url(), events: ["proposal.submitted", "results.released"] }, admin.cookie), { id: admin.orgId });
    expect(made.status).toBe(200);
    expect(made.headers.get("cache-control")).toBe("no-store");
    const secret = (made.body as { created: { secret: string } }).created.secret;
    expect(secret).toMatch(/^whsec_/);

    const row = await db().selectFrom("webhook_endpoints").selectAll().where("org_id", "=", admin.orgId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ url: receiver.url(), events: ["proposal.submitted", "results.released"], enabled: true, created_by: admin.user.id });
    expect(row.secret_encrypted.includes(Buffer.from(secret.slice(6)))).toBe(false);
    expect(row.secret_encrypted.toString("latin1")).not.toContain(secret.slice(6, 20));
    const listed = await call(page.loader, getRequest(path, admin.cookie), { id: admin.orgId });
    expect(listed.status).toBe(200);
    expect(listed.text).toContain(receiver.url());
    expect(listed.text).not.toContain(secret.slice(6));

    for (const intent of ["disable", "enable", "test", "delete"]) {
      const res = await call(page.action, postRequest(path, { intent, endpointId: row.id }, admin.cookie), { id: admin.orgId });
      expect(res.status, intent).toBe(302);
    }
    const events = await db().selectFrom("audit_events").select(["action", "detail", "actor_user_id"]).where("action", "like", "organisation.webhook%").where("subject_id", "=", admin.orgId).orderBy("id").execute();
    expect(events.map((e) => e.action)).toEqual([
      "organisation.webhook_registered", "organisation.webhook_disabled", "organisation.webhook_enabled", "organisation.webhook_tested", "organisation.webhook_deleted",
    ]);
    expect(events[0]!.detail).toEqual({ endpointId: row.id, host: `127.0.0.1:${receiver.port}`, events: "proposal.submitted results.released" });
    expect(JSON.stringify(await db().selectFrom("audit_events").select("detail").execute())).not.toContain(secret.slice(6));
    // Deleted with its deliveries.
    expect(await db().selectFrom("webhook_endpoints").select("id").where("org_id", "=", admin.orgId).execute()).toEqual([]);
    expect(await deliveriesOf(row.id)).toEqual([]);
  });

  it.each([
    [{ url: "https://10.1.2.3/hook", events: "proposal.submitted" }, "url", "private address"],
    [{ url: "https://169.254.169.254/latest/meta-data", events: "proposal.submitted" }, "url", "link-local address"],
    [{ url: "ftp://example.org/hook", events: "proposal.submitted" }, "url", "must start with https://"],
    [{ url: "https://user:pass@example.org/", events: "proposal.submitted" }, "url", "user name or password"],
    [{ url: "", events: "proposal.submitted" }, "url", "Enter the address"],
    [{ url: "https://example.org/hook" }, "events", "Select at least one event"],
    [{ url: "https://example.org/hook", events: "everything" }, "events", "Choose from the events listed"],
  ])("refuses %j with a message next to the field, registering nothing", async (form, field, message) => {
    const admin = await createMember("startup");
    const res = await call(page.action, postRequest(`/organisations/${admin.orgId}/webhooks`, { intent: "register", ...form }, admin.cookie), { id: admin.orgId });
    expect(res.status).toBe(400);
    const fields = (res.body as { errors: { fields: Record<string, string> } }).errors.fields;
    expect(fields[field]).toContain(message);
    expect(await db().selectFrom("webhook_endpoints").select("id").where("org_id", "=", admin.orgId).execute()).toEqual([]);
  });
});

describe("delivery", () => {
  it("POSTs the JSON with a signature the receiver checks, and records it delivered", async () => {
    const admin = await createMember("startup");
    const { id, secret } = await endpointFor(admin, ["proposal.submitted"]);
    const test = await sendTestEvent(request("/x", admin.cookie), admin.orgId, admin.user.id, id);
    expect(test.ok).toBe(true);
    expect(await deliver()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0]!;
    checkSignature(secret, got);
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.headers["webhook-id"]).toBe((test as { eventId: string }).eventId);
    expect(JSON.parse(got.body)).toMatchObject({ type: "webhook.test", id: got.headers["webhook-id"], data: { endpoint: { id } } });
    expect(documentedErrors("webhook.test", JSON.parse(got.body)), "the body as the OpenAPI document has it").toEqual([]);
    const [row] = await deliveriesOf(id);
    expect(row).toMatchObject({ status: "delivered", attempts: 1, last_status_code: 200, last_error: null });
    expect(row!.delivered_at).not.toBeNull();
    expect(await deliver()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(receiver.received).toHaveLength(1);
  });

  it("retries a failing receiver with back-off until it answers 2xx, with the same id and a fresh signature, then never again", async () => {
    const admin = await createMember("startup");
    const { id, secret } = await endpointFor(admin, ["proposal.submitted"]);
    receiver.answer = (n) => (n < 3 ? 503 : 204);
    await sendTestEvent(request("/x", admin.cookie), admin.orgId, admin.user.id, id);
    expect(await deliver()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    const [first] = await deliveriesOf(id);
    expect(first).toMatchObject({ status: "pending", attempts: 1, last_status_code: 503, last_error: "The endpoint answered 503" });
    const wait = (first!.next_attempt_at.getTime() - first!.last_attempt_at!.getTime()) / 1000;
    expect(wait).toBeGreaterThanOrEqual(27);
    expect(wait).toBeLessThanOrEqual(33);
    // Not due yet: nothing is sent.
    expect(await deliver()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    let previous = wait;
    for (let attempt = 2; attempt <= 3; attempt++) {
      await timePasses();
      expect(await deliver()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
      const [row] = await deliveriesOf(id);
      const next = (row!.next_attempt_at.getTime() - row!.last_attempt_at!.getTime()) / 1000;
      expect(next).toBeGreaterThan(previous);
      previous = next;
    }
    await timePasses();
    expect(await deliver()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    await timePasses();
    expect(await deliver()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(receiver.received).toHaveLength(4);
    expect(new Set(receiver.received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    for (const r of receiver.received) checkSignature(secret, r);
    expect(await deliveriesOf(id)).toEqual([expect.objectContaining({ status: "delivered", attempts: 4, last_status_code: 204 })]);
  });

  it("marks a delivery failed after the last attempt; a redirect is a failure and is not followed", async () => {
    const admin = await createMember("startup");
    const { id } = await endpointFor(admin, ["proposal.submitted"]);
    receiver.answer = (n) => (n === 0 ? 302 : 500);
    await sendTestEvent(request("/x", admin.cookie), admin.orgId, admin.user.id, id);
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      await timePasses();
      expect(await deliver()).toEqual(i < MAX_ATTEMPTS ? { delivered: 0, retrying: 1, failed: 0 } : { delivered: 0, retrying: 0, failed: 1 });
    }
    await timePasses();
    expect(await deliver()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(receiver.received.map((r) => r.path)).toEqual(Array(MAX_ATTEMPTS).fill("/hook"));
    expect(await deliveriesOf(id)).toEqual([expect.objectContaining({ status: "failed", attempts: MAX_ATTEMPTS, last_status_code: 500 })]);
  });

  it("gives up on a receiver that does not answer in time, and tries again later", async () => {
    const admin = await createMember("startup");
    const { id } = await endpointFor(admin, ["proposal.submitted"]);
    receiver.answer = () => "hang";
    await sendTestEvent(request("/x", admin.cookie), admin.orgId, admin.user.id, id);
    expect(await deliver({ timeoutMs: 300 })).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    expect(await deliveriesOf(id)).toEqual([expect.objectContaining({ status: "pending", attempts: 1, last_status_code: null, last_error: "No answer within 0.3 s" })]);
  });

  it("writes an event enqueued twice once per endpoint, and delivers it once", async () => {
    const admin = await createMember("startup");
    const { id } = await endpointFor(admin, ["proposal.submitted"]);
    const emit = () => db().transaction().execute((tx) => emitWebhookEvent(tx, "proposal.submitted", "proposal.submitted:twice", [{ orgId: admin.orgId, data: { n: 1 } }]));
    expect(await emit()).toBe(1);
    expect(await emit()).toBe(0);
    await Promise.all([emit(), emit()]);
    expect(await deliver()).toMatchObject({ delivered: 1 });
    expect(await emit()).toBe(0); // delivered already: still not again
    expect(await deliver()).toMatchObject({ delivered: 0 });
    expect(receiver.received).toHaveLength(1);
    expect(await deliveriesOf(id)).toHaveLength(1);
  });

  it("writes nothing when the change that causes the event rolls back (the outbox commits with the change)", async () => {
    const admin = await createMember("startup");
    const { id } = await endpointFor(admin, ["proposal.submitted"]);
    const failed = db().transaction().execute(async (tx) => {
      await emitWebhookEvent(tx, "proposal.submitted", "proposal.submitted:rolled-back", [{ orgId: admin.orgId, data: {} }]);
      throw new Error("the change failed");
    });
    await expect(failed).rejects.toThrow("the change failed");
    expect(await deliveriesOf(id)).toEqual([]);
  });

  it("sends each of many deliveries once when two workers race over the outbox", async () => {
    await receiver.close();
    receiver = await startReceiver(20);
    const admin = await createMember("startup");
    const { id } = await endpointFor(admin, ["proposal.submitted"]);
    receiver.answer = (n) => (n % 5 === 0 ? 500 : 200); // some fail and are retried
    for (let i = 0; i < 30; i++) await sendTestEvent(request("/x", admin.cookie), admin.orgId, admin.user.id, id);
    for (let round = 0; round < 4; round++) {
      await Promise.all([deliver({ batchSize: 4 }), deliver({ batchSize: 4 }), deliver({ batchSize: 7, concurrency: 2 })]);
      await timePasses();
    }
    const rows = await deliveriesOf(id);
    expect(rows.every((r) => r.status === "delivered")).toBe(true);
    const ok = receiver.received.filter((_, n) => n % 5 !== 0).map((r) => r.headers["webhook-id"]);
    expect(ok).toHaveLength(30);
    expect(new Set(ok).size).toBe(30);
    // Every attempt was counted by exactly one worker: attempts recorded = requests received.
    expect(rows.reduce((s, r) => s + r.attempts, 0)).toBe(receiver.received.length);
  });

  it("does not send to a turned-off endpoint (a test event apart), and sends what waited once it is on again", async () => {
    const admin = await createMember("startup");
    const { id } = await endpointFor(admin, ["proposal.submitted"]);
    await db().transaction().execute((tx) => emitWebhookEvent(tx, "proposal.submitted", "proposal.submitted:waiting", [{ orgId: admin.orgId, data: {} }]));
    await db().updateTable("webhook_endpoints").set({ enabled: false }).where("id", "=", id).execute();
    await db().transaction().execute((tx) => emitWebhookEvent(tx, "proposal.submitted", "proposal.submitted:while-off", [{ orgId: admin.orgId, data: {} }]));
    expect(await deliver()).toMatchObject({ delivered: 0 });
    const test = await sendTestEvent(request("/x", admin.cookie), admin.orgId, admin.user.id, id);
    expect(await deliver()).toMatchObject({ delivered: 1 });
    await db().updateTable("webhook_endpoints").set({ enabled: true }).where("id", "=", id).execute();
    expect(await deliver()).toMatchObject({ delivered: 1 });
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([(test as { eventId: string }).eventId, eventIdFor("proposal.submitted:waiting", admin.orgId)]);
  });
});

describe("targets refused", () => {
  it("at registration without the loopback flag: http, loopback in any spelling, localhost, private addresses", async () => {
    const admin = await createMember("startup");
    for (const url of [receiver.url(), `https://127.0.0.1:${receiver.port}/`, "https://2130706433/", "https://0x7f.0.0.1/", "https://[::1]/", "https://[::ffff:127.0.0.1]/",
      "https://localhost/", "https://192.168.0.10/", "https://[fd00::1]/", "https://[fe80::1]/", "gopher://example.org/"]) {
      const r = await registerEndpoint(request("/x", admin.cookie), admin.orgId, admin.user.id, { url, events: ["proposal.submitted"] }, OFF);
      expect(r, url).toMatchObject({ ok: false, reason: "bad-url" });
    }
    expect(await db().selectFrom("webhook_endpoints").select("id").where("org_id", "=", admin.orgId).execute()).toEqual([]);
  });

  it("at delivery without the loopback flag, though registered with it: nothing reaches the receiver", async () => {
    const admin = await createMember("startup");
    const { id } = await endpointFor(admin, ["proposal.submitted"]);
    await sendTestEvent(request("/x", admin.cookie), admin.orgId, admin.user.id, id);
    expect(await deliver({ rule: OFF })).toEqual({ delivered: 0, retrying: 0, failed: 1 });
    expect(receiver.received).toEqual([]);
    expect(await deliveriesOf(id)).toEqual([expect.objectContaining({ status: "failed", attempts: 1, last_error: "The address must start with https://" })]);
  });

  it("at delivery when the name resolves to a private address (DNS rebinding), and connects only to the address it checked", async () => {
    const admin = await createMember("startup");
    // A name the system cannot resolve: reaching the receiver proves the connection went to the checked address.
    const { id } = await endpointFor(admin, ["proposal.submitted"], `http://hooks.rebind.test:${receiver.port}/hook`);
    await sendTestEvent(request("/x", admin.cookie), admin.orgId, admin.user.id, id);
    expect(await deliver({ resolve: async () => ["93.184.216.34", "10.0.0.7"] })).toEqual({ delivered: 0, retrying: 0, failed: 1 });
    expect(receiver.received).toEqual([]);
    expect((await deliveriesOf(id))[0]!.last_error).toBe("hooks.rebind.test resolves to 10.0.0.7, which is a private address");

    await sendTestEvent(request("/x", admin.cookie), admin.orgId, admin.user.id, id);
    expect(await deliver({ resolve: async () => ["127.0.0.1"] })).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.headers.host).toBe(`hooks.rebind.test:${receiver.port}`);
  });
});

describe("the bodies in the OpenAPI document", () => {
  it("are closed: a body with a field the document does not list, or of another event, is not one", () => {
    const body = {
      id: `evt_${"a".repeat(32)}`, type: "measurement.verified", timestamp: "2026-12-03T10:00:00.000Z",
      data: { pilot: { id: randomId(), title: "P" }, kpi: { id: randomId(), name: "K", unit: "u" }, measurement: { id: randomId(), measuredOn: "2026-02-01", value: 3 } },
    };
    expect(documentedErrors("measurement.verified", body)).toEqual([]);
    expect(documentedErrors("measurement.verified", { ...body, data: { ...body.data, reporter: { email: "someone@example.org" } } })).not.toEqual([]);
    expect(documentedErrors("pairing.published", body)).not.toEqual([]);
    expect(documentedErrors("measurement.verified", { ...body, id: "evt_readable-proposal-id" })).not.toEqual([]);
  });
});

describe("events from the real commands", () => {
  /** Every delivery row's payload for this endpoint. */
  const payloads = async (endpointId: string) => (await deliveriesOf(endpointId)).map((d) => {
    expect(documentedErrors(d.event, d.payload), `${d.event} as the OpenAPI document has it`).toEqual([]);
    return { event: d.event, ...(d.payload as { data: Record<string, unknown> }) };
  });
  const noPersonalData = (json: string, ...members: Member[]) => {
    for (const m of members) {
      expect(json).not.toContain(m.user.email);
      expect(json).not.toContain(m.user.name);
      expect(json).not.toContain(m.user.id);
    }
  };

  it("proposal.submitted: the applicant hears of its proposal; the owner only how many, before the deadline; no one else", async () => {
    const owner = await createMember("public_body");
    const startup = await createMember("startup");
    const stranger = await createMember("startup");
    const challenge = await createChallenge(owner.orgId, { questions: [], title: "Cleaner air" });
    const proposal = await createProposal(challenge.id, startup.orgId);
    const [own, body, other] = [await endpointFor(startup, ["proposal.submitted"]), await endpointFor(owner, ["proposal.submitted", "results.released"]), await endpointFor(stranger, ["proposal.submitted"])];
    const res = await call(proposalPage.action, postRequest(`/my/proposals/${proposal.id}`, {
      intent: "submit", title: "Sensors at school gates", summary: "A summary long enough to be submitted.",
      approach: "How we would do it, described in more than fifty characters of text.",
      expectedImpact: "What changes, for whom", team: "Who we are", requestedGbp: "1000", trl: "5",
    }, startup.cookie), { id: proposal.id });
    expect(res.status, res.text).toBe(302);
    const reference = (await db().selectFrom("proposals").select("reference").where("id", "=", proposal.id).executeTakeFirstOrThrow()).reference;
    const startupOrg = await db().selectFrom("organisations").select("name").where("id", "=", startup.orgId).executeTakeFirstOrThrow();
    expect(await payloads(own.id)).toEqual([expect.objectContaining({
      event: "proposal.submitted", type: "proposal.submitted",
      data: { challenge: { id: challenge.id, title: "Cleaner air" }, proposal: { id: proposal.id, reference }, organisation: { id: startup.orgId, name: startupOrg.name } },
    })]);
    const sealed = await payloads(body.id);
    expect(sealed).toEqual([expect.objectContaining({ data: { challenge: { id: challenge.id, title: "Cleaner air" }, submittedProposals: 1 } })]);
    const sealedJson = JSON.stringify(await deliveriesOf(body.id));
    expect(sealedJson).not.toContain(proposal.id);
    expect(sealedJson).not.toContain(startupOrg.name);
    expect(sealedJson).not.toContain("Sensors at school gates");
    expect(await deliveriesOf(other.id)).toEqual([]);
    noPersonalData(JSON.stringify(await db().selectFrom("webhook_deliveries").select("payload").execute()), owner, startup);
    // Delivered to both, signed with each endpoint's own secret.
    expect(await deliver()).toMatchObject({ delivered: 2 });
    expect(receiver.received).toHaveLength(2);
    const secrets = [own.secret, body.secret];
    for (const r of receiver.received) expect(secrets.some((s) => verifyWebhook(s, { id: String(r.headers["webhook-id"]), timestamp: String(r.headers["webhook-timestamp"]), signature: String(r.headers["webhook-signature"]) }, r.body, Math.floor(Date.now() / 1000)))).toBe(true);
  });

  it("results.released: the owner and each ranked applicant, once however often it is released; not an endpoint that did not subscribe", async () => {
    const owner = await createMember("public_body");
    const startup = await createMember("startup");
    const challenge = await createChallenge(owner.orgId);
    const proposal = await createProposal(challenge.id, startup.orgId, { status: "submitted" });
    await closeChallenge(challenge.id);
    await db().updateTable("challenges").set({ status: "judging" }).where("id", "=", challenge.id).execute();
    const run = await db().insertInto("job_runs").values({ kind: "score-proposals", challenge_id: challenge.id, status: "completed" }).returning("id").executeTakeFirstOrThrow();
    await db().insertInto("proposal_scores").values({
      challenge_id: challenge.id, proposal_id: proposal.id, run_id: run.id, raw: 4, calibrated: 4, uncertainty: 0.5, review_count: 1,
      disagreement: false, passes_thresholds: true, criterion_means: sql`'{}'::jsonb`, rank: 1,
    }).execute();
    const [ownerHook, startupHook, notSubscribed] = [await endpointFor(owner, ["results.released"]), await endpointFor(startup, ["results.released"]), await endpointFor(startup, ["pairing.published"])];
    const ref = { challengeId: challenge.id, orgId: owner.orgId };
    await releaseFeedback(request(`/my/challenges/${challenge.id}/results`, owner.cookie), ref);
    await releaseFeedback(request(`/my/challenges/${challenge.id}/results`, owner.cookie), ref);
    expect(await payloads(ownerHook.id)).toEqual([expect.objectContaining({ event: "results.released", data: { challenge: { id: challenge.id, title: expect.any(String) }, rankedProposals: 1 } })]);
    expect(await payloads(startupHook.id)).toEqual([expect.objectContaining({ data: { challenge: expect.objectContaining({ id: challenge.id }), proposal: { id: proposal.id, reference: expect.anything() } } })]);
    expect(await deliveriesOf(notSubscribed.id)).toEqual([]);
  });

  it("pairing.published: the owner, the start-up and the sponsor of the pair; not another start-up", async () => {
    const owner = await createMember("public_body");
    const startup = await createMember("startup");
    const corp = await createMember("corporate");
    const bystander = await createMember("startup");
    const challenge = await createChallenge(owner.orgId);
    const proposal = await createProposal(challenge.id, startup.orgId, { status: "submitted" });
    await createProposal(challenge.id, bystander.orgId, { status: "submitted" });
    const sponsorship = await createSponsorship({ challenge_id: challenge.id, org_id: corp.orgId });
    const pairing = await createPairing({ challenge_id: challenge.id, proposal_id: proposal.id, sponsorship_id: sponsorship.id, status: "proposed" });
    const hooks = [await endpointFor(owner, ["pairing.published"]), await endpointFor(startup, ["pairing.published"]), await endpointFor(corp, ["pairing.published"])];
    const other = await endpointFor(bystander, ["pairing.published"]);
    await publishPairing(request(`/my/challenges/${challenge.id}/pairing`, owner.cookie), { challengeId: challenge.id, orgId: owner.orgId });
    await publishPairing(request(`/my/challenges/${challenge.id}/pairing`, owner.cookie), { challengeId: challenge.id, orgId: owner.orgId });
    for (const h of hooks) {
      expect(await payloads(h.id)).toEqual([expect.objectContaining({
        event: "pairing.published",
        data: expect.objectContaining({ pairing: { id: pairing.id }, proposal: expect.objectContaining({ id: proposal.id }), sponsorship: expect.objectContaining({ id: sponsorship.id }) }),
      })]);
    }
    expect(await deliveriesOf(other.id)).toEqual([]);
    noPersonalData(JSON.stringify(await db().selectFrom("webhook_deliveries").select("payload").execute()), owner, startup, corp);
  });

  it("measurement.verified: the pilot's three organisations, on verifying only (not on a query)", async () => {
    const t = await createPilotTeam();
    const kpi = await createKpi({ pilot_id: t.pilotId });
    const verified = await createMeasurement({ kpi_id: kpi.id, measured_on: "2026-02-01", value: 30 });
    const queried = await createMeasurement({ kpi_id: kpi.id, measured_on: "2026-03-01", value: 25 });
    const stranger = await createMember("public_body");
    const hooks = [await endpointFor(t.body, ["measurement.verified"]), await endpointFor(t.startup, ["measurement.verified"]), await endpointFor(t.corp, ["measurement.verified"])];
    const other = await endpointFor(stranger, ["measurement.verified"]);
    const as = async () => requirePilotRole(request(`/pilots/${t.pilotId}`, t.body.cookie), t.pilotId);
    await reviewMeasurement(await as(), { measurementId: verified.id, decision: "verify", queryNote: "" });
    await reviewMeasurement(await as(), { measurementId: queried.id, decision: "query", queryNote: "Which month is this?" });
    for (const h of hooks) {
      expect(await payloads(h.id)).toEqual([expect.objectContaining({
        event: "measurement.verified",
        data: { pilot: { id: t.pilotId, title: expect.any(String) }, kpi: { id: kpi.id, name: "Complaints", unit: "a month" }, measurement: { id: verified.id, measuredOn: "2026-02-01", value: 30 } },
      })]);
    }
    expect(await deliveriesOf(other.id)).toEqual([]);
  });
});
