// The demo's exports (decision 024), made through the export functions their routes call, so the audit trail
// shows them as it would after real downloads: Camden Council takes its judged challenge's proposals as CSV
// and its top proposal's pack as a PDF, and Meridian Cloud Services its shortlist as a spreadsheet.
import { sql } from "kysely";
import { db } from "../../app/server/connections.server";
import { exportChallengeProposals, exportProposalPack } from "../../app/server/exports/proposals.server";
import { exportShortlist } from "../../app/server/exports/shortlist.server";
import { requireChallengeManager } from "../../app/server/judging/manager.server";
import { requirePermission } from "../../app/server/permissions.server";
import type { Cast } from "./cast";
import { signedIn } from "./support";

export async function seedExports(cast: Cast): Promise<void> {
  const camden = cast.member("camden");
  const judged = await db().selectFrom("proposal_scores").innerJoin("challenges", "challenges.id", "proposal_scores.challenge_id")
    .select(["challenges.id", "proposal_scores.proposal_id"]).where("challenges.org_id", "=", camden.orgId!)
    .orderBy("challenges.closes_at").orderBy("proposal_scores.rank").executeTakeFirst();
  if (!judged) throw new Error("demo seed: Camden Council has no scored challenge to export");
  const csvRequest = await signedIn(camden, `/my/challenges/${judged.id}/proposals.csv`, "GET");
  const managed = await requireChallengeManager(csvRequest, judged.id);
  await exportChallengeProposals(csvRequest, managed.actor, managed.challenge, "csv");
  const packRequest = await signedIn(camden, `/my/challenges/${judged.id}/proposals/${judged.proposal_id}/pack.pdf`, "GET");
  if (!(await exportProposalPack(packRequest, managed.actor, managed.challenge, judged.proposal_id))) throw new Error("demo seed: the top proposal's pack was not found");

  const meridian = cast.member("meridian");
  const sponsorship = await db().selectFrom("sponsorships").select("sponsorships.id")
    .where("sponsorships.org_id", "=", meridian.orgId!).where("sponsorships.status", "=", "accepted")
    .where(sql<boolean>`EXISTS (SELECT 1 FROM proposals p WHERE p.challenge_id = sponsorships.challenge_id AND p.status IN ('shortlisted', 'paired', 'piloting'))`)
    .orderBy("sponsorships.created_at").executeTakeFirst();
  if (!sponsorship) throw new Error("demo seed: Meridian Cloud Services sponsors no shortlist to export");
  const shortlistRequest = await signedIn(meridian, `/my/sponsorships/${sponsorship.id}/shortlist.xlsx`, "GET");
  const sponsor = await requirePermission(shortlistRequest, "offer:sponsorship");
  if (!(await exportShortlist(shortlistRequest, sponsor, sponsorship.id, "xlsx"))) throw new Error("demo seed: Meridian's shortlist was not exported");
}
