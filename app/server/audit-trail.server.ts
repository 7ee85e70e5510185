// Reading the audit trail: the programme office's search, and what an organisation may see of it (who
// has looked at its proposals and their files).
import { sql } from "kysely";
import { z } from "zod";
import { AUDIT_ACTIONS } from "../lib/audit-actions";
import { db } from "./connections.server";

export const AUDIT_PAGE_SIZE = 50;

const date = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date in the format YYYY-MM-DD")
  .refine((s) => !Number.isNaN(Date.parse(s)), "Enter a real date");

/** The admin search form (a GET form: filters live in the URL, which holds no personal data but an email fragment the admin typed). */
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
  action: "proposal.viewed" | "attachment.downloaded";
  /** The viewer as the applicant may know them: a judge only as "Judge N" on that proposal. */
  viewer: string;
  viewerOrg: string | null;
  viewedAs: string;
}

/**
 * Who outside the organisation has seen its proposals or downloaded their files, newest first.
 * Judges appear as "Judge 1", "Judge 2"… numbered per proposal by first view: the applicant learns how
 * many judges looked and when, but not who (feedback is anonymous; reviews can be blind).
 */
export async function proposalViewsForOrg(orgId: string, limit = 500): Promise<ProposalViewRow[]> {
  const rows = await db().selectFrom("audit_events")
    .innerJoin("proposals", (j) => j.on(sql`proposals.id::text`, "=", sql.ref("audit_events.subject_id")).onRef("proposals.org_id", "=", "audit_events.subject_org_id"))
    .leftJoin("users", "users.id", "audit_events.actor_user_id")
    .leftJoin("organisations", "organisations.id", "audit_events.actor_org_id")
    .select([
      "audit_events.at", "audit_events.action", "audit_events.actor_user_id", "audit_events.detail",
      "proposals.id as proposal_id", "proposals.title", "users.name as actor_name", "users.is_admin", "organisations.name as actor_org",
    ])
    .where("audit_events.subject_org_id", "=", orgId)
    .where("audit_events.action", "=", "proposal.viewed")
    .where((eb) => eb.or([eb("audit_events.actor_org_id", "is", null), eb("audit_events.actor_org_id", "!=", orgId)]))
    .orderBy("audit_events.id", "asc")
    .execute();
  const judgeNumbers = new Map<string, Map<string, number>>();
  const out = rows.map((r): ProposalViewRow => {
    const as = String((r.detail as { as?: unknown }).as ?? "");
    let viewer = r.actor_name ?? "Unknown";
    let viewerOrg = r.actor_org;
    if (as === "judge") {
      const numbers = judgeNumbers.get(r.proposal_id) ?? new Map<string, number>();
      judgeNumbers.set(r.proposal_id, numbers);
      const key = r.actor_user_id ?? "";
      if (!numbers.has(key)) numbers.set(key, numbers.size + 1);
      viewer = `Judge ${numbers.get(key)}`;
      viewerOrg = null;
    } else if (as === "admin") {
      viewerOrg = "Programme office";
    }
    return { at: r.at, proposalId: r.proposal_id, proposalTitle: r.title, action: "proposal.viewed", viewer, viewerOrg, viewedAs: as };
  });
  return out.reverse().slice(0, limit);
}
