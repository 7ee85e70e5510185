// Eligibility screening (decision 028). After the deadline, and before a judge has started on it, the
// challenge's owner (or the programme office) marks a submitted proposal eligible or ineligible; an
// ineligible one needs a reason, which the applicant reads, and loses its unstarted assignments. The
// assignment job and the hand edits never give an ineligible proposal to a judge.
import { sql } from "kysely";
import type { Eligibility } from "../../../db/schema";
import { audit } from "../audit.server";
import { db } from "../connections.server";
import { appUrl, notifyOrgMembers } from "../notifications.server";
import { RuleError } from "../rule-error.server";

export const GIVE_A_REASON = "Give the reason the proposal is not eligible: the applicant will read it";
export const NOT_YET_CLOSED = "Proposals can be screened once the challenge has closed";
export const JUDGING_STARTED = "A judge has started reviewing this proposal, so its eligibility can no longer change";

interface Screener { userId: string; challengeId: string; orgId: string }

/** Returns false when the proposal is not one of this challenge's submitted proposals. */
export async function screenProposal(request: Request, s: Screener, input: { proposalId: string; eligibility: Exclude<Eligibility, "unscreened">; reason: string }): Promise<boolean> {
  if (input.eligibility === "ineligible" && !input.reason) throw new RuleError(GIVE_A_REASON, "reason");
  return db().transaction().execute(async (tx) => {
    const p = await tx.selectFrom("proposals").innerJoin("challenges", "challenges.id", "proposals.challenge_id")
      .select(["proposals.id", "proposals.org_id", "proposals.title", "proposals.eligibility", "challenges.title as challenge_title",
        sql<boolean>`challenges.closes_at <= now()`.as("closed")])
      .where("proposals.id", "=", input.proposalId).where("proposals.challenge_id", "=", s.challengeId)
      .where("challenges.org_id", "=", s.orgId).where("proposals.status", "in", ["submitted", "under_review"])
      .forUpdate("proposals").executeTakeFirst();
    if (!p) return false;
    if (!p.closed) throw new RuleError(NOT_YET_CLOSED, "eligibility");
    const started = await tx.selectFrom("reviews").select("id").where("proposal_id", "=", p.id)
      .where("status", "in", ["in_progress", "submitted"]).limit(1).executeTakeFirst();
    if (started) throw new RuleError(JUDGING_STARTED, "eligibility");
    const reason = input.eligibility === "ineligible" ? input.reason : "";
    await tx.updateTable("proposals").set({
      eligibility: input.eligibility, eligibility_reason: reason, screened_by: s.userId, screened_at: sql`now()`, updated_at: sql`now()`,
    }).where("id", "=", p.id).execute();
    if (input.eligibility === "ineligible") {
      await tx.deleteFrom("reviews").where("proposal_id", "=", p.id).where("status", "=", "assigned").execute();
      await tx.updateTable("proposals").set({ status: "submitted" }).where("id", "=", p.id).where("status", "=", "under_review").execute();
    }
    await audit(tx, request, { action: "proposal.screened", subject: { type: "proposal", id: p.id, orgId: p.org_id }, detail: { eligibility: input.eligibility } });
    // The applicant hears of a change of decision, not of the same decision again.
    if (p.eligibility !== input.eligibility) {
      await notifyOrgMembers(tx, p.org_id, {
        kind: "proposal_screened",
        subject: input.eligibility === "eligible" ? `Your proposal is eligible: ${p.title}` : `Your proposal is not eligible: ${p.title}`,
        body: input.eligibility === "eligible"
          ? `The public body running "${p.challenge_title}" has checked your proposal "${p.title}" and it is eligible. It goes forward to the judges.\n${appUrl(`/my/proposals/${p.id}`)}`
          : `The public body running "${p.challenge_title}" has checked your proposal "${p.title}" and it is not eligible, so it will not be judged. The reason is on your proposal's page:\n${appUrl(`/my/proposals/${p.id}`)}`,
      });
    }
    return true;
  });
}
