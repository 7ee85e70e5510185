// Emails for pairing: publication to both sides of each pair, and one side's answer to the other, each
// written in the transaction of the change it reports.
import type { DB } from "../../../db/client";
import { appUrl, notifyOrgMembers } from "../notifications.server";

async function pairParties(executor: DB, pairingIds: string[]) {
  if (pairingIds.length === 0) return [];
  return executor.selectFrom("pairings")
    .innerJoin("proposals", "proposals.id", "pairings.proposal_id")
    .innerJoin("sponsorships", "sponsorships.id", "pairings.sponsorship_id")
    .innerJoin("challenges", "challenges.id", "pairings.challenge_id")
    .select(["pairings.id", "proposals.id as proposal_id", "proposals.title", "proposals.org_id as startup_org_id",
      "sponsorships.id as sponsorship_id", "sponsorships.org_id as sponsor_org_id", "challenges.title as challenge_title"])
    .where("pairings.id", "in", pairingIds).execute();
}

export async function notifyPairingPublished(executor: DB, pairingIds: string[]) {
  for (const p of await pairParties(executor, pairingIds)) {
    const subject = `Proposed partnership: ${p.challenge_title}`;
    await notifyOrgMembers(executor, p.startup_org_id, {
      kind: "pairing_published", subject,
      body: `The programme has proposed a corporate sponsor for your proposal "${p.title}" to "${p.challenge_title}". Accept or decline here:\n${appUrl(`/my/proposals/${p.proposal_id}`)}`,
    });
    await notifyOrgMembers(executor, p.sponsor_org_id, {
      kind: "pairing_published", subject,
      body: `The programme has proposed a start-up for your sponsorship of "${p.challenge_title}". Accept or decline here:\n${appUrl(`/my/sponsorships/${p.sponsorship_id}`)}`,
    });
  }
}

/** The other side hears of one side's answer, in the answer's transaction. */
export async function notifyPartnerResponse(
  executor: DB,
  p: { proposal_id: string; title: string; sponsorship_id: string; startup_org_id: string; sponsor_org_id: string; challenge_title: string },
  side: "startup" | "sponsor",
  accepted: boolean,
) {
  const other = side === "startup" ? p.sponsor_org_id : p.startup_org_id;
  const who = side === "startup" ? "The start-up" : "The sponsor";
  const link = side === "startup" ? appUrl(`/my/sponsorships/${p.sponsorship_id}`) : appUrl(`/my/proposals/${p.proposal_id}`);
  await notifyOrgMembers(executor, other, {
    kind: "partner_response",
    subject: `Partnership ${accepted ? "accepted" : "declined"}: ${p.challenge_title}`,
    body: `${who} has ${accepted ? "accepted" : "declined"} the proposed partnership for "${p.title}" (${p.challenge_title}).\n${link}`,
  });
}
