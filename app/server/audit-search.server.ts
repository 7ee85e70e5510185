// Searching and reading the audit trail (audit.server writes it): the programme office's search, and what an organisation may see of it (who
// has looked at its proposals and their files).
import { sql } from "kysely";
import { z } from "zod";
import { AUDIT_ACTIONS } from "../lib/audit-actions";
import { db } from "./connections.server";

export const AUDIT_PAGE_SIZE = 50;

const date = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date in the format YYYY-MM-DD")
  .refine((s) => !Number.isNaN(Date.parse(s)), "Enter a real date");

/** The admin search form, posted (not a GET) so that a name or email typed into it never lands in a URL, log or Referer. */
export const auditSearchSchema = z.object({
  action: z.enum(Object.keys(AUDIT_ACTIONS) as [keyof typeof AUDIT_ACTIONS, ...(keyof typeof AUDIT_ACTIONS)[]], { message: "Choose an action from the list" }).optional(),
  who: z.string().trim().max(200, "Enter 200 characters or fewer").optional(),
  subject: z.string().trim().max(200, "Enter 200 characters or fewer").optional(),
  ip: z.string().trim().max(64, "Enter 64 characters or fewer").optional(),
  from: date.optional(),
  to: date.optional(),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
}).refine((v) => !v.from || !v.to || v.from <= v.to, { message: "The end date must be the same as or after the start date", path: ["to"] });

export type AuditSearch = z.infer<typeof auditSearchSchema>;

export async function searchAuditEvents(f: AuditSearch) {
  let q = db().selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.actor_user_id")
    .leftJoin("organisations", "organisations.id", "audit_events.actor_org_id");
  if (f.action) q = q.where("audit_events.action", "=", f.action);
  if (f.who) {
    const like = `%${f.who.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb("users.email", "ilike", like), eb("users.name", "ilike", like)]));
  }
  if (f.subject) q = q.where("audit_events.subject_id", "=", f.subject);
  if (f.ip) q = q.where("audit_events.ip", "=", f.ip);
  if (f.from) q = q.where("audit_events.at", ">=", sql<Date>`${f.from}::date`);
  if (f.to) q = q.where("audit_events.at", "<", sql<Date>`${f.to}::date + 1`);
  const [rows, total] = await Promise.all([
    q.select([
      "audit_events.id", "audit_events.at", "audit_events.action", "audit_events.subject_type", "audit_events.subject_id",
      "audit_events.ip", "audit_events.method", "audit_events.path", "audit_events.detail",
      "users.name as actor_name", "users.email as actor_email", "organisations.name as actor_org",
    ])
      .orderBy("audit_events.id", "desc")
      .limit(AUDIT_PAGE_SIZE).offset((f.page - 1) * AUDIT_PAGE_SIZE).execute(),
    q.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return {
    events: rows.map((r) => ({ ...r, detail: r.detail as Record<string, unknown> })),
    total: Number(total.n),
    pageCount: Math.max(1, Math.ceil(Number(total.n) / AUDIT_PAGE_SIZE)),
  };
}

export interface ProposalViewRow {
  at: Date;
  proposalId: string;
  proposalTitle: string;
  /** The viewer as the applicant may know them: a judge only as "Judge N" on that proposal. */
  viewer: string;
  viewerOrg: string | null;
  viewedAs: string;
}

/**
 * Who outside the organisation has opened its proposals, newest first, at most `limit` rows.
 * Judges appear as "Judge 1", "Judge 2"… numbered per proposal by their first view (over the whole
 * trail, not just the rows shown): the applicant learns how many judges looked and when, but not who
 * (feedback is anonymous; reviews can be blind).
 */
export async function proposalViewsForOrg(orgId: string, limit = 500): Promise<ProposalViewRow[]> {
  const views = () => db().selectFrom("audit_events")
    .where("audit_events.subject_org_id", "=", orgId)
    .where("audit_events.action", "=", "proposal.viewed")
    .where((w) => w.or([w("audit_events.actor_org_id", "is", null), w("audit_events.actor_org_id", "!=", orgId)]));
  const judgeNumbers = views()
    .where(sql<boolean>`audit_events.detail->>'as' = 'judge'`)
    .select([
      "audit_events.subject_id",
      sql<string>`coalesce(audit_events.actor_user_id::text, '')`.as("judge_key"),
      sql<string>`row_number() over (partition by audit_events.subject_id order by min(audit_events.id))`.as("n"),
    ])
    .groupBy(["audit_events.subject_id", "audit_events.actor_user_id"]);
  const rows = await views()
    .innerJoin("proposals", (j) => j.on(sql`proposals.id::text`, "=", sql.ref("audit_events.subject_id")).onRef("proposals.org_id", "=", "audit_events.subject_org_id"))
    .leftJoin("users", "users.id", "audit_events.actor_user_id")
    .leftJoin("organisations", "organisations.id", "audit_events.actor_org_id")
    .leftJoin(judgeNumbers.as("judge_numbers"), (j) => j
      .onRef("judge_numbers.subject_id", "=", "audit_events.subject_id")
      .on(sql`judge_numbers.judge_key`, "=", sql`coalesce(audit_events.actor_user_id::text, '')`))
    .select([
      "audit_events.at", "audit_events.detail", "proposals.id as proposal_id", "proposals.title",
      "users.name as actor_name", "organisations.name as actor_org", "judge_numbers.n as judge_number",
    ])
    .orderBy("audit_events.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r): ProposalViewRow => {
    const as = String((r.detail as { as?: unknown }).as ?? "");
    const viewer = as === "judge" ? `Judge ${r.judge_number}` : r.actor_name ?? "Deleted user";
    const viewerOrg = as === "judge" ? null : as === "admin" ? "Programme office" : r.actor_org;
    return { at: r.at, proposalId: r.proposal_id, proposalTitle: r.title, viewer, viewerOrg, viewedAs: as };
  });
}
