// Every export is in the audit trail: who took which file of what (challenge, format, how many rows), never
// the rows themselves. Unlike a page view, the row is written before the file is handed over and a failure
// to write it fails the download (audit with an executor throws): a file of personal data leaves only on
// the record.
import type { Actor } from "../auth.server";
import { audit, type AuditSubject } from "../audit.server";
import { db } from "../connections.server";

export type ExportKind = "proposals" | "proposal-pack" | "shortlist";

export async function recordExport(
  request: Request, actor: Actor, subject: AuditSubject,
  detail: { export: ExportKind; format: "csv" | "xlsx" | "pdf"; rows: number; challengeId: string; proposalId?: string },
): Promise<void> {
  await audit(db(), request, { action: "data.exported", subject, detail }, { userId: actor.user.id, orgId: actor.org?.orgId ?? null });
}
