// The audit trail's one way in. Every event says who (user and the organisation they acted for), what
// (an action and the thing it touched, with the organisation that owns it), when (the database clock)
// and from where (client address, method and path without the query string, which may hold search
// words). Details hold ids and outcomes, never free text a user typed.
//
// A change and its event commit together: `audit(tx, request, event)` writes the event in the caller's
// transaction and throws if it cannot, so the change rolls back with it. Events that record no change of
// ours (a sign-in, a view, an export, a refusal) are written with `audit(request, event)`, which never
// breaks the user's request: if the insert fails it is logged loudly instead.
// The table is append-only in the database (see the 1900 migration).
import { sql } from "kysely";
import { pino } from "pino";
import type { DB } from "../../db/client";
import type { AuditAction } from "../lib/audit-actions";
import { auditPath, recordRefusal } from "./audit-refusals.server";
import { getActor } from "./auth.server";
import { db } from "./connections.server";
import { readSessionToken, sessionIdFromToken } from "./session.server";

import { CLIENT_IP_HEADER } from "./http.server";

export { CLIENT_IP_HEADER };

export type { AuditAction };

export interface AuditSubject {
  type: "user" | "organisation" | "challenge" | "proposal" | "review" | "sponsorship" | "pairing" | "pilot" | "attachment" | "export" | "suggestion";
  id: string;
  /** The organisation that owns the subject: whose members may see that this happened. */
  orgId?: string | null;
}

export interface AuditEvent {
  action: AuditAction;
  subject?: AuditSubject;
  detail?: Record<string, string | number | boolean | null>;
}

const logger = pino({ level: process.env.LOG_LEVEL ?? "info", base: { module: "audit" } });

export function clientIp(request: Request): string {
  return request.headers.get(CLIENT_IP_HEADER) ?? "";
}

export type AuditActor = { userId: string | null; orgId?: string | null };

/**
 * Records an event for this request. The actor is the signed-in user unless given (sign-in, where the
 * session does not exist yet; `null` for an anonymous attempt).
 *
 * With a transaction first, the event is written in it and a failure throws (the transaction then rolls
 * back, change and all). The signed-in actor is then read from this request's memo: call it after
 * requireActor, or give the actor, so it never waits for a second connection while holding the first.
 * Without one, the event is written on its own and a failure is only logged.
 */
export function audit(request: Request, event: AuditEvent, actor?: AuditActor): Promise<void>;
export function audit(tx: DB, request: Request, event: AuditEvent, actor?: AuditActor): Promise<void>;
export async function audit(...args: [Request, AuditEvent, AuditActor?] | [DB, Request, AuditEvent, AuditActor?]): Promise<void> {
  if (isExecutor(args[0])) {
    const [tx, request, event, actor] = args as [DB, Request, AuditEvent, AuditActor?];
    await insertEvent(tx, await eventFor(request, event, actor));
    return;
  }
  const [request, event, actor] = args as [Request, AuditEvent, AuditActor?];
  try {
    await insertEvent(db(), await eventFor(request, event, actor));
  } catch (err) {
    logger.error({ err, action: event.action }, "audit event not recorded");
  }
}

/** A challenge and the organisation that owns it, as requireChallengeManager found them. */
export type ManagedRef = { challengeId: string; orgId: string };

/**
 * The owner's change on one of a challenge's management pages (assignments, results, pairing), in the
 * change's transaction; the intent says which change it was.
 */
export function auditChallengeChange(
  tx: DB, request: Request, action: "judging.updated" | "challenge.updated" | "pairing.updated", c: ManagedRef, intent: string,
): Promise<void> {
  return audit(tx, request, { action, subject: { type: "challenge", id: c.challengeId, orgId: c.orgId }, detail: { intent } });
}

function isExecutor(x: unknown): x is DB {
  return typeof (x as DB | undefined)?.insertInto === "function";
}

async function eventFor(request: Request, event: AuditEvent, actor?: AuditActor): Promise<EventRow> {
  const who = actor ?? (await getActor(request).then((a) => (a ? { userId: a.user.id, orgId: a.org?.orgId ?? null } : null)));
  return {
    actorUserId: who?.userId ?? null,
    actorOrgId: who?.orgId ?? null,
    ip: clientIp(request),
    method: request.method,
    path: new URL(request.url).pathname,
    ...event,
  };
}

/**
 * Someone other than the applicant read these proposals (a judge, a sponsor, the challenge owner or the
 * programme office). One event per proposal, owned by the applicant organisation so its members see it.
 */
export async function auditProposalViews(request: Request, proposalIds: string[], viewedAs: "judge" | "sponsor" | "challenge owner" | "admin") {
  if (proposalIds.length === 0) return;
  try {
    const actor = await getActor(request);
    const url = new URL(request.url);
    await db().insertInto("audit_events")
      .columns(["actor_user_id", "actor_org_id", "action", "subject_type", "subject_id", "subject_org_id", "ip", "method", "path", "detail"])
      .expression((eb) => eb.selectFrom("proposals").select((p) => [
        sql.val(actor?.user.id ?? null).as("actor_user_id"),
        sql.val(actor?.org?.orgId ?? null).as("actor_org_id"),
        sql.lit("proposal.viewed").as("action"),
        sql.lit("proposal").as("subject_type"),
        sql`${p.ref("proposals.id")}::text`.as("subject_id"),
        p.ref("proposals.org_id").as("subject_org_id"),
        sql.val(clientIp(request)).as("ip"),
        sql.val(request.method).as("method"),
        sql.val(auditPath(url.pathname)).as("path"),
        sql`jsonb_build_object('as', ${viewedAs}::text)`.as("detail"),
      ]).where("proposals.id", "in", proposalIds))
      .execute();
  } catch (err) {
    logger.error({ err }, "proposal views not recorded in the audit trail");
  }
}

interface EventRow extends AuditEvent {
  actorUserId: string | null;
  actorOrgId: string | null;
  ip: string;
  method: string;
  path: string;
}

async function insertEvent(executor: DB, e: EventRow) {
  await executor.insertInto("audit_events").values({
    actor_user_id: e.actorUserId,
    actor_org_id: e.actorOrgId,
    action: e.action,
    subject_type: e.subject?.type ?? null,
    subject_id: e.subject?.id ?? null,
    subject_org_id: e.subject?.orgId ?? null,
    ip: e.ip,
    method: e.method,
    path: auditPath(e.path),
    detail: sql`cast(${JSON.stringify(e.detail ?? {})}::text as jsonb)`,
  }).execute();
}

/**
 * A 403 answered anywhere (a loader, an action, the CSRF check): called by server.ts once the response
 * is sent, so every refusal is counted in one place whichever code refused; the first of each address's
 * minute are recorded in full, the rest summarised (audit-refusals.server.ts).
 */
// Refusals are recorded after their answer is sent: these are the writes still under way, so shutting down
// (the web process, or a test file) waits for them before it closes the database under them.
const refusalsInFlight = new Set<Promise<void>>();

/** Records a refusal after its answer, without holding the response; see settleAuditWrites. */
export function auditRefusalAfterAnswer(input: Parameters<typeof auditRefusal>[0]): void {
  const write = auditRefusal(input).finally(() => refusalsInFlight.delete(write));
  refusalsInFlight.add(write);
}

/** Waits for refusals still being recorded (each logs its own failure). */
export async function settleAuditWrites(): Promise<void> {
  await Promise.allSettled([...refusalsInFlight]);
}

export async function auditRefusal(input: { cookie: string | undefined; ip: string; method: string; path: string }) {
  try {
    const token = readSessionToken(new Request("http://local.invalid/", { headers: input.cookie ? { cookie: input.cookie } : {} }));
    const session = token && /^[a-z2-7]{32}$/.test(token)
      ? await db().selectFrom("sessions").select(["user_id", "active_org_id"]).where("id", "=", sessionIdFromToken(token)).executeTakeFirst()
      : undefined;
    await recordRefusal(db(), {
      actorUserId: session?.user_id ?? null,
      actorOrgId: session?.active_org_id ?? null,
      ip: input.ip,
      method: input.method,
      path: input.path,
    });
  } catch (err) {
    logger.error({ err }, "refusal not recorded in the audit trail");
  }
}
