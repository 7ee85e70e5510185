// Emails about a panel's consensus, each written in the transaction of the change it reports. Like every
// judging notice they name the challenge, never the proposal (its title may name a blind applicant), and
// never a score.
import type { DB } from "../../../db/client";
import { appUrl, notify, notifyAll } from "../notifications.server";

const panelLink = (proposalId: string) => appUrl(`/judging/proposals/${proposalId}/panel`);

/** The judge the owner chose is asked to write the report. */
export async function notifyRapporteurChosen(executor: DB, r: { userId: string; proposalId: string; judgeId: string; challengeTitle: string }): Promise<void> {
  await notify(executor, {
    userId: r.userId,
    kind: "rapporteur_chosen",
    subject: `You are the rapporteur for a proposal: ${r.challengeTitle}`,
    body: `The challenge owner has asked you to write the panel's consensus report on a proposal to "${r.challengeTitle}": a score for each criterion and a summary the applicant will read, after the panel's discussion.\n${panelLink(r.proposalId)}`,
    dedupeKey: `rapporteur:${r.proposalId}:${r.judgeId}`,
  });
}

/** Every judge on the panel hears that the report is submitted. */
export async function notifyConsensusSubmitted(executor: DB, r: { proposalId: string; challengeTitle: string; userIds: string[] }): Promise<void> {
  await notifyAll(executor, r.userIds.map((userId) => ({
    userId,
    kind: "consensus_submitted" as const,
    subject: `Consensus report submitted: ${r.challengeTitle}`,
    body: `The rapporteur has submitted the panel's consensus report on a proposal to "${r.challengeTitle}". You can read it with the panel's discussion:\n${panelLink(r.proposalId)}`,
    dedupeKey: `consensus:${r.proposalId}`,
  })));
}
