// What the demo seed needs to act as the product's users: forms parsed by the product's own schemas, dates
// as GOV.UK date inputs send them, an audit event as a route records it, and background jobs run in-process.
import type { Job } from "bullmq";
import type { z } from "zod";
import { audit, CLIENT_IP_HEADER, type AuditEvent } from "../../app/server/audit.server";
import { db } from "../../app/server/connections.server";
import { appUrl } from "../../app/server/notifications.server";
import { getActor } from "../../app/server/auth.server";
import { createSession, generateSessionToken, SESSION_COOKIE } from "../../app/server/session.server";
import { ukDay } from "../../app/lib/pilots";
import { executeRun, type RunContext } from "../../jobs/runs";
import type { RunKind } from "../../jobs/queues";

export const DAY = 86_400_000;

/** A demo person acting for one of their organisations (or none: a judge, the programme office). */
export interface Person {
  userId: string;
  orgId: string | null;
  email: string;
  /** Where their requests come from (documentation ranges only: RFC 5737). */
  ip: string;
}

/**
 * The form's values parsed by the product's own schema, as the route does before calling a command: a value
 * the form would refuse stops the seed with the form's messages instead of reaching the database.
 */
export function form<S extends z.ZodTypeAny>(schema: S, values: Record<string, unknown>): z.output<S> {
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    throw new Error(`demo seed: the form refused ${JSON.stringify(values).slice(0, 200)}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}

/** The London day `days` from now (negative: in the past), as YYYY-MM-DD. */
export const ukDayIn = (days: number) => ukDay(new Date(Date.now() + days * DAY));

/** A GOV.UK date input's day, month and year for the London day `days` from now. */
export function dayInput(days: number): { day: string; month: string; year: string } {
  const [year, month, day] = ukDayIn(days).split("-");
  return { day: String(Number(day)), month: String(Number(month)), year: year! };
}

/** A request as this person's browser would send it, for the audit trail's address, method and path. */
function requestAs(person: Pick<Person, "ip">, path: string, method: string): Request {
  return new Request(appUrl(path), { method, headers: { [CLIENT_IP_HEADER]: person.ip } });
}

/**
 * A request from this person's browser, signed in (a session written as signing in writes it, second factor
 * given): for commands that check who is asking and audit it themselves, as their routes call them.
 */
export async function signedIn(person: Person, path: string, method = "POST"): Promise<Request> {
  const token = generateSessionToken();
  await createSession(token, person.userId, person.orgId, { twoFactorVerified: true });
  const request = new Request(appUrl(path), { method, headers: { [CLIENT_IP_HEADER]: person.ip, Cookie: `${SESSION_COOKIE}=${token}` } });
  // Read who is asking now, as the route's requireActor would, so a command's audit row never waits for it mid-transaction.
  await getActor(request);
  return request;
}

/** Records what a route records after the same command (its action, subject and detail). */
export async function recordAs(person: Person | null, path: string, event: AuditEvent, method = "POST"): Promise<void> {
  const request = requestAs(person ?? { ip: "203.0.113.50" }, path, method);
  await audit(request, event, person ? { userId: person.userId, orgId: person.orgId } : { userId: null });
}

const fakeJob = (runId: string) =>
  ({ data: { runId }, attemptsMade: 0, opts: { attempts: 1 }, updateProgress: async () => {} }) as unknown as Job<{ runId: string }>;

/**
 * Runs a background job here and now, as the worker would: a job_runs row as the page's button writes it
 * (requestRun, without putting it on a queue: nothing else is running yet), then the worker's handler
 * through executeRun. Returns the run's result; a run that fails stops the seed.
 */
export async function runJob(kind: RunKind, challengeId: string | null, requestedBy: string, work: (ctx: RunContext) => Promise<unknown>): Promise<unknown> {
  const run = await db().insertInto("job_runs").values({ kind, challenge_id: challengeId, requested_by: requestedBy })
    .returning("id").executeTakeFirstOrThrow();
  await executeRun(db(), fakeJob(run.id), async (ctx) => void (await work(ctx)));
  const done = await db().selectFrom("job_runs").select(["status", "message", "result"]).where("id", "=", run.id).executeTakeFirstOrThrow();
  if (done.status !== "completed") throw new Error(`demo seed: the ${kind} job ended ${done.status}: ${done.message}`);
  return done.result;
}
