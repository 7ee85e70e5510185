// Screening on the demo's closed vaccination challenge (decision 028): one proposal checked and eligible, one
// not eligible with the reason its applicant reads; the assignment job will leave the second out.
import { db } from "../../app/server/connections.server";
import { screenProposal } from "../../app/server/judging/screening.server";
import type { Cast } from "./cast";
import { signedIn } from "./support";

export async function playScreening(cast: Cast, challengeId: string): Promise<void> {
  const health = cast.member("health");
  const screener = { userId: health.userId, challengeId, orgId: health.orgId! };
  const byTitle = new Map((await db().selectFrom("proposals").select(["id", "title"]).where("challenge_id", "=", challengeId).execute()).map((p) => [p.title, p.id]));
  const decide = async (title: string, eligibility: "eligible" | "ineligible", reason = "") => {
    const proposalId = byTitle.get(title);
    if (!proposalId || !(await screenProposal(await signedIn(health, `/my/challenges/${challengeId}/proposals/${proposalId}`), screener, { proposalId, eligibility, reason }))) {
      throw new Error(`demo seed: could not screen "${title}"`);
    }
  };
  await decide("Trusted messengers for vaccine uptake", "eligible");
  await decide("Clinic booking by text message", "ineligible",
    "The challenge asks for an organisation registered in the UK, and your answer says FairRent Tech is not registered yet. You are welcome to apply to a later challenge once it is.");
}
