// The sponsor's shortlist file: exactly what its shortlist page shows (readShortlistAsSponsor, which records
// each proposal's view for its applicant), so a blind challenge's file names no applicant, no team and no
// original file name until the pairing is published, as the page does not.
import type { Actor, Membership } from "../auth.server";
import { listProposalAttachments } from "../attachments/attachments.server";
import { getOrgSponsorship, readShortlistAsSponsor } from "../sponsorship/sponsorships.server";
import { recordExport } from "./record.server";
import { fileSlug } from "./response.server";
import { figure, tableFile, type ExportFile, type TableFormat } from "./table-file.server";

export const APPLICANT_WITHHELD = "Applicant withheld";

/**
 * The corporate's own sponsorship's shortlist, or null (→ 404) for another corporate's sponsorship or one
 * the owner has not accepted (its page lists no proposals).
 */
export async function exportShortlist(request: Request, actor: Actor & { org: Membership }, sponsorshipId: string, format: TableFormat): Promise<ExportFile | null> {
  const sponsorship = await getOrgSponsorship({ id: sponsorshipId, orgId: actor.org.orgId });
  if (!sponsorship || sponsorship.status !== "accepted") return null;
  const shortlist = await readShortlistAsSponsor(request, sponsorship);
  const attachments = await listProposalAttachments(shortlist.map((p) => p.id), { neutral: sponsorship.blind_review && !sponsorship.pairing_published_at });
  const table = {
    sheet: "Shortlist",
    header: ["Title", "Applicant", "Readiness level (TRL)", "Calibrated score", "Summary", "Tags", "Support needed", "Files"],
    rows: shortlist.map((p) => [
      p.title, p.org_name ?? APPLICANT_WITHHELD, p.trl, figure(p.calibrated), p.summary, p.tags.join(", "), p.needs_names.join(", "),
      (attachments[p.id] ?? []).map((a) => a.name).join("; "),
    ]),
  };
  const file = await tableFile(table, format, `shortlist-${fileSlug(sponsorship.challenge_title)}`);
  await recordExport(request, actor, { type: "sponsorship", id: sponsorship.id, orgId: actor.org.orgId },
    { export: "shortlist", format, rows: table.rows.length, challengeId: sponsorship.challenge_id });
  return file;
}
